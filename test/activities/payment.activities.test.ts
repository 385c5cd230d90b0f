import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { checkoutExpiresAt } from '../../activities/checkout-expiry';
import { TEST_MODE_SESSION_PREFIX } from '../../src/integrations/stripe';
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { nextOpenDate } from '../helpers/test-dates';
import { openTestDb, testConfig } from '../helpers/test-env';
import { bookingRow, failureOf, insertProposal, runActivity } from './fixtures';

const HOUR_MS = 3_600_000;

describe('payment activities (real Postgres, stripe-node against a local fake Stripe)', () => {
  let db: DataSource;
  let owner: TestTenant;
  let stripe: FakeStripe;
  let activities: ReturnType<typeof createActivities>;
  let testMode: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    db = await openTestDb();
    owner = await buildTenant(db);
    stripe = await startFakeStripe();
    activities = createActivities({ config: testConfig({ ...stripe.configOverrides(), PUBLIC_BASE_URL: 'https://book.example.test' }), db });
    testMode = createActivities({ config: testConfig({ PUBLIC_BASE_URL: 'https://book.example.test' }), db });
  });
  afterAll(async () => {
    await stripe?.close();
    await db?.destroy();
  });

  async function pendingBooking(options: { customerName?: string } = {}) {
    const fixture = await insertProposal(db, owner, { date: nextOpenDate(owner), ...options });
    const booking = await runActivity(activities.createLockedBooking, fixture.booking);
    return { ...fixture, ...booking, ref: { tenantId: owner.tenant.id, bookingId: booking.bookingId } };
  }

  it('createCheckoutSession: one Stripe session with docs/api.md metadata and idempotency key, saved on the booking; a retry reuses it', async () => {
    const booking = await pendingBooking({ customerName: 'Zoë "Z" Example' });
    const input = { ...booking.ref, proposalId: booking.proposalId, paymentHoldMs: HOUR_MS };
    const before = stripe.calls.length;
    const first = await runActivity(activities.createCheckoutSession, input);
    const second = await runActivity(activities.createCheckoutSession, input);
    expect(second).toEqual(first);
    const calls = stripe.calls.slice(before);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call.idempotencyKey).toBe(`chatbot-booking-${booking.bookingId}`);
    const metadata = {
      tenantId: owner.tenant.id,
      bookingId: booking.bookingId,
      proposalId: booking.proposalId,
      packageId: owner.packages[0].id,
      eventDate: booking.booking.date,
      email: booking.booking.customerEmail,
      customerName: 'Zoë "Z" Example',
      confirmationCode: booking.confirmationCode,
      source: 'customer_chatbot',
    };
    expect(call.body).toMatchObject({
      mode: 'payment',
      customer_email: booking.booking.customerEmail,
      line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: '15000', product_data: { name: 'Portrait session' } } }],
      success_url: 'https://book.example.test/checkout/success?session_id={CHECKOUT_SESSION_ID}',
      payment_intent_data: { metadata },
    });
    expect(call.body.metadata).toEqual(metadata);
    const row = await bookingRow(db, booking.bookingId);
    expect(row).toMatchObject({ stripe_checkout_session_id: first.checkoutSessionId, checkout_url: first.checkoutUrl, status: 'PENDING' });
    const expiresAt = Number(call.body.expires_at) * 1000;
    expect(expiresAt).toBe(checkoutExpiresAt(row.created_at as Date, HOUR_MS, new Date()) * 1000);
    expect(expiresAt - Date.now()).toBeGreaterThan(HOUR_MS);
    expect(expiresAt - Date.now()).toBeLessThan(24 * HOUR_MS);
  });

  it('a crash after Stripe answered but before the save: the retry sends the same key and body and gets the same session', async () => {
    const booking = await pendingBooking();
    const input = { ...booking.ref, proposalId: booking.proposalId, paymentHoldMs: HOUR_MS };
    const first = await runActivity(activities.createCheckoutSession, input);
    await db.query('UPDATE bookings SET stripe_checkout_session_id = NULL, checkout_url = NULL WHERE id = $1', [booking.bookingId]);
    const retried = await runActivity(activities.createCheckoutSession, input);
    expect(retried).toEqual(first);
    const creates = stripe.callsTo('POST', '/v1/checkout/sessions').filter((call) => call.idempotencyKey === `chatbot-booking-${booking.bookingId}`);
    expect(creates).toHaveLength(2);
    expect(creates.map((call) => call.status)).toEqual([200, 200]);
    expect([...stripe.sessions.values()].filter((session) => session.metadata.bookingId === booking.bookingId)).toHaveLength(1);
  });

  it('Stripe down (5xx) is a retryable failure and the booking stays PENDING; a rejected request is non-retryable', async () => {
    const booking = await pendingBooking();
    const input = { ...booking.ref, proposalId: booking.proposalId };
    stripe.failNext(1, 503);
    await expect(failureOf(runActivity(activities.createCheckoutSession, input))).resolves.toMatchObject({ type: 'StripeUnavailable', nonRetryable: false });
    expect(await bookingRow(db, booking.bookingId)).toMatchObject({ status: 'PENDING', stripe_checkout_session_id: null });
    stripe.failNext(1, 400);
    await expect(failureOf(runActivity(activities.createCheckoutSession, input))).resolves.toMatchObject({ type: 'StripeRejected', nonRetryable: true });
    await expect(runActivity(activities.createCheckoutSession, input)).resolves.toMatchObject({ checkoutSessionId: expect.stringMatching(/^cs_test_fake_/) });
  });

  it('test mode (no Stripe key): a local session id and the test-mode checkout page', async () => {
    const booking = await pendingBooking();
    const before = stripe.calls.length;
    const session = await runActivity(testMode.createCheckoutSession, { ...booking.ref, proposalId: booking.proposalId });
    const id = `${TEST_MODE_SESSION_PREFIX}${booking.bookingId.replace(/-/g, '')}`;
    expect(session).toEqual({ checkoutSessionId: id, checkoutUrl: `https://book.example.test/test-mode/checkout/${id}` });
    expect(stripe.calls.length).toBe(before);
    expect(await bookingRow(db, booking.bookingId)).toMatchObject({ stripe_checkout_session_id: id });
  });

  it('expireBooking expires the open session and the booking; repeating it is harmless', async () => {
    const booking = await pendingBooking();
    const { checkoutSessionId } = await runActivity(activities.createCheckoutSession, { ...booking.ref, proposalId: booking.proposalId });
    await expect(runActivity(activities.expireBooking, booking.ref)).resolves.toEqual({ alreadyPaid: false, bookingStatus: 'EXPIRED' });
    await expect(runActivity(activities.expireBooking, booking.ref)).resolves.toEqual({ alreadyPaid: false, bookingStatus: 'EXPIRED' });
    expect(stripe.sessions.get(checkoutSessionId)?.status).toBe('expired');
    expect(stripe.callsTo('POST', `/v1/checkout/sessions/${checkoutSessionId}/expire`)).toHaveLength(1);
    expect(await bookingRow(db, booking.bookingId)).toMatchObject({ status: 'EXPIRED' });
  });

  it('expireBooking of a session paid at the last moment reports the payment and leaves the booking PENDING', async () => {
    const booking = await pendingBooking();
    const { checkoutSessionId } = await runActivity(activities.createCheckoutSession, { ...booking.ref, proposalId: booking.proposalId });
    stripe.markSessionPaid(checkoutSessionId, 'pi_last_minute');
    await expect(runActivity(activities.expireBooking, booking.ref)).resolves.toEqual({
      alreadyPaid: true,
      checkoutSessionId,
      amountPaidCents: 15_000,
      paymentIntentId: 'pi_last_minute',
    });
    expect(stripe.callsTo('POST', `/v1/checkout/sessions/${checkoutSessionId}/expire`)).toHaveLength(0);
    expect(await bookingRow(db, booking.bookingId)).toMatchObject({ status: 'PENDING' });
  });

  it('refundPayment refunds once (idempotency key refund-<bookingId>) and marks the booking REFUNDED; a held booking is never refunded', async () => {
    const booking = await pendingBooking();
    const input = { ...booking.ref, paymentIntentId: 'pi_to_refund' };
    await expect(failureOf(runActivity(activities.refundPayment, input))).resolves.toMatchObject({ type: 'RefundRefused', nonRetryable: true });
    await db.query(`UPDATE bookings SET status = 'EXPIRED' WHERE id = $1`, [booking.bookingId]);
    const first = await runActivity(activities.refundPayment, input);
    const second = await runActivity(activities.refundPayment, input);
    expect(first).toMatchObject({ status: 'REFUNDED', refundId: expect.stringMatching(/^re_fake_/) });
    expect(second).toMatchObject({ status: 'REFUNDED' });
    const refunds = stripe.callsTo('POST', '/v1/refunds').filter((call) => call.body.payment_intent === 'pi_to_refund');
    expect(refunds).toHaveLength(1);
    expect(refunds[0].idempotencyKey).toBe(`refund-${booking.bookingId}`);
    expect(await bookingRow(db, booking.bookingId)).toMatchObject({ status: 'REFUNDED', stripe_payment_intent_id: 'pi_to_refund', refunded_at: expect.any(Date) });
  });
  it('releaseProposalHold: expires the Stripe session and frees the date; a session paid at Stripe is left for its webhook; no booking is fine', async () => {
    const open = await pendingBooking();
    await runActivity(activities.createCheckoutSession, { ...open.ref, proposalId: open.proposalId, paymentHoldMs: HOUR_MS });
    const released = await runActivity(activities.releaseProposalHold, { tenantId: owner.tenant.id, proposalId: open.proposalId });
    expect(released).toEqual({ alreadyPaid: false, bookingStatus: 'EXPIRED' });
    const openRow = await bookingRow(db, open.bookingId);
    expect(stripe.sessions.get(openRow.stripe_checkout_session_id as string)?.status).toBe('expired');

    const paid = await pendingBooking();
    const checkout = await runActivity(activities.createCheckoutSession, { ...paid.ref, proposalId: paid.proposalId, paymentHoldMs: HOUR_MS });
    stripe.markSessionPaid(checkout.checkoutSessionId, 'pi_paid_before_release');
    await expect(runActivity(activities.releaseProposalHold, { tenantId: owner.tenant.id, proposalId: paid.proposalId })).resolves.toMatchObject({
      alreadyPaid: true,
      paymentIntentId: 'pi_paid_before_release',
    });
    expect((await bookingRow(db, paid.bookingId)).status).toBe('PENDING');

    const unbooked = await insertProposal(db, owner, { date: nextOpenDate(owner) });
    await expect(runActivity(activities.releaseProposalHold, { tenantId: owner.tenant.id, proposalId: unbooked.proposalId })).resolves.toEqual({
      alreadyPaid: false,
      bookingStatus: null,
    });
  });
});

