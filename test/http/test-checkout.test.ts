import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { BookingEntity, PackageEntity, ProcessedWebhookEventEntity, ProposalEntity } from '../../src/db/entities';
import { testCheckoutRoutes } from '../../src/http/routes/test-checkout.routes';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { confirmOverHttp, createProposalOverHttp, eventually } from '../helpers/proposal-api';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { nextOpenDate } from '../helpers/test-dates';

const HOSTILE = '<script>alert(1)</script>';

describe('test-mode checkout page', () => {
  let t: TestApp;
  let worker: TestWorker;
  let owner: TestTenant;
  // Every confirmed proposal holds its date, so each test books a date of its own.
  const freshDate = () => nextOpenDate(owner);

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startTestWorker(t.config, t.db);
    owner = await buildTenant(t.db);
    await t.db.getRepository(PackageEntity).update({ id: owner.packages[1].id }, { name: `Gala ${HOSTILE}` });
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  async function confirmedBooking(packageIndex = 0): Promise<BookingEntity> {
    const proposal = await createProposalOverHttp(t.app, owner, freshDate(), { packageId: owner.packages[packageIndex].id });
    const confirmed = await confirmOverHttp(t.app, owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    return t.db.getRepository(BookingEntity).findOneByOrFail({ id: confirmed.json().booking.id });
  }

  const page = (url: string) => t.app.inject({ method: 'GET', url });
  const pay = (checkoutSessionId: string) =>
    t.app.inject({
      method: 'POST',
      url: `/test-mode/checkout/${checkoutSessionId}/pay`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });

  it('shows the booking with every value escaped, and a Pay button posting to this service', async () => {
    const booking = await confirmedBooking(1);
    const response = await page(`/test-mode/checkout/${booking.stripeCheckoutSessionId}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).toContain('Gala &lt;script&gt;alert(1)&lt;&#x2F;script&gt;');
    expect(response.body).not.toContain(HOSTILE);
    expect(response.body).toContain(booking.eventDate);
    expect(response.body).toContain('$2,500.00');
    expect(response.body).toContain(booking.confirmationCode);
    expect(response.body).toContain(`<form method="post" action="/test-mode/checkout/${booking.stripeCheckoutSessionId}/pay">`);
  });

  it('answers 404 pages for unknown and malformed checkout ids', async () => {
    for (const id of ['cs_test_local_00000000000000000000000000000000', 'not-a-session', '%3Cb%3E']) {
      const response = await page(`/test-mode/checkout/${id}`);
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('Checkout not found');
      expect((await pay(id)).statusCode).toBe(404);
    }
  });

  it('pays through a signed webhook: the proposal completes, one email lands in the outbox, and it cannot be paid twice', async () => {
    const booking = await confirmedBooking();
    const paid = await pay(booking.stripeCheckoutSessionId!);
    expect(paid.statusCode).toBe(200);
    expect(paid.body).toContain('Payment received');

    const events = await t.db.getRepository(ProcessedWebhookEventEntity).findBy({ proposalId: booking.proposalId });
    expect(events).toEqual([expect.objectContaining({ type: 'checkout.session.completed', outcome: 'payment_completed_signaled' })]);
    expect(events[0].eventId).toMatch(/^evt_test_local_[0-9a-f]{24}$/);
    await eventually(async () => (await t.db.getRepository(ProposalEntity).findOneByOrFail({ id: booking.proposalId })).status === 'COMPLETED');
    expect(await t.db.getRepository(BookingEntity).findOneByOrFail({ id: booking.id })).toMatchObject({
      status: 'CONFIRMED',
      amountPaidCents: booking.totalCents,
      stripePaymentIntentId: expect.stringMatching(/^pi_test_local_/),
    });
    const outbox = fs.readdirSync(path.join(t.config.dataDir, 'outbox'));
    expect(outbox.filter((file) => file.includes(booking.id) && file.includes('customer_confirmation'))).toHaveLength(1);

    const again = await pay(booking.stripeCheckoutSessionId!);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already paid');
    expect(await t.db.getRepository(ProcessedWebhookEventEntity).countBy({ proposalId: booking.proposalId })).toBe(1);
  });

  it('serves the success and cancel pages Stripe returns the customer to', async () => {
    const booking = await confirmedBooking();
    const success = await page(`/checkout/success?session_id=${booking.stripeCheckoutSessionId}`);
    expect(success.statusCode).toBe(200);
    expect(success.body).toContain(booking.confirmationCode);
    const cancel = await page(`/checkout/cancel?session_id=${booking.stripeCheckoutSessionId}`);
    expect(cancel.statusCode).toBe(200);
    expect(cancel.body).toContain('Nothing was charged');
    const unknown = await page('/checkout/success?session_id=%3Cscript%3E');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).not.toContain('<script>');
  });

  it('is not served when real Stripe keys are configured', async () => {
    const live = await createTestApp({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_test_x' });
    try {
      const response = await live.app.inject({ method: 'GET', url: '/test-mode/checkout/cs_test_local_0123' });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    } finally {
      await live.close();
    }
  });

  it('refuses to start in production', async () => {
    const app = Fastify();
    const deps = { config: { ...t.config, NODE_ENV: 'production' as const }, db: t.db, temporal: t.temporal.client };
    await expect(app.register(testCheckoutRoutes, deps).ready()).rejects.toThrow(/development only/);
    await app.close();
  });
});
