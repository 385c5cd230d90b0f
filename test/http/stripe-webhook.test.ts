import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import { buildApp } from '../../src/app';
import { BookingEntity, ProcessedWebhookEventEntity, ProposalEntity, SentEmailEntity } from '../../src/db/entities';
import { connectTemporalClient } from '../../src/integrations/temporal-client';
import { TEST_MODE_WEBHOOK_SECRET } from '../../src/integrations/stripe';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { confirmOverHttp, createProposalOverHttp, eventually, postSignedWebhook } from '../helpers/proposal-api';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { nextOpenDate } from '../helpers/test-dates';

/** A checkout session event as Stripe sends it for one of our bookings. */
function checkoutEvent(type: string, booking: BookingEntity, overrides: { metadata?: Record<string, string>; paymentStatus?: string } = {}) {
  return {
    id: `evt_${randomUUID().replace(/-/g, '')}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: booking.stripeCheckoutSessionId,
        object: 'checkout.session',
        amount_total: booking.totalCents,
        currency: booking.currency,
        payment_status: overrides.paymentStatus ?? 'paid',
        payment_intent: `pi_${randomUUID().replace(/-/g, '')}`,
        metadata: {
          tenantId: booking.tenantId,
          bookingId: booking.id,
          proposalId: booking.proposalId,
          packageId: booking.packageId,
          eventDate: booking.eventDate,
          email: booking.customerEmail,
          customerName: booking.customerName,
          confirmationCode: booking.confirmationCode,
          source: 'customer_chatbot',
          ...overrides.metadata,
        },
      },
    },
  };
}

describe('POST /v1/webhooks/stripe', () => {
  let t: TestApp;
  let worker: TestWorker;
  let owner: TestTenant;
  // Every confirmed proposal holds its date, so each test books a date of its own.
  const freshDate = () => nextOpenDate(owner);
  const post = (event: unknown, secret = TEST_MODE_WEBHOOK_SECRET) => postSignedWebhook(t.app, event, secret);
  const processedRows = (eventId: string) => t.db.getRepository(ProcessedWebhookEventEntity).findBy({ eventId });

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startTestWorker(t.config, t.db);
    owner = await buildTenant(t.db);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  /** A proposal confirmed over HTTP: its booking is PENDING with a (test-mode) checkout session. */
  async function confirmedBooking(): Promise<BookingEntity> {
    const proposal = await createProposalOverHttp(t.app, owner, freshDate(), { customerName: 'Ann <b>O’Neil</b>' });
    const confirmed = await confirmOverHttp(t.app, owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    const booking = await t.db.getRepository(BookingEntity).findOneByOrFail({ id: confirmed.json().booking.id });
    expect(booking.stripeCheckoutSessionId).toMatch(/^cs_test_local_/);
    return booking;
  }

  async function signalCount(proposalId: string, signalName: string): Promise<number> {
    const history = await t.temporal.client.workflow.getHandle(`proposal-${proposalId}`).fetchHistory();
    return (history.events ?? []).filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === signalName).length;
  }

  it('answers 400 INVALID_SIGNATURE to a missing, wrong or stale signature and writes nothing', async () => {
    const booking = await confirmedBooking();
    const event = checkoutEvent('checkout.session.completed', booking);
    const payload = JSON.stringify(event);
    const stale = Stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_MODE_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const attempts = [
      { 'content-type': 'application/json' },
      { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef' },
      { 'content-type': 'application/json', 'stripe-signature': stale },
      { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' }) },
    ];
    for (const headers of attempts) {
      const response = await t.app.inject({ method: 'POST', url: '/v1/webhooks/stripe', headers, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'Missing or invalid Stripe-Signature', code: 'INVALID_SIGNATURE' });
    }
    // Signed over other bytes: one changed amount breaks it.
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_MODE_WEBHOOK_SECRET });
    const tampered = await t.app.inject({
      method: 'POST',
      url: '/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      payload: payload.replace(`"amount_total":${booking.totalCents}`, '"amount_total":1'),
    });
    expect(tampered.statusCode).toBe(400);

    expect(await processedRows(event.id)).toEqual([]);
    expect(await signalCount(booking.proposalId, 'paymentCompleted')).toBe(0);
    expect((await t.db.getRepository(BookingEntity).findOneByOrFail({ id: booking.id })).status).toBe('PENDING');
  });

  it('hands one payment to the workflow once, however often and concurrently Stripe delivers it', async () => {
    const booking = await confirmedBooking();
    const event = checkoutEvent('checkout.session.completed', booking);
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(event)));
    expect(answers.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0].json()).toEqual({ received: true });

    const proposals = t.db.getRepository(ProposalEntity);
    await eventually(async () => (await proposals.findOneByOrFail({ id: booking.proposalId })).status === 'COMPLETED');
    const confirmed = await t.db.getRepository(BookingEntity).findOneByOrFail({ id: booking.id });
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', amountPaidCents: booking.totalCents });
    expect(await processedRows(event.id)).toEqual([expect.objectContaining({ outcome: 'payment_completed_signaled', tenantId: owner.tenant.id })]);
    expect(await signalCount(booking.proposalId, 'paymentCompleted')).toBe(1);
    expect(await t.db.getRepository(SentEmailEntity).countBy({ bookingId: booking.id, kind: 'customer_confirmation' })).toBe(1);
    const outbox = fs.readdirSync(path.join(t.config.dataDir, 'outbox')).filter((file) => file.includes(booking.id));
    expect(outbox.filter((file) => file.startsWith('_customer_confirmation'))).toHaveLength(1);

    // A redelivery a day later changes nothing either.
    const later = await post(event);
    expect(later.statusCode).toBe(200);
    expect(await processedRows(event.id)).toHaveLength(1);
  });

  it('settles a payment that arrives after its workflow ended in a late-payment workflow, once', async () => {
    const booking = await confirmedBooking();
    const expired = await post(checkoutEvent('checkout.session.expired', booking));
    expect(expired.statusCode).toBe(200);
    const bookings = t.db.getRepository(BookingEntity);
    await eventually(async () => (await bookings.findOneByOrFail({ id: booking.id })).status === 'EXPIRED');
    await t.temporal.client.workflow.getHandle(`proposal-${booking.proposalId}`).result();

    const paid = checkoutEvent('checkout.session.completed', booking);
    expect((await post(paid)).statusCode).toBe(200);
    expect(await processedRows(paid.id)).toEqual([expect.objectContaining({ outcome: 'late_payment_started' })]);
    const late = t.temporal.client.workflow.getHandle(`late-payment-${booking.id}`);
    expect(await late.result()).toEqual({ bookingId: booking.id, outcome: 'CONFIRMED' });
    expect(await bookings.findOneByOrFail({ id: booking.id })).toMatchObject({ status: 'CONFIRMED', amountPaidCents: booking.totalCents });

    // Stripe's follow-up event for the same payment finds the settlement done.
    const followUp = checkoutEvent('checkout.session.async_payment_succeeded', booking);
    expect((await post(followUp)).statusCode).toBe(200);
    expect(await processedRows(followUp.id)).toEqual([expect.objectContaining({ outcome: 'late_payment_already_started' })]);
  });

  it('answers 200 and records an event naming an unknown proposal, without touching any workflow', async () => {
    const booking = await confirmedBooking();
    const event = checkoutEvent('checkout.session.completed', booking, { metadata: { proposalId: randomUUID() } });
    expect((await post(event)).statusCode).toBe(200);
    expect(await processedRows(event.id)).toEqual([expect.objectContaining({ outcome: 'unknown_proposal', tenantId: owner.tenant.id })]);

    const foreign = checkoutEvent('checkout.session.completed', booking, { metadata: { tenantId: randomUUID() } });
    expect((await post(foreign)).statusCode).toBe(200);
    expect(await processedRows(foreign.id)).toEqual([expect.objectContaining({ outcome: 'unknown_proposal', tenantId: null })]);
    expect(await signalCount(booking.proposalId, 'paymentCompleted')).toBe(0);
  });

  it('ignores other event types, sessions of other integrations and unpaid completions', async () => {
    const booking = await confirmedBooking();
    const events = [
      { ...checkoutEvent('customer.created', booking), data: { object: { id: 'cus_1', object: 'customer' } } },
      checkoutEvent('checkout.session.completed', booking, { metadata: { source: 'website' } }),
      checkoutEvent('checkout.session.completed', booking, { paymentStatus: 'unpaid' }),
    ];
    for (const event of events) {
      expect((await post(event)).statusCode).toBe(200);
      expect(await processedRows(event.id)).toEqual([]);
    }
    expect(await signalCount(booking.proposalId, 'paymentCompleted')).toBe(0);
  });

  it('answers 500 and keeps no record when Temporal cannot take the event, so Stripe’s retry still works', async () => {
    const booking = await confirmedBooking();
    const event = checkoutEvent('checkout.session.completed', booking);
    const temporal = await connectTemporalClient(t.config);
    const cutOff = await buildApp({ config: t.config, db: t.db, temporal: temporal.client });
    await temporal.close();
    try {
      const failed = await postSignedWebhook(cutOff, event, TEST_MODE_WEBHOOK_SECRET);
      expect(failed.statusCode).toBe(500);
      expect(failed.json()).toEqual({ error: 'Internal server error', code: 'INTERNAL' });
    } finally {
      await cutOff.close();
    }
    expect(await processedRows(event.id)).toEqual([]);

    expect((await post(event)).statusCode).toBe(200);
    expect(await processedRows(event.id)).toEqual([expect.objectContaining({ outcome: 'payment_completed_signaled' })]);
  });

  it('takes Stripe’s content type with a charset and refuses bodies over 1 MiB', async () => {
    const booking = await confirmedBooking();
    const event = checkoutEvent('customer.updated', booking);
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_MODE_WEBHOOK_SECRET });
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
      payload,
    });
    expect(ok.statusCode).toBe(200);
    const huge = JSON.stringify({ ...event, padding: 'x'.repeat(1024 * 1024) });
    const tooLarge = await t.app.inject({
      method: 'POST',
      url: '/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: huge, secret: TEST_MODE_WEBHOOK_SECRET }) },
      payload: huge,
    });
    expect(tooLarge.statusCode).toBe(413);
  });
});
