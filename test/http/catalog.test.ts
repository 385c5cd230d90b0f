import type { BusinessHours } from '../../src/db/entities/tenant.entity';
import { PackageEntity } from '../../src/db/entities';
import { addDays, todayInTimeZone, weekdayOf } from '../../src/domain/calendar';
import { insertBooking } from '../helpers/booking-rows';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { daysFromToday, nextOpenDate } from '../helpers/test-dates';

const ALWAYS_OPEN: BusinessHours = {
  mon: ['00:00', '23:59'],
  tue: ['00:00', '23:59'],
  wed: ['00:00', '23:59'],
  thu: ['00:00', '23:59'],
  fri: ['00:00', '23:59'],
  sat: ['00:00', '23:59'],
  sun: ['00:00', '23:59'],
};

interface Day {
  date: string;
  available: boolean;
}

describe('catalog and availability routes', () => {
  let t: TestApp;
  let owner: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await buildTenant(t.db, { name: 'Catalog Studio', timezone: 'Europe/Berlin', currency: 'eur' });
  });
  afterAll(async () => t.close());

  const availability = async (tenant: TestTenant, query: string) =>
    t.app.inject({ method: 'GET', url: `/v1/availability?${query}`, headers: { 'x-tenant-key': tenant.publishableKey } });
  const availableMap = async (tenant: TestTenant, from: string, to: string): Promise<Map<string, boolean>> => {
    const response = await availability(tenant, `from=${from}&to=${to}`);
    expect(response.statusCode).toBe(200);
    return new Map((response.json().dates as Day[]).map((day) => [day.date, day.available]));
  };

  describe('GET /v1/catalog', () => {
    it('answers the tenant and its active packages only, in its currency', async () => {
      const tenant = await buildTenant(t.db, { name: 'Two Packages', currency: 'eur' });
      await t.db.getRepository(PackageEntity).update({ id: tenant.packages[1].id }, { active: false });
      const response = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': tenant.publishableKey } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        tenant: { name: 'Two Packages', timezone: 'UTC', currency: 'eur' },
        packages: [{ id: tenant.packages[0].id, name: 'Portrait session', description: 'One hour', priceCents: 15_000, currency: 'eur' }],
      });
    });

    it("never lists another tenant's packages", async () => {
      const response = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': owner.publishableKey } });
      const ids = (response.json().packages as Array<{ id: string }>).map((pkg) => pkg.id).sort();
      expect(ids).toEqual(owner.packages.map((pkg) => pkg.id).sort());
    });

    it.each([
      ['no key', {}],
      ['an unknown key', { 'x-tenant-key': 'pk_unknownunknownunknown' }],
      ['a key that is not a publishable key', { 'x-tenant-key': 'sk_notapublishablekey' }],
    ])('is 401 UNAUTHENTICATED with %s', async (_what, headers) => {
      const response = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: expect.any(String), code: 'UNAUTHENTICATED' });
    });

    it('is 401 with the secret key in X-Tenant-Key', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': owner.secretKey } });
      expect(response.statusCode).toBe(401);
    });

    it('refuses unknown query parameters', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/v1/catalog?tenantId=x', headers: { 'x-tenant-key': owner.publishableKey } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_REQUEST' });
    });
  });

  describe('GET /v1/availability', () => {
    it('closes on Sundays with the default hours and opens every other day', async () => {
      const from = daysFromToday(10);
      const to = addDays(from, 13);
      const days = await availableMap(owner, from, to);
      expect(days.size).toBe(14);
      for (const [date, available] of days) expect(available).toBe(weekdayOf(date) !== 'sun');
    });

    it('answers every date of the range once, in order, both ends included', async () => {
      const from = daysFromToday(20);
      const response = await availability(owner, `from=${from}&to=${addDays(from, 2)}`);
      expect(response.json()).toEqual({
        dates: [0, 1, 2].map((offset) => ({ date: addDays(from, offset), available: expect.any(Boolean) })),
      });
      const single = await availability(owner, `from=${from}&to=${from}`);
      expect((single.json().dates as Day[]).map((day) => day.date)).toEqual([from]);
    });

    it('closes blackout dates only', async () => {
      const from = daysFromToday(30);
      const tenant = await buildTenant(t.db, { businessHours: ALWAYS_OPEN, blackoutDates: [addDays(from, 1), addDays(from, 3)] });
      const days = await availableMap(tenant, from, addDays(from, 4));
      expect([...days.values()]).toEqual([true, false, true, false, true]);
    });

    it('a PENDING or CONFIRMED booking holds its date; EXPIRED, CANCELED and REFUNDED ones do not', async () => {
      const from = daysFromToday(40);
      const tenant = await buildTenant(t.db, { businessHours: ALWAYS_OPEN });
      const statuses = ['PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELED', 'REFUNDED'] as const;
      for (const [index, status] of statuses.entries()) await insertBooking(t.db, tenant, { date: addDays(from, index), status });
      const days = await availableMap(tenant, from, addDays(from, statuses.length));
      expect([...days.values()]).toEqual([false, false, true, true, true, true]);
    });

    it("another tenant's bookings do not close this tenant's dates", async () => {
      const busy = await buildTenant(t.db, { businessHours: ALWAYS_OPEN });
      const date = nextOpenDate(busy);
      const free = await buildTenant(t.db, { businessHours: ALWAYS_OPEN });
      await insertBooking(t.db, busy, { date, status: 'CONFIRMED' });
      expect((await availableMap(busy, date, date)).get(date)).toBe(false);
      expect((await availableMap(free, date, date)).get(date)).toBe(true);
    });

    it('past dates are unavailable, today and later are open', async () => {
      const tenant = await buildTenant(t.db, { businessHours: ALWAYS_OPEN, timezone: 'UTC' });
      const today = todayInTimeZone('UTC');
      const days = await availableMap(tenant, addDays(today, -3), addDays(today, 2));
      expect([...days.values()]).toEqual([false, false, false, true, true, true]);
    });

    it("'today' is the tenant's own: Kiritimati (UTC+14) is a day or two ahead of Pago Pago (UTC-11)", async () => {
      const ahead = await buildTenant(t.db, { businessHours: ALWAYS_OPEN, timezone: 'Pacific/Kiritimati' });
      const behind = await buildTenant(t.db, { businessHours: ALWAYS_OPEN, timezone: 'Pacific/Pago_Pago' });
      const todayAhead = todayInTimeZone('Pacific/Kiritimati');
      const todayBehind = todayInTimeZone('Pacific/Pago_Pago');
      expect(todayAhead > todayBehind).toBe(true);
      const from = addDays(todayBehind, -1);
      const to = addDays(todayAhead, 1);
      const aheadDays = await availableMap(ahead, from, to);
      const behindDays = await availableMap(behind, from, to);
      for (const date of aheadDays.keys()) {
        expect([date, aheadDays.get(date)]).toEqual([date, date >= todayAhead]);
        expect([date, behindDays.get(date)]).toEqual([date, date >= todayBehind]);
      }
      // The dates between the two "todays" are open on Pago Pago and already past on Kiritimati.
      expect(behindDays.get(todayBehind)).toBe(true);
      expect(aheadDays.get(todayBehind)).toBe(false);
    });

    it('answers 92 days at most', async () => {
      const from = daysFromToday(5);
      const ok = await availability(owner, `from=${from}&to=${addDays(from, 91)}`);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().dates).toHaveLength(92);
      const tooMany = await availability(owner, `from=${from}&to=${addDays(from, 92)}`);
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json()).toEqual({ error: expect.stringContaining('92'), code: 'INVALID_REQUEST' });
    });

    it.each([
      ['`to` before `from`', 'from=2030-01-10&to=2030-01-09'],
      ['a date February never has', 'from=2030-02-27&to=2030-02-30'],
      ['a month 13', 'from=2030-13-01&to=2030-13-02'],
      ['year 0, which Postgres does not have', 'from=0000-01-01&to=0000-01-02'],
      ['a date with a time', 'from=2030-01-01T00:00:00Z&to=2030-01-02'],
      ['no `to`', 'from=2030-01-01'],
      ['no `from`', 'to=2030-01-01'],
      ['no query at all', ''],
      ['an unknown parameter', 'from=2030-01-01&to=2030-01-02&tenantId=abc'],
      ['a repeated parameter', 'from=2030-01-01&from=2030-01-02&to=2030-01-03'],
      ['an empty value', 'from=&to=2030-01-02'],
    ])('is 400 INVALID_REQUEST for %s', async (_what, query) => {
      const response = await availability(owner, query);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: expect.any(String), code: 'INVALID_REQUEST' });
    });

    it('is 401 without a tenant key, before looking at the query', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/v1/availability?from=2030-01-01&to=2030-01-02' });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('is rate limited per key and address with 429 RATE_LIMITED', async () => {
      const tenant = await buildTenant(t.db);
      const from = daysFromToday(5);
      let last = await availability(tenant, `from=${from}&to=${from}`);
      for (let request = 1; request <= 120 && last.statusCode === 200; request += 1) last = await availability(tenant, `from=${from}&to=${from}`);
      expect(last.statusCode).toBe(429);
      expect(last.json()).toEqual({ error: expect.any(String), code: 'RATE_LIMITED' });
      // Another tenant's widget from the same address is not slowed down by this one.
      expect((await availability(owner, `from=${from}&to=${from}`)).statusCode).toBe(200);
    });
  });
});
