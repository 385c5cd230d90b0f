import type { TenantEntity } from '../../src/db/entities';
import { addDays, isBookableDay, todayInTimeZone } from '../../src/domain/calendar';
import type { TestTenant } from './factories';

/** What decides whether a tenant takes bookings on a day: the same rules availability uses. */
export type CalendarTenant = Pick<TenantEntity, 'id' | 'timezone' | 'businessHours' | 'blackoutDates'>;

// The day after tomorrow at the earliest: "today" in the tenant's zone and on the test's clock
// differ for hours each day, and a run may cross midnight.
const FIRST_DAY_OFFSET = 2;
// A tenant open one day a week still gets 150 dates; no test needs more.
const HORIZON_DAYS = 3 * 366;

/** Every date handed out in this test file, per tenant id: none is handed out twice. */
const handedOut = new Map<string, Set<string>>();

function calendarOf(tenant: TestTenant | CalendarTenant): CalendarTenant {
  return 'tenant' in tenant ? tenant.tenant : tenant;
}

/**
 * A future date the tenant is open on and that no other test in this file was given: two tests
 * can never book the same day by accident, whatever day of the week the suite runs on.
 */
export function nextOpenDate(tenant: TestTenant | CalendarTenant, now: Date = new Date()): string {
  const calendar = calendarOf(tenant);
  const taken = handedOut.get(calendar.id) ?? new Set<string>();
  handedOut.set(calendar.id, taken);
  const today = todayInTimeZone(calendar.timezone, now);
  for (let offset = FIRST_DAY_OFFSET; offset < HORIZON_DAYS; offset += 1) {
    const date = addDays(today, offset);
    if (!taken.has(date) && isBookableDay(date, calendar.businessHours, calendar.blackoutDates)) {
      taken.add(date);
      return date;
    }
  }
  throw new Error(`no open date left for tenant ${calendar.id} within ${HORIZON_DAYS} days`);
}

/** `count` distinct open dates, in ascending order. */
export function openDates(tenant: TestTenant | CalendarTenant, count: number, now: Date = new Date()): string[] {
  return Array.from({ length: count }, () => nextOpenDate(tenant, now));
}

/**
 * A date `days` from today in a time zone (negative: in the past), with no regard to opening
 * hours: for availability ranges and past dates, never for booking.
 */
export function daysFromToday(days: number, timeZone = 'UTC', now: Date = new Date()): string {
  return addDays(todayInTimeZone(timeZone, now), days);
}
