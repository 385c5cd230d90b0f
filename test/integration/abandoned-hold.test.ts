import { randomUUID } from 'node:crypto';
import type { CleanupRunResult } from '../../workflows/cleanup.workflow';
import { temporal } from '@temporalio/proto';
import { BookingEntity } from '../../src/db/entities';
import type { TProposal } from '../../src/schemas/proposal.schema';
import { confirmOverHttp, createProposalOverHttp, eventually, postProposal, proposalBody } from '../helpers/proposal-api';
import { nextOpenDate } from '../helpers/test-dates';
import { useWorkerTestbed } from '../helpers/worker-testbed';

describe('no booking holds a date forever: the cleanup sweep releases holds whose workflow closed', () => {
  const bed = useWorkerTestbed();

  async function holdDate(date: string): Promise<{ proposal: TProposal; bookingId: string }> {
    const proposal = await createProposalOverHttp(bed.t.app, bed.owner, date);
    const confirmed = await confirmOverHttp(bed.t.app, bed.owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    return { proposal, bookingId: confirmed.json().booking.id };
  }

  /** The hold has passed: as if the booking was made PAYMENT_HOLD + 2 hours ago. */
  async function ageBooking(bookingId: string): Promise<void> {
    await bed.t.db.query(`UPDATE bookings SET created_at = now() - make_interval(secs => $2::double precision / 1000) - interval '2 hours' WHERE id = $1`, [
      bookingId,
      bed.t.config.PAYMENT_HOLD,
    ]);
  }

  const bookingStatus = async (id: string) => (await bed.t.db.getRepository(BookingEntity).findOneByOrFail({ id })).status;

  it('a workflow terminated mid-flow leaves its date held until the sweep, then the date is bookable again', async () => {
    const date = nextOpenDate(bed.owner);
    const abandoned = await holdDate(date);
    const { client } = bed.t.temporal;
    const handle = client.workflow.getHandle(`proposal-${abandoned.proposal.id}`);
    // Mid-flow: waiting for the payment (its hold timer started), the date held.
    await eventually(async () => (await handle.fetchHistory()).events?.at(-1)?.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED);
    await handle.terminate('operator stopped it');
    expect((await postProposal(bed.t.app, bed.owner.publishableKey, proposalBody(bed.owner, date))).statusCode).toBe(409);

    // A hold of a workflow that is still running stays, however old: that workflow ends it itself.
    const running = await holdDate(nextOpenDate(bed.owner));
    await ageBooking(running.bookingId);
    await ageBooking(abandoned.bookingId);

    const result: CleanupRunResult = await client.workflow.execute('cleanupStaleRecords', {
      taskQueue: bed.t.config.TEMPORAL_TASK_QUEUE,
      workflowId: `cleanup-${randomUUID()}`,
    });
    expect(result.releasedHolds).toBeGreaterThanOrEqual(1);
    expect(await bookingStatus(abandoned.bookingId)).toBe('EXPIRED');
    expect(await bookingStatus(running.bookingId)).toBe('PENDING');

    const again = await holdDate(date);
    expect(await bookingStatus(again.bookingId)).toBe('PENDING');
  });
});
