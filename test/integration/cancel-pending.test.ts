import { BookingEntity } from '../../src/db/entities';
import { useWorkerTestbed } from '../helpers/worker-testbed';
import { confirmOverHttp, createProposalOverHttp, eventually, getProposalOverHttp } from '../helpers/proposal-api';
import { nextOpenDate } from '../helpers/test-dates';

describe('the back office cancels a booking that is waiting for its payment', () => {
  const bed = useWorkerTestbed();

  it('ends the payment hold at once: the proposal is PAYMENT_EXPIRED and the booking stays CANCELED', async () => {
    const proposal = await createProposalOverHttp(bed.t.app, bed.owner, nextOpenDate(bed.owner));
    const confirmed = await confirmOverHttp(bed.t.app, bed.owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    const bookingId: string = confirmed.json().booking.id;

    const cancel = await bed.t.app.inject({
      method: 'POST',
      url: `/v1/admin/bookings/${bookingId}/cancel`,
      headers: { authorization: `Bearer ${bed.owner.secretKey}` },
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe('CANCELED');

    // The hold is an hour (PAYMENT_HOLD default); the workflow ends well before it.
    const ended = await eventually(async () => {
      const view = (await getProposalOverHttp(bed.t.app, bed.owner.publishableKey, proposal.id, proposal.sessionId)).json();
      return view.status === 'PAYMENT_EXPIRED' ? view : undefined;
    });
    expect(ended.booking.status).toBe('CANCELED');
    const state = await bed.t.temporal.client.workflow.getHandle(`proposal-${proposal.id}`).query<{ failureReason?: string }>('state');
    expect(state.failureReason).toMatch(/canceled by the business/);
    expect((await bed.t.db.getRepository(BookingEntity).findOneByOrFail({ id: bookingId })).status).toBe('CANCELED');
  });
});
