import type { DataSource, EntityManager } from 'typeorm';
import type { RescheduleBookingInput } from '../workflows/reschedule-booking.messages';
import { isBookableDay, todayInTimeZone } from '../src/domain/calendar';
import type { BusinessHours } from '../src/db/entities/tenant.entity';
import { updateReturning } from '../src/db/update-returning';
import { findBooking } from './booking-rows';
import { isDateHeld, lockTenantDate } from './date-lock';
import { uniqueViolationConstraint } from './failures';

export type MovedBooking =
  | { outcome: 'MOVED'; fromDate: string; toDate: string; scheduleVersion: number }
  | { outcome: 'UNCHANGED'; fromDate: string; toDate: string; scheduleVersion: number }
  | { outcome: 'DATE_UNAVAILABLE'; reason: string }
  | { outcome: 'REFUSED'; reason: string }
  | { outcome: 'NOT_FOUND' };

interface TenantCalendarRow {
  timezone: string;
  business_hours: BusinessHours;
  blackout_dates: string[];
}

export function createRescheduleActivities({ db }: { db: DataSource }) {
  return {
    /**
     * Moves a confirmed booking to `newDate` in one transaction holding the advisory locks of both
     * dates (taken in date order, so two moves never deadlock); the partial unique index on the
     * active date is the backstop. The old date is free the moment this commits. Idempotent: a
     * retry after the commit finds the booking on `newDate` already.
     */
    async moveBookingDate(input: RescheduleBookingInput): Promise<MovedBooking> {
      const before = await findBooking(db.manager, input.tenantId, input.bookingId);
      if (!before) return { outcome: 'NOT_FOUND' };
      try {
        return await db.transaction((tx) => moveUnderLocks(tx, input, before.event_date));
      } catch (error) {
        if (uniqueViolationConstraint(error) === 'uq_bookings_tenant_date_active') {
          return { outcome: 'DATE_UNAVAILABLE', reason: `${input.newDate} is already booked` };
        }
        throw error;
      }
    },
  };
}

async function moveUnderLocks(tx: EntityManager, input: RescheduleBookingInput, oldDate: string): Promise<MovedBooking> {
  for (const date of [oldDate, input.newDate].sort()) await lockTenantDate(tx, input.tenantId, date);
  const booking = await findBooking(tx, input.tenantId, input.bookingId, true);
  if (!booking) return { outcome: 'NOT_FOUND' };
  const [version]: Array<{ schedule_version: number }> = await tx.query('SELECT schedule_version FROM bookings WHERE id = $1 AND tenant_id = $2', [
    booking.id,
    booking.tenant_id,
  ]);
  if (booking.event_date === input.newDate) {
    return { outcome: 'UNCHANGED', fromDate: booking.event_date, toDate: input.newDate, scheduleVersion: version.schedule_version };
  }
  // Moved meanwhile by another run: its old date is not locked here, so start over.
  if (booking.event_date !== oldDate) throw new Error(`booking ${booking.id} moved while being rescheduled; retrying`);
  if (booking.status !== 'CONFIRMED') return { outcome: 'REFUSED', reason: `This booking is ${booking.status.toLowerCase()} and cannot be moved` };

  const [tenant]: TenantCalendarRow[] = await tx.query('SELECT timezone, business_hours, blackout_dates FROM tenants WHERE id = $1', [input.tenantId]);
  const today = todayInTimeZone(tenant.timezone);
  if (booking.event_date < today) return { outcome: 'REFUSED', reason: 'The date of this booking has passed' };
  if (input.newDate <= today) return { outcome: 'DATE_UNAVAILABLE', reason: `${input.newDate} is not a future date` };
  if (!isBookableDay(input.newDate, tenant.business_hours, tenant.blackout_dates)) {
    return { outcome: 'DATE_UNAVAILABLE', reason: `${input.newDate} is not open for bookings` };
  }
  if (await isDateHeld(tx, input.tenantId, input.newDate, booking.id)) return { outcome: 'DATE_UNAVAILABLE', reason: `${input.newDate} is already booked` };

  const [moved] = await updateReturning<{ schedule_version: number }>(
    tx,
    `UPDATE bookings SET event_date = $3, schedule_version = schedule_version + 1, updated_at = now()
      WHERE id = $1 AND tenant_id = $2
      RETURNING schedule_version`,
    [booking.id, booking.tenant_id, input.newDate],
  );
  return { outcome: 'MOVED', fromDate: oldDate, toDate: input.newDate, scheduleVersion: moved.schedule_version };
}
