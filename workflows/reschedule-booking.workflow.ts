import { log, upsertSearchAttributes } from '@temporalio/workflow';
import type { RescheduleBookingInput, RescheduleBookingResult } from './reschedule-booking.messages';
import { BOOKING_ID, EVENT_DATE, TENANT_ID } from './search-attributes';
import { database, email } from './self-service-steps';

/**
 * Moves a confirmed booking to another open date (workflow id reschedule-<bookingId>): one activity
 * takes the new date under the same advisory lock and unique index as a new booking and frees the
 * old one; then both sides get an email, the customer with the updated calendar entry. A taken or
 * closed date changes nothing and says why.
 */
export async function rescheduleBooking(input: RescheduleBookingInput): Promise<RescheduleBookingResult> {
  upsertSearchAttributes([
    { key: TENANT_ID, value: input.tenantId },
    { key: BOOKING_ID, value: input.bookingId },
  ]);
  const moved = await database.moveBookingDate(input);
  if (moved.outcome === 'NOT_FOUND') return { bookingId: input.bookingId, outcome: 'NOT_FOUND' };
  if (moved.outcome === 'DATE_UNAVAILABLE' || moved.outcome === 'REFUSED') return { bookingId: input.bookingId, outcome: moved.outcome, reason: moved.reason };

  upsertSearchAttributes([{ key: EVENT_DATE, value: moved.toDate }]);
  // UNCHANGED after a move (a retry of this run, or a second click) still owes that move's emails; sent once each.
  if (moved.scheduleVersion > 0) {
    try {
      await email.sendRescheduleEmails({ tenantId: input.tenantId, bookingId: input.bookingId, scheduleVersion: moved.scheduleVersion });
    } catch (error) {
      log.error('reschedule emails could not be sent; the booking stays moved', { bookingId: input.bookingId, error: String(error) });
    }
  }
  return { bookingId: input.bookingId, outcome: moved.outcome, fromDate: moved.fromDate, toDate: moved.toDate };
}
