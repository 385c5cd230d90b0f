import { randomUUID } from 'node:crypto';
import type { CleanupRunResult } from '../../workflows/cleanup.workflow';
import { temporal } from '@temporalio/proto';
import { BookingEntity } from '../../src/db/entities';
import type { TProposal } from '../../src/schemas/proposal.schema';
import { confirmOverHttp, createProposalOverHttp, eventually, postProposal, proposalBody } from '../helpers/proposal-api';
import { nextOpenDate } from '../helpers/test-dates';
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe';
import { useWorkerTestbed, type WorkerTestbed } from '../helpers/worker-testbed';

/** A proposal confirmed over HTTP: its booking holds the date while the workflow waits for the payment. */
async function holdDate(bed: WorkerTestbed, date: string): Promise<{ proposal: TProposal; bookingId: string }> {
  const proposal = await createProposalOverHttp(bed.t.app, bed.owner, date);
  const confirmed = await confirmOverHttp(bed.t.app, bed.owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
  expect(confirmed.statusCode).toBe(200);
  return { proposal, bookingId: confirmed.json().booking.id };
}

/** The hold has passed: as if the booking was made PAYMENT_HOLD + 2 hours ago. */
async function ageBooking(bed: WorkerTestbed, bookingId: string): Promise<void> {
  await bed.t.db.query(`UPDATE bookings SET created_at = now() - make_interval(secs => $2::double precision / 1000) - interval '2 hours' WHERE id = $1`, [
    bookingId,
    bed.t.config.PAYMENT_HOLD,
  ]);
}

/** Waiting for the payment (its hold timer started), then terminated by an operator. */
async function terminateWhileAwaitingPayment(bed: WorkerTestbed, proposalId: string): Promise<void> {
  const handle = bed.t.temporal.client.workflow.getHandle(`proposal-${proposalId}`);
  await eventually(async () => (await handle.fetchHistory()).events?.at(-1)?.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED);
  await handle.terminate('operator stopped it');
}

function runSweep(bed: WorkerTestbed): Promise<CleanupRunResult> {
  return bed.t.temporal.client.workflow.execute('cleanupStaleRecords', { taskQueue: bed.t.config.TEMPORAL_TASK_QUEUE, workflowId: `cleanup-${randomUUID()}` });
}

const bookingStatus = async (bed: WorkerTestbed, id: string) => (await bed.t.db.getRepository(BookingEntity).findOneByOrFail({ id })).status;

describe('no booking holds a date forever: the cleanup sweep releases holds whose workflow closed', () => {
  const bed = useWorkerTestbed();

  it('a workflow terminated mid-flow leaves its date held until the sweep, then the date is bookable again', async () => {
    const date = nextOpenDate(bed.owner);
    const abandoned = await holdDate(bed, date);
    await terminateWhileAwaitingPayment(bed, abandoned.proposal.id);
    expect((await postProposal(bed.t.app, bed.owner.publishableKey, proposalBody(bed.owner, date))).statusCode).toBe(409);

    // A hold of a workflow that is still running stays, however old: that workflow ends it itself.
    const running = await holdDate(bed, nextOpenDate(bed.owner));
    await ageBooking(bed, running.bookingId);
    await ageBooking(bed, abandoned.bookingId);

    const result = await runSweep(bed);
    expect(result.releasedHolds).toBeGreaterThanOrEqual(1);
    expect(await bookingStatus(bed, abandoned.bookingId)).toBe('EXPIRED');
    expect(await bookingStatus(bed, running.bookingId)).toBe('PENDING');

    const again = await holdDate(bed, date);
    expect(await bookingStatus(bed, again.bookingId)).toBe('PENDING');
  });
});

describe('a paid hold whose workflow was terminated before settling it is settled by the sweep', () => {
  let stripe: FakeStripe;
  beforeAll(async () => {
    stripe = await startFakeStripe();
  });
  afterAll(() => stripe.close());
  const bed = useWorkerTestbed(() => stripe.configOverrides());

  it('the sweep finds the session paid at Stripe and hands it to the late-payment settlement: the booking confirms once', async () => {
    const held = await holdDate(bed, nextOpenDate(bed.owner));
    await terminateWhileAwaitingPayment(bed, held.proposal.id);
    // The customer paid; the webhook reached the workflow, which was terminated before it settled.
    const booking = await bed.t.db.getRepository(BookingEntity).findOneByOrFail({ id: held.bookingId });
    stripe.markSessionPaid(booking.stripeCheckoutSessionId ?? '');
    await ageBooking(bed, held.bookingId);

    await runSweep(bed);
    await eventually(async () => (await bookingStatus(bed, held.bookingId)) === 'CONFIRMED');
    // A second sweep finds nothing left to do.
    await runSweep(bed);
    expect(await bookingStatus(bed, held.bookingId)).toBe('CONFIRMED');
    expect(stripe.refunds).toHaveLength(0);
  });
});
