import { addDays, daysBetween, isBookableDay, isCalendarDate, todayInTimeZone, weekdayOf } from '../../src/domain/calendar';
import { DEFAULT_BUSINESS_HOURS } from '../../src/services/create-tenant';

describe('calendar', () => {
  describe('isCalendarDate', () => {
    it.each(['2026-01-01', '2024-02-29', '2026-12-31', '2000-02-29'])('accepts %s', (text) => {
      expect(isCalendarDate(text)).toBe(true);
    });

    it.each([
      ['a day February never has', '2026-02-30'],
      ['February 29th outside a leap year', '2026-02-29'],
      ['1900, not a leap year', '1900-02-29'],
      ['month 13', '2026-13-01'],
      ['day 0', '2026-01-00'],
      ['no zero padding', '2026-1-5'],
      ['a time part', '2026-01-05T00:00:00Z'],
      ['slashes', '2026/01/05'],
      ['trailing text', '2026-01-05x'],
      ['leading space', ' 2026-01-05'],
      ['empty', ''],
    ])('rejects %s (%j)', (_what, text) => {
      expect(isCalendarDate(text)).toBe(false);
    });
  });

  describe('todayInTimeZone', () => {
    // 2026-03-01T10:30Z: already the 2nd on Kiritimati (UTC+14), still Feb 28th on Pago Pago (UTC-11).
    const instant = new Date('2026-03-01T10:30:00Z');

    it('reads the date in the given zone, not in UTC', () => {
      expect(todayInTimeZone('UTC', instant)).toBe('2026-03-01');
      expect(todayInTimeZone('Pacific/Kiritimati', instant)).toBe('2026-03-02');
      expect(todayInTimeZone('Pacific/Pago_Pago', instant)).toBe('2026-02-28');
    });

    it('follows daylight saving time (New York is UTC-4 in July, UTC-5 in January)', () => {
      expect(todayInTimeZone('America/New_York', new Date('2026-07-01T03:30:00Z'))).toBe('2026-06-30');
      expect(todayInTimeZone('America/New_York', new Date('2026-07-01T04:30:00Z'))).toBe('2026-07-01');
      expect(todayInTimeZone('America/New_York', new Date('2026-01-01T04:30:00Z'))).toBe('2025-12-31');
    });

    it('is zero-padded YYYY-MM-DD', () => {
      expect(todayInTimeZone('UTC', new Date('2026-01-05T12:00:00Z'))).toBe('2026-01-05');
    });
  });

  describe('addDays', () => {
    it('crosses month, year and leap day boundaries', () => {
      expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
      expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
      expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    });

    it('goes backwards and by zero', () => {
      expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
      expect(addDays('2026-03-01', 0)).toBe('2026-03-01');
    });

    it('is not moved by a DST change (dates are counted in UTC)', () => {
      expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
      expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    });
  });

  describe('daysBetween', () => {
    it('counts both ends', () => {
      expect(daysBetween('2026-01-01', '2026-01-01')).toBe(1);
      expect(daysBetween('2026-01-01', '2026-01-31')).toBe(31);
      expect(daysBetween('2024-02-01', '2024-03-01')).toBe(30);
      expect(daysBetween('2026-12-31', '2027-01-01')).toBe(2);
    });

    it('is below 1 when `to` is before `from`', () => {
      expect(daysBetween('2026-01-02', '2026-01-01')).toBe(0);
      expect(daysBetween('2026-01-10', '2026-01-01')).toBeLessThan(1);
    });

    it('agrees with addDays', () => {
      expect(daysBetween('2026-01-01', addDays('2026-01-01', 91))).toBe(92);
    });
  });

  describe('isBookableDay', () => {
    // 2026-03-01 is a Sunday; the default hours close on Sundays.
    it('is false on a closed weekday and true on open ones', () => {
      expect(weekdayOf('2026-03-01')).toBe('sun');
      expect(isBookableDay('2026-03-01', DEFAULT_BUSINESS_HOURS, [])).toBe(false);
      expect(isBookableDay('2026-03-02', DEFAULT_BUSINESS_HOURS, [])).toBe(true);
      expect(isBookableDay('2026-03-07', DEFAULT_BUSINESS_HOURS, [])).toBe(true);
    });

    it('is false on a blackout date only', () => {
      expect(isBookableDay('2026-03-03', DEFAULT_BUSINESS_HOURS, ['2026-03-03'])).toBe(false);
      expect(isBookableDay('2026-03-04', DEFAULT_BUSINESS_HOURS, ['2026-03-03'])).toBe(true);
    });

    it('follows the tenant hours, not a fixed week', () => {
      const sundaysNotMondays = { ...DEFAULT_BUSINESS_HOURS, mon: null, sat: ['08:00', '20:00'] as [string, string], sun: ['08:00', '20:00'] as [string, string] };
      expect(isBookableDay('2026-03-01', sundaysNotMondays, [])).toBe(true);
      expect(isBookableDay('2026-03-02', sundaysNotMondays, [])).toBe(false);
    });
  });
});
