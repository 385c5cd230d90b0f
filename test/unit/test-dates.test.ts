import { randomUUID } from 'node:crypto';
import type { BusinessHours } from '../../src/db/entities/tenant.entity';
import { addDays, isBookableDay, todayInTimeZone } from '../../src/domain/calendar';
import { DEFAULT_BUSINESS_HOURS } from '../../src/services/create-tenant';
import { type CalendarTenant, daysFromToday, nextOpenDate, openDates } from '../helpers/test-dates';

const WEEKDAYS_ONLY: BusinessHours = { ...DEFAULT_BUSINESS_HOURS, sat: null, sun: null };
const MONDAYS_ONLY: BusinessHours = { mon: ['09:00', '17:00'], tue: null, wed: null, thu: null, fri: null, sat: null, sun: null };

function tenant(overrides: Partial<CalendarTenant> = {}): CalendarTenant {
  return { id: randomUUID(), timezone: 'UTC', businessHours: DEFAULT_BUSINESS_HOURS, blackoutDates: [], ...overrides };
}

// 2026-11-22 is a Sunday: the seven instants below are Sunday..Saturday at 23:30 UTC, when most
// of the world is already on the next day.
const EVERY_WEEKDAY = Array.from({ length: 7 }, (_, offset) => new Date(Date.parse('2026-11-22T23:30:00Z') + offset * 86_400_000));
const MONTH_AND_YEAR_ENDS = ['2026-11-30T12:00:00Z', '2026-12-31T23:59:59Z', '2027-02-28T00:00:00Z', '2028-02-29T18:00:00Z'].map((iso) => new Date(iso));

describe('test date allocator', () => {
  it.each([...EVERY_WEEKDAY, ...MONTH_AND_YEAR_ENDS].map((now) => [now.toISOString(), now]))(
    'on %s hands out distinct, open, future dates in ascending order',
    (_label, now) => {
      for (const calendar of [tenant(), tenant({ businessHours: WEEKDAYS_ONLY, timezone: 'Pacific/Kiritimati' }), tenant({ timezone: 'Pacific/Pago_Pago' })]) {
        const dates = openDates(calendar, 30, now);
        expect(new Set(dates).size).toBe(30);
        expect([...dates].sort()).toEqual(dates);
        for (const date of dates) {
          expect(isBookableDay(date, calendar.businessHours, calendar.blackoutDates)).toBe(true);
          expect(date > todayInTimeZone(calendar.timezone, now)).toBe(true);
        }
      }
    },
  );

  it('never hands out the same date twice for one tenant, across calls and across "today"s', () => {
    const calendar = tenant({ businessHours: MONDAYS_ONLY });
    const dates = EVERY_WEEKDAY.map((now) => nextOpenDate(calendar, now));
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('skips blackout dates', () => {
    const now = new Date('2026-12-30T08:00:00Z');
    const first = nextOpenDate(tenant(), now);
    const calendar = tenant({ blackoutDates: [first] });
    expect(nextOpenDate(calendar, now)).not.toBe(first);
  });

  it('tenants are independent: another tenant may get the same date', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(nextOpenDate(tenant(), now)).toBe(nextOpenDate(tenant(), now));
  });

  it('daysFromToday counts in the given zone', () => {
    const now = new Date('2026-03-01T10:30:00Z');
    expect(daysFromToday(-3, 'Pacific/Kiritimati', now)).toBe(addDays('2026-03-02', -3));
    expect(daysFromToday(1, 'Pacific/Pago_Pago', now)).toBe('2026-03-01');
  });
});
