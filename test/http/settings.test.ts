import { BookingEntity, TenantEntity } from '../../src/db/entities';
import { addDays, weekdayOf } from '../../src/domain/calendar';
import { DEFAULT_CANCELLATION_POLICY } from '../../src/schemas/cancellation-policy.schema';
import { insertBooking } from '../helpers/booking-rows';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { postProposal, proposalBody } from '../helpers/proposal-api';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { daysFromToday, nextOpenDate, openDates } from '../helpers/test-dates';
import { FakeAnthropic, textReply, toolUseReply } from '../helpers/fake-anthropic';
import { modelOverrides, postChat, toolResults } from '../chat/chat-test-kit';

const TOKEN = 'platform-token-for-settings-tests-01';

describe('tenant settings (/v1/admin/settings)', () => {
  let t: TestApp;
  let fake: FakeAnthropic;
  beforeAll(async () => {
    fake = await FakeAnthropic.start();
    t = await createTestApp({ PLATFORM_ADMIN_TOKEN: TOKEN, ...modelOverrides(fake) });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const as = (owner: TestTenant) => ({ authorization: `Bearer ${owner.secretKey}` });
  const getSettings = (owner: TestTenant) => t.app.inject({ method: 'GET', url: '/v1/admin/settings', headers: as(owner) });
  const patchSettings = (owner: TestTenant, payload: unknown) =>
    t.app.inject({ method: 'PATCH', url: '/v1/admin/settings', headers: as(owner), payload: payload as object });
  const isAvailable = async (owner: TestTenant, date: string): Promise<boolean> => {
    const response = await t.app.inject({ method: 'GET', url: `/v1/availability?from=${date}&to=${date}`, headers: { 'x-tenant-key': owner.publishableKey } });
    expect(response.statusCode).toBe(200);
    return response.json().dates[0].available;
  };
  /** The tenant row as it is now, for nextOpenDate after a change of hours. */
  const fresh = (owner: TestTenant) => t.db.getRepository(TenantEntity).findOneByOrFail({ id: owner.tenant.id });

  it('answers the defaults of a new tenant', async () => {
    const owner = await buildTenant(t.db, { name: 'Default Settings Studio' });
    const response = await getSettings(owner);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      name: 'Default Settings Studio',
      timezone: 'UTC',
      currency: 'usd',
      businessHours: {
        mon: { open: '09:00', close: '17:00' },
        tue: { open: '09:00', close: '17:00' },
        wed: { open: '09:00', close: '17:00' },
        thu: { open: '09:00', close: '17:00' },
        fri: { open: '09:00', close: '17:00' },
        sat: { open: '10:00', close: '14:00' },
        sun: null,
      },
      closedDates: [],
      notificationEmail: null,
      allowedOrigins: [],
      cancellationPolicy: DEFAULT_CANCELLATION_POLICY,
    });
  });

  describe('PATCH changes each field and answers the full settings', () => {
    it('changes name, time zone (canonical spelling) and notification email, and clears the email with null', async () => {
      const owner = await buildTenant(t.db);
      const response = await patchSettings(owner, { name: '  Renamed Studio ', timezone: 'europe/berlin', notificationEmail: 'Owner@Studio.Test' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ name: 'Renamed Studio', timezone: 'Europe/Berlin', notificationEmail: 'owner@studio.test', currency: 'usd' });
      expect(await fresh(owner)).toMatchObject({ name: 'Renamed Studio', timezone: 'Europe/Berlin', contactEmail: 'owner@studio.test' });
      const catalog = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': owner.publishableKey } });
      expect(catalog.json().tenant).toEqual({ name: 'Renamed Studio', timezone: 'Europe/Berlin', currency: 'usd' });

      const cleared = await patchSettings(owner, { notificationEmail: null });
      expect(cleared.json().notificationEmail).toBeNull();
      expect((await fresh(owner)).contactEmail).toBeNull();
    });

    it('changes only the weekdays given in businessHours', async () => {
      const owner = await buildTenant(t.db);
      const response = await patchSettings(owner, { businessHours: { sun: { open: '10:00', close: '16:00' }, sat: null } });
      expect(response.statusCode).toBe(200);
      const hours = response.json().businessHours;
      expect(hours).toMatchObject({ mon: { open: '09:00', close: '17:00' }, sat: null, sun: { open: '10:00', close: '16:00' } });
      expect((await fresh(owner)).businessHours).toMatchObject({ sat: null, sun: ['10:00', '16:00'] });
      expect((await getSettings(owner)).json().businessHours).toEqual(hours);
    });

    it('replaces allowed origins, normalised as a browser sends Origin, each once', async () => {
      const owner = await buildTenant(t.db);
      const response = await patchSettings(owner, {
        allowedOrigins: [
          'https://Shop.Example:443/',
          'http://localhost:*',
          'http://127.0.0.1:5173',
          'https://shop.example',
          'https://xn--bcher-kva.example:8443',
        ],
      });
      expect(response.statusCode).toBe(200);
      const expected = ['https://shop.example', 'http://localhost:*', 'http://127.0.0.1:5173', 'https://xn--bcher-kva.example:8443'];
      expect(response.json().allowedOrigins).toEqual(expected);
      expect((await fresh(owner)).allowedOrigins).toEqual(expected);
      expect((await patchSettings(owner, { allowedOrigins: [] })).json().allowedOrigins).toEqual([]);
    });

    it('replaces the cancellation policy', async () => {
      const owner = await buildTenant(t.db);
      const policy = { fullRefundDaysBefore: 14, partialRefundPercent: 25, noRefundDaysBefore: 3 };
      const response = await patchSettings(owner, { cancellationPolicy: policy });
      expect(response.statusCode).toBe(200);
      expect(response.json().cancellationPolicy).toEqual(policy);
      expect((await fresh(owner)).cancellationPolicy).toEqual(policy);
    });
  });

  describe('currency', () => {
    it('is refused with 409 while active packages are priced in another currency, and nothing changes', async () => {
      const owner = await buildTenant(t.db);
      const response = await patchSettings(owner, { currency: 'eur', name: 'Euro Studio' });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({ error: expect.stringContaining('2 active package(s)'), code: 'CONFLICT' });
      expect(await fresh(owner)).toMatchObject({ currency: 'usd', name: owner.tenant.name });
    });

    it('changes once those packages are withdrawn; new packages take it, withdrawn ones cannot come back', async () => {
      const owner = await buildTenant(t.db);
      for (const pkg of owner.packages) {
        const withdrawn = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${pkg.id}`, headers: as(owner), payload: { active: false } });
        expect(withdrawn.statusCode).toBe(200);
      }
      const response = await patchSettings(owner, { currency: 'JPY' });
      expect(response.statusCode).toBe(200);
      expect(response.json().currency).toBe('jpy');

      const created = await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: as(owner), payload: { name: 'Portrait', priceCents: 15_000 } });
      expect(created.json()).toMatchObject({ priceCents: 15_000, currency: 'jpy' });
      const revived = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${owner.packages[0].id}`, headers: as(owner), payload: { active: true } });
      expect(revived.statusCode).toBe(409);
      expect(revived.json().code).toBe('CONFLICT');
    });
  });

  describe('availability and proposals follow the hours at once', () => {
    it('closing a weekday makes its dates unavailable and refuses proposals; reopening brings them back', async () => {
      const owner = await buildTenant(t.db);
      const date = nextOpenDate(owner);
      expect(await isAvailable(owner, date)).toBe(true);

      expect((await patchSettings(owner, { businessHours: { [weekdayOf(date)]: null } })).statusCode).toBe(200);
      expect(await isAvailable(owner, date)).toBe(false);
      const refused = await postProposal(t.app, owner.publishableKey, proposalBody(owner, date));
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('DATE_UNAVAILABLE');

      expect((await patchSettings(owner, { businessHours: { [weekdayOf(date)]: { open: '08:00', close: '12:00' } } })).statusCode).toBe(200);
      expect(await isAvailable(owner, date)).toBe(true);
    });

    it('opening Sunday makes the next Sunday available', async () => {
      const owner = await buildTenant(t.db);
      const sunday = [2, 3, 4, 5, 6, 7, 8].map((days) => daysFromToday(days)).find((date) => weekdayOf(date) === 'sun') as string;
      expect(await isAvailable(owner, sunday)).toBe(false);
      await patchSettings(owner, { businessHours: { sun: { open: '10:00', close: '14:00' } } });
      expect(await isAvailable(owner, sunday)).toBe(true);
      // The test-date helper follows the tenant's rules as they are now.
      expect(openDates(await fresh(owner), 7).map(weekdayOf)).toContain('sun');
    });

    it("the assistant's tools see the new hours and closed dates on the next message", async () => {
      const owner = await buildTenant(t.db);
      const [closedDay, closedWeekdayDate] = openDates(owner, 2);
      const weekday = weekdayOf(closedWeekdayDate);
      await patchSettings(owner, { businessHours: { [weekday]: null, sun: { open: '10:00', close: '14:00' } }, closedDates: { add: [closedDay] } });
      const results: unknown[] = [];
      fake.enqueue(
        toolUseReply([
          { name: 'get_business_hours', input: {} },
          { name: 'check_availability', input: { from: closedWeekdayDate, to: closedWeekdayDate } },
        ]),
        (request) => {
          results.push(...toolResults(request).map((result) => JSON.parse(result.content)));
          return textReply('Here are our hours.');
        },
      );
      const response = await postChat(t, owner.publishableKey, { message: 'When are you open?' });
      expect(response.statusCode).toBe(200);
      const [hours, availability] = results as [{ businessHours: Record<string, unknown>; closedDates: string[] }, unknown];
      expect(hours.businessHours).toMatchObject({ [weekday]: null, sun: ['10:00', '14:00'] });
      expect(hours.closedDates).toEqual([closedDay]);
      expect(availability).toEqual({ dates: [{ date: closedWeekdayDate, available: false }] });
    });

    it('never cancels an existing booking on a weekday that closes', async () => {
      const owner = await buildTenant(t.db);
      const date = nextOpenDate(owner);
      const booking = await insertBooking(t.db, owner, { date, status: 'CONFIRMED' });
      expect((await patchSettings(owner, { businessHours: { [weekdayOf(date)]: null }, closedDates: { add: [date] } })).statusCode).toBe(200);

      expect(await t.db.getRepository(BookingEntity).findOneByOrFail({ id: booking.id })).toMatchObject({ status: 'CONFIRMED', eventDate: date });
      const listed = await t.app.inject({ method: 'GET', url: `/v1/admin/bookings?from=${date}&to=${date}`, headers: as(owner) });
      expect(listed.json().bookings).toEqual([expect.objectContaining({ id: booking.id, status: 'CONFIRMED' })]);
    });
  });

  describe('closed dates', () => {
    it('adds single dates and ranges, removes them again, and availability follows', async () => {
      const owner = await buildTenant(t.db);
      const [single, rangeStart] = openDates(owner, 2);
      const rangeEnd = addDays(rangeStart, 3);
      const added = await patchSettings(owner, { closedDates: { add: [single, { from: rangeStart, to: rangeEnd }] } });
      expect(added.statusCode).toBe(200);
      // openDates ascends, so the single date comes before the range.
      expect(added.json().closedDates).toEqual([single, rangeStart, addDays(rangeStart, 1), addDays(rangeStart, 2), rangeEnd]);
      expect(await isAvailable(owner, single)).toBe(false);
      expect(await isAvailable(owner, rangeStart)).toBe(false);

      const removed = await patchSettings(owner, { closedDates: { remove: [{ from: rangeStart, to: rangeEnd }] } });
      expect(removed.json().closedDates).toEqual([single]);
      expect(await isAvailable(owner, rangeStart)).toBe(true);
      expect((await getSettings(owner)).json().closedDates).toEqual(removed.json().closedDates);
    });

    it('drops past dates: they are never bookable anyway', async () => {
      const owner = await buildTenant(t.db);
      const future = nextOpenDate(owner);
      const response = await patchSettings(owner, { closedDates: { add: [daysFromToday(-3), { from: daysFromToday(-10), to: daysFromToday(-8) }, future] } });
      expect(response.json().closedDates).toEqual([future]);
    });

    it.each([
      ['a date both added and removed', (d: string) => ({ add: [d], remove: [{ from: d, to: addDays(d, 1) }] })],
      ['a range ending before it starts', (d: string) => ({ add: [{ from: d, to: addDays(d, -1) }] })],
      ['a range of more than 366 days', (d: string) => ({ add: [{ from: d, to: addDays(d, 366) }] })],
      ['more than 366 closed dates in all', (d: string) => ({ add: [{ from: d, to: addDays(d, 365) }, addDays(d, 400)] })],
      ['an impossible date', () => ({ add: ['2027-02-30'] })],
      ['more than 100 entries', (d: string) => ({ add: Array.from({ length: 101 }, (_, i) => addDays(d, i)) })],
      ['an unknown key', (d: string) => ({ replace: [d] })],
    ])('refuses %s with 400 and keeps the list', async (_what, change) => {
      const owner = await buildTenant(t.db);
      const [kept, date] = openDates(owner, 2);
      await patchSettings(owner, { closedDates: { add: [kept] } });
      const response = await patchSettings(owner, { closedDates: change(date) });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('INVALID_REQUEST');
      expect((await fresh(owner)).blackoutDates).toEqual([kept]);
    });
  });

  describe('bad input is a 400 and changes nothing', () => {
    it.each([
      ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }],
      ['a UTC offset instead of a zone', { timezone: '+01:00' }],
      ['an unknown currency', { currency: 'xyz' }],
      ['a currency Stripe counts differently', { currency: 'isk' }],
      ['a precious metal', { currency: 'xau' }],
      ['a bad email', { notificationEmail: 'not-an-email' }],
      ['an origin with a path', { allowedOrigins: ['https://shop.example/widget'] }],
      ['an origin with a query', { allowedOrigins: ['https://shop.example?x=1'] }],
      ['an ftp origin', { allowedOrigins: ['ftp://shop.example'] }],
      ['a wildcard origin', { allowedOrigins: ['*'] }],
      ['an origin with credentials', { allowedOrigins: ['https://user:pw@shop.example'] }],
      ['a wildcard port on another host', { allowedOrigins: ['http://shop.example:*'] }],
      ['too many origins', { allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example`) }],
      ['close before open', { businessHours: { mon: { open: '17:00', close: '09:00' } } }],
      ['open equal to close', { businessHours: { mon: { open: '09:00', close: '09:00' } } }],
      ['a time without leading zero', { businessHours: { mon: { open: '9:00', close: '17:00' } } }],
      ['an hour past 23', { businessHours: { mon: { open: '09:00', close: '24:30' } } }],
      ['an unknown weekday', { businessHours: { funday: null } }],
      ['a bad cancellation policy', { cancellationPolicy: { fullRefundDaysBefore: 2, partialRefundPercent: 50, noRefundDaysBefore: 5 } }],
      ['an empty name', { name: '   ' }],
      ['an unknown field', { tenantId: '00000000-0000-4000-8000-000000000000' }],
      ['an empty body', {}],
      ['a good name beside a bad time zone', { name: 'Changed', timezone: 'Nowhere/Land' }],
    ])('%s', async (_what, payload) => {
      const owner = await buildTenant(t.db);
      const before = (await getSettings(owner)).json();
      const response = await patchSettings(owner, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: expect.stringMatching(/^Invalid body/), code: 'INVALID_REQUEST' });
      expect((await getSettings(owner)).json()).toEqual(before);
    });
  });

  describe('tenant isolation', () => {
    it("one tenant's key reads and changes only its own settings", async () => {
      const owner = await buildTenant(t.db, { name: 'Owner Studio' });
      const other = await buildTenant(t.db, { name: 'Other Studio' });
      const otherBefore = (await getSettings(other)).json();
      expect((await getSettings(owner)).json().name).toBe('Owner Studio');

      await patchSettings(owner, { name: 'Owner Renamed', businessHours: { mon: null }, closedDates: { add: [nextOpenDate(owner)] } });
      expect((await getSettings(other)).json()).toEqual(otherBefore);
      expect((await getSettings(owner)).json().name).toBe('Owner Renamed');
    });

    it.each([
      ['no key', {}],
      ['the publishable key', 'publishable'],
      ['an unknown secret key', { authorization: 'Bearer sk_unknownunknownunknown' }],
    ])('answers 401 with %s', async (_what, credential) => {
      const owner = await buildTenant(t.db);
      const headers = credential === 'publishable' ? { authorization: `Bearer ${owner.publishableKey}` } : (credential as Record<string, string>);
      const read = await t.app.inject({ method: 'GET', url: '/v1/admin/settings', headers });
      const write = await t.app.inject({ method: 'PATCH', url: '/v1/admin/settings', headers, payload: { name: 'Hijacked' } });
      expect([read.statusCode, write.statusCode]).toEqual([401, 401]);
      expect((await fresh(owner)).name).toBe(owner.tenant.name);
    });
  });

  it('the platform creates a tenant with the same settings', async () => {
    const closed = daysFromToday(30);
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/platform/tenants',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: {
        name: 'Set-up Studio',
        timezone: 'America/Chicago',
        currency: 'eur',
        businessHours: { sun: { open: '11:00', close: '15:00' } },
        closedDates: [closed],
        notificationEmail: 'desk@setup.test',
        allowedOrigins: ['https://setup.example'],
        cancellationPolicy: { fullRefundDaysBefore: 3, partialRefundPercent: 0, noRefundDaysBefore: 3 },
      },
    });
    expect(response.statusCode).toBe(201);
    const settings = await t.app.inject({ method: 'GET', url: '/v1/admin/settings', headers: { authorization: `Bearer ${response.json().secretKey}` } });
    expect(settings.json()).toMatchObject({
      name: 'Set-up Studio',
      timezone: 'America/Chicago',
      currency: 'eur',
      businessHours: { mon: { open: '09:00', close: '17:00' }, sun: { open: '11:00', close: '15:00' } },
      closedDates: [closed],
      notificationEmail: 'desk@setup.test',
      allowedOrigins: ['https://setup.example'],
      cancellationPolicy: { fullRefundDaysBefore: 3, partialRefundPercent: 0, noRefundDaysBefore: 3 },
    });
  });
});
