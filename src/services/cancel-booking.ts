import type { Client } from '@temporalio/client';
import Stripe from 'stripe';
import type { DataSource, EntityManager } from 'typeorm';
import { BookingEntity } from '../db/entities';
import { AppError } from '../errors';
import { proposalWorkflowId } from '../../workflows/booking-proposal.messages';
import { refundIdempotencyKey } from '../integrations/stripe';
import { signalPaymentFailed } from '../integrations/temporal-client';
import type { Logger } from '../logger';
import type { TAdminBooking } from '../schemas/admin.schema';
import { toAdminBooking } from './list-bookings';

function isPaid(booking: BookingEntity): boolean {
  return booking.paidAt !== null && (booking.amountPaidCents ?? 0) > 0;
}

/** Full refund of the booking's payment; a payment Stripe says is already refunded counts as done. */
async function refundPayment(stripe: Stripe, booking: BookingEntity): Promise<void> {
  if (!booking.stripePaymentIntentId) {
    throw new AppError('CONFLICT', 'This booking was paid but has no Stripe payment on record; refund it in the Stripe dashboard');
  }
  try {
    await stripe.refunds.create({ payment_intent: booking.stripePaymentIntentId }, { idempotencyKey: refundIdempotencyKey(booking.id) });
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'charge_already_refunded') return;
    throw new AppError('SERVICE_UNAVAILABLE', 'The refund could not be made right now; the booking is unchanged, please retry', {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}

async function markBooking(manager: EntityManager, booking: BookingEntity, changes: Partial<BookingEntity>): Promise<BookingEntity> {
  await manager.update(BookingEntity, { id: booking.id, tenantId: booking.tenantId }, changes);
  return manager.findOneByOrFail(BookingEntity, { id: booking.id, tenantId: booking.tenantId });
}

/**
 * docs/api.md `POST /v1/admin/bookings/:id/cancel`. PENDING becomes CANCELED; a paid CONFIRMED booking
 * is refunded through Stripe (test mode, without a client: only recorded) and becomes REFUNDED.
 * The row is locked for the whole change, so two concurrent cancels refund once; a cancel of a
 * CANCELED or REFUNDED booking changes nothing. An EXPIRED booking was never paid and is final.
 */
export interface CancelBookingDeps {
  db: DataSource;
  stripe: Stripe | undefined;
  temporal: Client;
  logger: Pick<Logger, 'warn'>;
}

export async function cancelBooking(deps: CancelBookingDeps, tenantId: string, bookingId: string): Promise<TAdminBooking> {
  const { db, stripe } = deps;
  let releaseCheckout = false;
  const booking = await db.transaction(async (manager) => {
    const locked = await manager.findOne(BookingEntity, { where: { id: bookingId, tenantId }, lock: { mode: 'pessimistic_write' } });
    if (!locked) throw new AppError('NOT_FOUND', 'No booking with that id');
    switch (locked.status) {
      case 'CANCELED':
      case 'REFUNDED':
        return locked;
      case 'EXPIRED':
        throw new AppError('CONFLICT', 'This booking expired unpaid; there is nothing to cancel');
      case 'PENDING':
        releaseCheckout = true;
        return markBooking(manager, locked, { status: 'CANCELED' });
      case 'CONFIRMED':
        if (!isPaid(locked)) return markBooking(manager, locked, { status: 'CANCELED' });
        // Inside the lock: a second cancel waits here and then finds REFUNDED.
        if (stripe) await refundPayment(stripe, locked);
        return markBooking(manager, locked, { status: 'REFUNDED', refundedAt: new Date() });
    }
  });
  if (releaseCheckout) await endPaymentHold(deps, booking);
  return toAdminBooking(booking);
}

/**
 * The proposal workflow of a cancelled unpaid booking stops waiting and expires its checkout
 * session, so the customer can no longer pay for it. Best effort: if the signal cannot be sent,
 * the hold still ends on its timer and expires the session then (the booking stays CANCELED).
 */
async function endPaymentHold(deps: CancelBookingDeps, booking: BookingEntity): Promise<void> {
  if (!booking.stripeCheckoutSessionId) return;
  try {
    await signalPaymentFailed(deps.temporal, proposalWorkflowId(booking.proposalId), {
      eventId: `cancel-${booking.id}`,
      checkoutSessionId: booking.stripeCheckoutSessionId,
      reason: 'canceled',
    });
  } catch (error) {
    deps.logger.warn({ bookingId: booking.id, err: error }, 'cancelled booking: its workflow could not be told; the hold ends on its timer');
  }
}
