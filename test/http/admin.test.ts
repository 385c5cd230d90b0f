import http from 'node:http';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { AddressInfo } from 'node:net';
import { BookingEntity, PackageEntity } from '../../src/db/entities';
import { insertBooking } from '../helpers/booking-rows';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { nextOpenDate, openDates } from '../helpers/test-dates';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { eventually } from '../helpers/proposal-api';

interface RecordedStripeCall {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  form: URLSearchParams;
}

/** Just enough of Stripe's REST API for refunds: records every call; can answer slowly or fail. */
async function startRefundStripe() {
  const calls: RecordedStripeCall[] = [];
  const behaviour = { delayMs: 0, fail: undefined as undefined | { status: number; code?: string } };
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const idempotencyKey = request.headers['idempotency-key'];
      calls.push({ method: request.method ?? '', path: request.url ?? '', idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined, form });
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        if (behaviour.fail) {
          response.setHeader('stripe-should-retry', 'false');
          response.statusCode = behaviour.fail.status;
          return response.end(JSON.stringify({ error: { type: 'invalid_request_error', code: behaviour.fail.code, message: 'refused by the fake' } }));
        }
        if (request.method !== 'POST' || request.url !== '/v1/refunds') {
          response.statusCode = 404;
          return response.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'not in the fake' } }));
        }
        response.end(JSON.stringify({ id: `re_${calls.length}`, object: 'refund', status: 'succeeded', payment_intent: form.get('payment_intent') }));
      }, behaviour.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    behaviour,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('back office routes', () => {
  let stripe: Awaited<ReturnType<typeof startRefundStripe>>;
  let t: TestApp;
  let worker: TestWorker;
  let owner: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    stripe = await startRefundStripe();
    // Cancels run as a workflow; a short wait lets the Stripe-outage test see the 503 quickly.
    t = await createTestApp({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_API_URL: stripe.url, BOOKING_CHANGE_WAIT: '4s' });
    // The Stripe-outage test makes the refund activity fail on purpose; the SDK would log each try.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    worker = await startTestWorker(t.config, t.db);
    owner = await buildTenant(t.db, { name: 'Admin Studio', currency: 'eur' });
    other = await buildTenant(t.db, { name: 'Other Studio' });
  });
  afterAll(async () => {
    await worker?.stop();
    await t.close();
    await stripe.close();
  });
  beforeEach(() => {
    stripe.calls.length = 0;
    stripe.behaviour.delayMs = 0;
    stripe.behaviour.fail = undefined;
  });

  const as = (tenant: TestTenant) => ({ authorization: `Bearer ${tenant.secretKey}` });
  const cancel = (tenant: TestTenant, bookingId: string) =>
    t.app.inject({ method: 'POST', url: `/v1/admin/bookings/${bookingId}/cancel`, headers: as(tenant) });
  const reload = (id: string) => t.db.getRepository(BookingEntity).findOneByOrFail({ id });

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}],
      ['an unknown secret key', { authorization: 'Bearer sk_unknownunknownunknown' }],
      ['a Basic scheme', { authorization: 'Basic c2tfeDp5' }],
    ])('is 401 UNAUTHENTICATED with %s', async (_what, headers) => {
      const response = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: expect.any(String), code: 'UNAUTHENTICATED' });
    });

    it('is 401 with the publishable key, as a bearer or as X-Tenant-Key', async () => {
      const asBearer = await t.app.inject({ method: 'GET', url: '/v1/admin/bookings', headers: { authorization: `Bearer ${owner.publishableKey}` } });
      const asTenantKey = await t.app.inject({ method: 'GET', url: '/v1/admin/bookings', headers: { 'x-tenant-key': owner.publishableKey } });
      expect([asBearer.statusCode, asTenantKey.statusCode]).toEqual([401, 401]);
    });
  });

  describe('packages', () => {
    it('creates a package in the tenant currency (201 with id), lists it and shows it in the catalog', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/packages',
        headers: as(owner),
        payload: { name: '  Headshots  ', description: 'Three looks\nTwo hours', priceCents: 9_900 },
      });
      expect(created.statusCode).toBe(201);
      const pkg = created.json();
      expect(pkg).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Headshots',
        description: 'Three looks\nTwo hours',
        priceCents: 9_900,
        currency: 'eur',
        active: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const row = await t.db.getRepository(PackageEntity).findOneByOrFail({ id: pkg.id });
      expect(row.tenantId).toBe(owner.tenant.id);

      const list = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: as(owner) });
      expect(list.statusCode).toBe(200);
      expect((list.json().packages as Array<{ id: string }>).map((p) => p.id)).toEqual(expect.arrayContaining([pkg.id, ...owner.packages.map((p) => p.id)]));
      const catalog = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': owner.publishableKey } });
      expect(catalog.json().packages).toContainEqual({ id: pkg.id, name: 'Headshots', description: 'Three looks\nTwo hours', priceCents: 9_900, currency: 'eur' });
    });

    it('creates an inactive package that the catalog does not show', async () => {
      const created = await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: as(owner), payload: { name: 'Draft', priceCents: 500, active: false } });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: 'Draft', description: '', priceCents: 500, active: false });
      const catalog = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': owner.publishableKey } });
      expect((catalog.json().packages as Array<{ id: string }>).map((p) => p.id)).not.toContain(created.json().id);
    });

    it('lists only its own packages, inactive ones included', async () => {
      const tenant = await buildTenant(t.db);
      await t.db.getRepository(PackageEntity).update({ id: tenant.packages[1].id }, { active: false });
      const list = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: as(tenant) });
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      const expected = tenant.packages.map((p, index) => ({ id: p.id, name: p.name, priceCents: p.priceCents, currency: 'usd', active: index === 0 }));
      expect((list.json().packages as Array<{ id: string }>).sort(byId)).toEqual(expected.sort(byId).map((p) => expect.objectContaining(p)));
    });

    it.each([
      ['a negative price', { name: 'X', priceCents: -1 }],
      ['a fractional price', { name: 'X', priceCents: 10.5 }],
      ['a price Stripe could not charge', { name: 'X', priceCents: 100_000_000 }],
      ['a free package (free bookings are not supported)', { name: 'X', priceCents: 0 }],
      ["a price under Stripe's minimum charge (EUR 0.50)", { name: 'X', priceCents: 49 }],
      ['a price as a string', { name: 'X', priceCents: '100' }],
      ['no price', { name: 'X' }],
      ['an empty name', { name: '   ', priceCents: 100 }],
      ['a name of 121 characters', { name: 'n'.repeat(121), priceCents: 100 }],
      ['a name with a line break', { name: 'Evil\r\nBcc: x@y.z', priceCents: 100 }],
      ['a description of 2001 characters', { name: 'X', description: 'd'.repeat(2001), priceCents: 100 }],
      ['a currency (it is the tenant one)', { name: 'X', priceCents: 100, currency: 'usd' }],
      ['a tenantId', { name: 'X', priceCents: 100, tenantId: '00000000-0000-4000-8000-000000000000' }],
      ['active as a string', { name: 'X', priceCents: 100, active: 'yes' }],
    ])('refuses %s with 400 INVALID_REQUEST and creates nothing', async (_what, payload) => {
      const before = await t.db.getRepository(PackageEntity).countBy({ tenantId: owner.tenant.id });
      const response = await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: as(owner), payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: expect.any(String), code: 'INVALID_REQUEST' });
      expect(await t.db.getRepository(PackageEntity).countBy({ tenantId: owner.tenant.id })).toBe(before);
    });

    it('updates the given fields only and deactivates a package out of the catalog', async () => {
      const tenant = await buildTenant(t.db);
      const [pkg] = tenant.packages;
      const renamed = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${pkg.id}`, headers: as(tenant), payload: { name: 'Mini session', priceCents: 7_500 } });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ id: pkg.id, name: 'Mini session', description: 'One hour', priceCents: 7_500, active: true });

      const deactivated = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${pkg.id}`, headers: as(tenant), payload: { active: false } });
      expect(deactivated.json()).toMatchObject({ name: 'Mini session', active: false });
      const catalog = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': tenant.publishableKey } });
      expect((catalog.json().packages as Array<{ id: string }>).map((p) => p.id)).toEqual([tenant.packages[1].id]);

      const cleared = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${pkg.id}`, headers: as(tenant), payload: { description: '' } });
      expect(cleared.json()).toMatchObject({ description: '', active: false });
    });

    it("is 404 for another tenant's package and leaves it unchanged", async () => {
      const victim = other.packages[0];
      const response = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${victim.id}`, headers: as(owner), payload: { priceCents: 1, active: false } });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: expect.any(String), code: 'NOT_FOUND' });
      expect(await t.db.getRepository(PackageEntity).findOneByOrFail({ id: victim.id })).toMatchObject({ priceCents: victim.priceCents, active: true });
    });

    it('is 404 for an unknown package id and 400 for an id that is not a uuid', async () => {
      const unknown = await t.app.inject({ method: 'PATCH', url: '/v1/admin/packages/00000000-0000-4000-8000-000000000000', headers: as(owner), payload: { active: false } });
      expect(unknown.statusCode).toBe(404);
      const malformed = await t.app.inject({ method: 'PATCH', url: '/v1/admin/packages/not-a-uuid', headers: as(owner), payload: { active: false } });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toMatchObject({ code: 'INVALID_REQUEST' });
    });

    it.each([
      ['an empty body', {}],
      ['only undefined-able junk', { currency: 'usd' }],
      ['a negative price', { priceCents: -5 }],
      ['a price of 0', { priceCents: 0 }],
      ["a price under Stripe's minimum charge", { priceCents: 10 }],
    ])('refuses a PATCH with %s (400) and changes nothing', async (_what, payload) => {
      const [pkg] = owner.packages;
      const response = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${pkg.id}`, headers: as(owner), payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_REQUEST' });
      expect(await t.db.getRepository(PackageEntity).findOneByOrFail({ id: pkg.id })).toMatchObject({ priceCents: pkg.priceCents, name: pkg.name });
    });
  });

  describe('bookings', () => {
    let tenant: TestTenant;
    let dates: string[];
    let rows: BookingEntity[];

    beforeAll(async () => {
      tenant = await buildTenant(t.db);
      dates = openDates(tenant, 5);
      // Inserted out of date order, so the ordering is the route's.
      rows = [
        await insertBooking(t.db, tenant, { date: dates[4], status: 'CONFIRMED' }),
        await insertBooking(t.db, tenant, { date: dates[1], status: 'PENDING' }),
        await insertBooking(t.db, tenant, { date: dates[2], status: 'EXPIRED' }),
        await insertBooking(t.db, tenant, { date: dates[0], status: 'CONFIRMED' }),
      ];
      await insertBooking(t.db, other, { date: dates[3], status: 'CONFIRMED' });
    });

    const list = async (query = '') => {
      const response = await t.app.inject({ method: 'GET', url: `/v1/admin/bookings${query}`, headers: as(tenant) });
      expect(response.statusCode).toBe(200);
      return response.json().bookings as Array<Record<string, unknown>>;
    };

    it("lists this tenant's bookings only, ordered by date, with the documented fields", async () => {
      const bookings = await list();
      expect(bookings.map((b) => b.eventDate)).toEqual([0, 1, 2, 4].map((offset) => dates[offset]));
      const confirmed = rows[3];
      expect(bookings[0]).toEqual({
        id: confirmed.id,
        proposalId: confirmed.proposalId,
        packageId: confirmed.packageId,
        eventDate: dates[0],
        status: 'CONFIRMED',
        confirmationCode: confirmed.confirmationCode,
        customerName: 'Ada Lovelace',
        customerEmail: confirmed.customerEmail,
        totalCents: 15_000,
        currency: 'usd',
        amountPaidCents: 15_000,
        paidAt: confirmed.paidAt!.toISOString(),
        refundedAt: null,
        createdAt: confirmed.createdAt.toISOString(),
      });
      // No Stripe ids or checkout links in the back office list.
      expect(Object.keys(bookings[0])).not.toContain('stripePaymentIntentId');
    });

    it('filters by status', async () => {
      expect((await list('?status=CONFIRMED')).map((b) => b.id)).toEqual([rows[3].id, rows[0].id]);
      expect((await list('?status=PENDING')).map((b) => b.id)).toEqual([rows[1].id]);
      expect(await list('?status=REFUNDED')).toEqual([]);
    });

    it('filters by dates, both ends included, alone or together with a status', async () => {
      expect((await list(`?from=${dates[1]}&to=${dates[2]}`)).map((b) => b.id)).toEqual([rows[1].id, rows[2].id]);
      expect((await list(`?from=${dates[2]}`)).map((b) => b.id)).toEqual([rows[2].id, rows[0].id]);
      expect((await list(`?to=${dates[1]}`)).map((b) => b.id)).toEqual([rows[3].id, rows[1].id]);
      expect((await list(`?status=CONFIRMED&from=${dates[1]}`)).map((b) => b.id)).toEqual([rows[0].id]);
    });

    it.each([
      ['an unknown status', '?status=PAID'],
      ['a lower-case status', '?status=pending'],
      ['an impossible date', '?from=2030-02-30'],
      ['`to` before `from`', '?from=2030-01-02&to=2030-01-01'],
      ['an unknown parameter', '?tenantId=x'],
      ['a repeated status', '?status=PENDING&status=CONFIRMED'],
    ])('is 400 INVALID_REQUEST for %s', async (_what, query) => {
      const response = await t.app.inject({ method: 'GET', url: `/v1/admin/bookings${query}`, headers: as(tenant) });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: expect.any(String), code: 'INVALID_REQUEST' });
    });
  });

  describe('cancel', () => {
    let tenant: TestTenant;

    beforeAll(async () => {
      tenant = await buildTenant(t.db);
    });

    it('cancels a PENDING booking without touching Stripe, and frees its date', async () => {
      const booking = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'PENDING' });
      const response = await cancel(tenant, booking.id);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: booking.id, status: 'CANCELED', refundedAt: null });
      expect((await reload(booking.id)).status).toBe('CANCELED');
      expect(stripe.calls).toEqual([]);
      const availability = await t.app.inject({
        method: 'GET',
        url: `/v1/availability?from=${booking.eventDate}&to=${booking.eventDate}`,
        headers: { 'x-tenant-key': tenant.publishableKey },
      });
      expect(availability.json().dates).toEqual([{ date: booking.eventDate, available: true }]);
    });

    it('refunds a paid CONFIRMED booking through Stripe with its idempotency key, then answers REFUNDED', async () => {
      const booking = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'CONFIRMED', paymentIntentId: 'pi_paid_once' });
      const response = await cancel(tenant, booking.id);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: booking.id, status: 'REFUNDED', refundedAt: expect.any(String), amountPaidCents: 15_000 });
      expect(stripe.calls).toHaveLength(1);
      expect(stripe.calls[0]).toMatchObject({ method: 'POST', path: '/v1/refunds', idempotencyKey: `refund-${booking.id}` });
      expect(stripe.calls[0].form.get('payment_intent')).toBe('pi_paid_once');
      expect(stripe.calls[0].form.get('amount')).toBe('15000');
      const row = await reload(booking.id);
      expect(row.status).toBe('REFUNDED');
      expect(row.refundedAt).toBeInstanceOf(Date);
    });

    it('a second cancel answers 200 with the booking unchanged and refunds nothing more', async () => {
      const booking = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'CONFIRMED' });
      const first = await cancel(tenant, booking.id);
      const again = await cancel(tenant, booking.id);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      expect(stripe.calls).toHaveLength(1);

      const pending = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'PENDING' });
      const canceled = await cancel(tenant, pending.id);
      expect((await cancel(tenant, pending.id)).json()).toEqual(canceled.json());
    });

    it('two concurrent cancels of a paid booking refund it once', async () => {
      const booking = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'CONFIRMED' });
      // A slow Stripe keeps the first cancel inside its transaction while the second arrives.
      stripe.behaviour.delayMs = 300;
      const [a, b] = await Promise.all([cancel(tenant, booking.id), cancel(tenant, booking.id)]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect([a.json().status, b.json().status]).toEqual(['REFUNDED', 'REFUNDED']);
      expect(stripe.calls.filter((call) => call.path === '/v1/refunds')).toHaveLength(1);
    });

    it('cancels a CONFIRMED booking that was never paid without a refund', async () => {
      const booking = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'CONFIRMED', paidAt: null, amountPaidCents: null, paymentIntentId: null });
      const response = await cancel(tenant, booking.id);
      expect(response.json()).toMatchObject({ status: 'CANCELED' });
      expect(stripe.calls).toEqual([]);
    });

    it('a payment Stripe reports as already refunded is recorded as REFUNDED', async () => {
      const booking = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'CONFIRMED' });
      stripe.behaviour.fail = { status: 400, code: 'charge_already_refunded' };
      const response = await cancel(tenant, booking.id);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'REFUNDED' });
    });

    it('when Stripe fails it answers 503 without internals, keeps the booking CONFIRMED, and the workflow refunds once Stripe is back', async () => {
      const booking = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'CONFIRMED' });
      stripe.behaviour.fail = { status: 500 };
      const response = await cancel(tenant, booking.id);
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ error: expect.not.stringMatching(/fake|stripe\.com|at .*\.ts/), code: 'SERVICE_UNAVAILABLE' });
      expect((await reload(booking.id)).status).toBe('CONFIRMED');

      // The refund activity keeps retrying with the same idempotency key; no second call is needed.
      stripe.behaviour.fail = undefined;
      await eventually(async () => ((await reload(booking.id)).status === 'REFUNDED' ? true : undefined));
      const retried = await cancel(tenant, booking.id);
      expect(retried.json()).toMatchObject({ status: 'REFUNDED' });
      expect(stripe.calls.length).toBeGreaterThan(1);
      expect(new Set(stripe.calls.map((call) => call.idempotencyKey))).toEqual(new Set([`refund-${booking.id}`]));
    });

    it('is 409 CONFLICT for an EXPIRED booking, which stays EXPIRED', async () => {
      const booking = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'EXPIRED' });
      const response = await cancel(tenant, booking.id);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({ error: expect.any(String), code: 'CONFLICT' });
      expect((await reload(booking.id)).status).toBe('EXPIRED');
    });

    it("is 404 for another tenant's booking, which stays as it was, and for an unknown id", async () => {
      const booking = await insertBooking(t.db, other, { date: nextOpenDate(other), status: 'CONFIRMED' });
      const foreign = await cancel(tenant, booking.id);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json()).toEqual({ error: expect.any(String), code: 'NOT_FOUND' });
      expect((await reload(booking.id)).status).toBe('CONFIRMED');
      expect(stripe.calls).toEqual([]);
      expect((await cancel(tenant, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      expect((await cancel(tenant, 'nope')).statusCode).toBe(400);
    });

    it('refuses a body with fields (400)', async () => {
      const booking = await insertBooking(t.db, tenant, { date: nextOpenDate(tenant), status: 'PENDING' });
      const response = await t.app.inject({ method: 'POST', url: `/v1/admin/bookings/${booking.id}/cancel`, headers: as(tenant), payload: { refund: false } });
      expect(response.statusCode).toBe(400);
      expect((await reload(booking.id)).status).toBe('PENDING');
    });
  });

  describe('cancel in Stripe test mode (no STRIPE_SECRET_KEY)', () => {
    let local: TestApp;
    let localWorker: TestWorker;
    beforeAll(async () => {
      local = await createTestApp();
      localWorker = await startTestWorker(local.config, local.db);
    });
    afterAll(async () => {
      await localWorker?.stop();
      await local.close();
    });

    it('records the refund of a paid booking without calling Stripe', async () => {
      const tenant = await buildTenant(local.db);
      const booking = await insertBooking(local.db, tenant, { date: nextOpenDate(tenant), status: 'CONFIRMED' });
      const response = await local.app.inject({ method: 'POST', url: `/v1/admin/bookings/${booking.id}/cancel`, headers: as(tenant) });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'REFUNDED', refundedAt: expect.any(String) });
      expect(stripe.calls).toEqual([]);
    });
  });
});
