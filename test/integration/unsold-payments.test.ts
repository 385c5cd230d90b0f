import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { buildApp } from '../../src/app';
import type { Config } from '../../src/config';
import { BookingEntity, ProcessedWebhookEventEntity } from '../../src/db/entities';
import { connectTemporalClient, type TemporalClientHandle } from '../../src/integrations/temporal-client';
import type { TProposal } from '../../src/schemas/proposal.schema';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { type FakeCheckoutSession, type FakeStripe, startFakeStripe } from '../helpers/fake-stripe';
import { confirmOverHttp, createProposalOverHttp, eventually, getProposalOverHttp, postSignedWebhook } from '../helpers/proposal-api';
import { openTestDb, testConfig } from '../helpers/test-env';
import { nextOpenDate } from '../helpers/test-dates';
import { startTestWorker, type TestWorker } from '../helpers/worker';

const WEBHOOK_SECRET = 'whsec_unsold';
const CUSTOMER_EMAIL = 'unsold-customer@example.test';

type SessionChange = (session: FakeCheckoutSession) => Partial<FakeCheckoutSession>;

/** Each way a paid session can differ from what the booking sold (sk_test_ key: livemode must be false). */
const MISMATCHES: Array<{ name: string; reason: string; change: SessionChange; livemode?: boolean }> = [
  { name: 'another checkout session', reason: 'checkout_session', change: () => ({ id: 'cs_test_someone_elses' }) },
  { name: 'another currency', reason: 'currency', change: (session) => ({ currency: session.currency === 'eur' ? 'usd' : 'eur' }) },
  { name: 'another amount', reason: 'amount', change: (session) => ({ amount_total: session.amount_total - 1 }) },
  { name: 'live mode under a test key', reason: 'livemode', change: () => ({}), livemode: true },
];

describe('a payment is accepted only for what was sold', () => {
  let fakeStripe: FakeStripe;
  let config: Config;
  let db: DataSource;
  let temporal: TemporalClientHandle;
  let app: FastifyInstance;
  let worker: TestWorker;
  let owner: TestTenant;
  const logLines: string[] = [];

  beforeAll(async () => {
    fakeStripe = await startFakeStripe();
    config = testConfig({ LOG_LEVEL: 'warn', STRIPE_SECRET_KEY: 'sk_test_unsold', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: fakeStripe.url });
    db = await openTestDb();
    temporal = await connectTemporalClient(config);
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = await buildApp({ config, db, temporal: temporal.client, logStream });
    worker = await startTestWorker(config, db);
    owner = await buildTenant(db);
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await temporal?.close();
    await db?.destroy();
    await fakeStripe?.close();
  });

  async function bookingAwaitingPayment(): Promise<{ proposal: TProposal; bookingId: string; session: FakeCheckoutSession }> {
    const proposal = await createProposalOverHttp(app, owner, nextOpenDate(owner), { customerEmail: CUSTOMER_EMAIL });
    const confirmed = await confirmOverHttp(app, owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    const bookingId: string = confirmed.json().booking.id;
    const booking = await db.getRepository(BookingEntity).findOneByOrFail({ id: bookingId });
    return { proposal, bookingId, session: fakeStripe.sessions.get(booking.stripeCheckoutSessionId!)! };
  }

  function paidEvent(id: string, session: FakeCheckoutSession, livemode = false) {
    return { id, object: 'event', type: 'checkout.session.completed', livemode, data: { object: session } };
  }

  it.each(MISMATCHES)('$name: refunded once, logged with ids only, the booking not confirmed', async ({ reason, change, livemode }) => {
    const { proposal, bookingId, session } = await bookingAwaitingPayment();
    const paid = fakeStripe.markSessionPaid(session.id);
    const eventId = `evt_unsold_${reason}_${bookingId.slice(0, 8)}`;
    // Its own payment intent: the money of the wrong payment is what gets refunded.
    const wrong = { ...paid, payment_intent: `pi_${eventId}`, ...change(paid) };
    const refundsBefore = fakeStripe.refunds.length;

    expect((await postSignedWebhook(app, paidEvent(eventId, wrong, livemode), WEBHOOK_SECRET)).statusCode).toBe(200);
    // Redelivered, and the same payment again under async_payment_succeeded: still one refund.
    expect((await postSignedWebhook(app, paidEvent(eventId, wrong, livemode), WEBHOOK_SECRET)).statusCode).toBe(200);
    const again = { ...paidEvent(`${eventId}_async`, wrong, livemode), type: 'checkout.session.async_payment_succeeded' };
    expect((await postSignedWebhook(app, again, WEBHOOK_SECRET)).statusCode).toBe(200);

    expect(fakeStripe.refunds.slice(refundsBefore)).toEqual([expect.objectContaining({ payment_intent: wrong.payment_intent })]);
    const refundCalls = fakeStripe.callsTo('POST', '/v1/refunds').filter((call) => call.body.payment_intent === wrong.payment_intent);
    expect(new Set(refundCalls.map((call) => call.idempotencyKey))).toEqual(new Set([`refund-unsold-${wrong.payment_intent}`]));
    const [row] = await db.getRepository(ProcessedWebhookEventEntity).findBy({ eventId });
    expect(row.outcome).toBe('refunded_unsold');

    const warning = logLines.map((line) => JSON.parse(line)).find((entry) => entry.eventId === eventId);
    expect(warning).toMatchObject({ level: 40, bookingId, paymentIntentId: wrong.payment_intent, unsold: [reason] });
    expect(JSON.stringify(warning)).not.toContain(CUSTOMER_EMAIL);

    // Not confirmed: the workflow still waits, the booking holds its date unpaid; the right payment then confirms it.
    expect((await db.getRepository(BookingEntity).findOneByOrFail({ id: bookingId })).status).toBe('PENDING');
    expect((await getProposalOverHttp(app, owner.publishableKey, proposal.id, proposal.sessionId)).json().status).toBe('AWAITING_PAYMENT');
    expect((await postSignedWebhook(app, paidEvent(`${eventId}_right`, paid), WEBHOOK_SECRET)).statusCode).toBe(200);
    await eventually(async () => (await db.getRepository(BookingEntity).findOneByOrFail({ id: bookingId })).status === 'CONFIRMED');
  });
});
