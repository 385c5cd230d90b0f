import { BookingEntity } from '../../src/db/entities';
import { buildTenant, futureDate, type TestTenant } from '../helpers/factories';
import { confirmOverHttp, createProposalOverHttp, eventually, getProposalOverHttp } from '../helpers/proposal-api';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTestWorker, type TestWorker } from '../helpers/worker';

describe('the back office cancels a booking that is waiting for its payment', () => {
  let t: TestApp;
  let worker: TestWorker;
  let owner: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startTestWorker(t.config, t.db);
    owner = await buildTenant(t.db);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('ends the payment hold at once: the proposal is PAYMENT_EXPIRED and the booking stays CANCELED', async () => {
    const proposal = await createProposalOverHttp(t.app, owner, futureDate(33));
    const confirmed = await confirmOverHttp(t.app, owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    const bookingId: string = confirmed.json().booking.id;

    const cancel = await t.app.inject({
      method: 'POST',
      url: `/v1/admin/bookings/${bookingId}/cancel`,
      headers: { authorization: `Bearer ${owner.secretKey}` },
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe('CANCELED');

    // The hold is an hour (PAYMENT_HOLD default); the workflow ends well before it.
    const ended = await eventually(async () => {
      const view = (await getProposalOverHttp(t.app, owner.publishableKey, proposal.id, proposal.sessionId)).json();
      return view.status === 'PAYMENT_EXPIRED' ? view : undefined;
    });
    expect(ended.booking.status).toBe('CANCELED');
    const state = await t.temporal.client.workflow.getHandle(`proposal-${proposal.id}`).query<{ failureReason?: string }>('state');
    expect(state.failureReason).toMatch(/canceled by the business/);
    expect((await t.db.getRepository(BookingEntity).findOneByOrFail({ id: bookingId })).status).toBe('CANCELED');
  });
});
