import { type Client, WorkflowFailedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { type CancelBookingResult, cancelWorkflowId, type RefundRule } from '../../workflows/cancel-booking.messages';
import type { Config } from '../config';
import { BookingEntity } from '../db/entities';
import { AppError } from '../errors';
import { runBookingChangeWorkflow } from '../integrations/temporal-client';
import type { TAdminBooking } from '../schemas/admin.schema';
import { toAdminBooking } from './list-bookings';

export interface CancelBookingDeps {
  config: Config;
  db: DataSource;
  temporal: Client;
}

/**
 * Runs the cancelBooking workflow (cancel-<bookingId>) and waits BOOKING_CHANGE_WAIT for it. Still
 * running then (Stripe is away and the refund keeps retrying): 503, the booking unchanged for now.
 */
export async function runCancellation(deps: CancelBookingDeps, booking: BookingEntity, refund: RefundRule): Promise<CancelBookingResult> {
  let result: CancelBookingResult | undefined;
  try {
    result = await runBookingChangeWorkflow(
      deps.temporal,
      'cancelBooking',
      {
        workflowId: cancelWorkflowId(booking.id),
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        tenantId: booking.tenantId,
        bookingId: booking.id,
        args: [{ tenantId: booking.tenantId, bookingId: booking.id, refund }],
        summary: `Cancel booking ${booking.confirmationCode}`,
      },
      deps.config.BOOKING_CHANGE_WAIT,
    );
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    throw new AppError('SERVICE_UNAVAILABLE', 'The refund was refused by the payment provider; the booking is unchanged. Please contact support');
  }
  if (!result) {
    throw new AppError('SERVICE_UNAVAILABLE', 'The refund could not be made yet; the cancellation keeps retrying and completes on its own');
  }
  return result;
}

/**
 * docs/api.md `POST /v1/admin/bookings/:id/cancel`: the same cancelBooking workflow as the customer's
 * manage page, with a full refund. PENDING becomes CANCELED; a paid CONFIRMED booking is refunded
 * (test mode, without a Stripe client: only recorded) and becomes REFUNDED. A second cancel changes
 * nothing; an EXPIRED booking was never paid and is final.
 */
export async function cancelBooking(deps: CancelBookingDeps, tenantId: string, bookingId: string): Promise<TAdminBooking> {
  const bookings = deps.db.getRepository(BookingEntity);
  const booking = await bookings.findOneBy({ id: bookingId, tenantId });
  if (!booking) throw new AppError('NOT_FOUND', 'No booking with that id');
  if (booking.status === 'CANCELED' || booking.status === 'REFUNDED') return toAdminBooking(booking);
  if (booking.status === 'EXPIRED') throw new AppError('CONFLICT', 'This booking expired unpaid; there is nothing to cancel');
  const result = await runCancellation(deps, booking, 'full');
  if (result.outcome === 'NOT_FOUND') throw new AppError('NOT_FOUND', 'No booking with that id');
  if (result.outcome === 'REFUSED') throw new AppError('CONFLICT', result.reason ?? 'This booking cannot be cancelled');
  return toAdminBooking(await bookings.findOneByOrFail({ id: bookingId, tenantId }));
}