describe('checkoutExpiresAt', () => {
  const created = new Date('2031-01-01T10:00:00Z');
  const seconds = (iso: string) => Date.parse(iso) / 1000;

  it('is anchored on the booking, so every retry sends the same value', () => {
    expect(checkoutExpiresAt(created, HOUR_MS, new Date('2031-01-01T10:00:05Z'))).toBe(seconds('2031-01-01T11:15:00Z'));
    expect(checkoutExpiresAt(created, HOUR_MS, new Date('2031-01-01T10:20:00Z'))).toBe(seconds('2031-01-01T11:15:00Z'));
  });

  it('stays within Stripe bounds (30 minutes to 24 hours) for very short and very long holds', () => {
    expect(checkoutExpiresAt(created, 60_000, created)).toBe(seconds('2031-01-01T11:00:00Z'));
    expect(checkoutExpiresAt(created, 24 * HOUR_MS, created)).toBe(seconds('2031-01-02T09:30:00Z'));
  });

  it('after a long outage falls back to a rounded time at least 35 minutes ahead', () => {
    expect(checkoutExpiresAt(created, HOUR_MS, new Date('2031-01-01T13:02:00Z'))).toBe(seconds('2031-01-01T13:40:00Z'));
    expect(checkoutExpiresAt(created, HOUR_MS, new Date('2031-01-01T13:04:59Z'))).toBe(seconds('2031-01-01T13:40:00Z'));
  });
});
