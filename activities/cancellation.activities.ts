import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import type { CancelBookingInput } from '../workflows/cancel-booking.messages';
import { todayInTimeZone } from '../src/domain/calendar';
import { quoteRefund } from '../src/domain/refund-policy';
import type { BookingStatus } from '../src/domain/statuses';
import { refundIdempotencyKey } from '../src/integrations/stripe';
import { ZCancellationPolicy, DEFAULT_CANCELLATION_POLICY } from '../src/schemas/cancellation-policy.schema';
import { updateReturning } from '../src/db/update-returning';
import { findBooking } from './booking-rows';
import { toStripeFailure } from './stripe-errors';

/** What cancelling a booking takes, decided before any money moves (no lock is held across Stripe). */
export type CancellationPlan =
  | {
      action: 'CANCEL';
      previousStatus: 'PENDING' | 'CONFIRMED';
      refundCents: number;
      paymentIntentId: string | null;
      proposalId: string;
      checkoutSessionId: string | null;
    }
  | { action: 'DONE'; status: 'CANCELED' | 'REFUNDED'; refundedCents: number }
  | { action: 'REFUSED'; reason: string }
  | { action: 'NOT_FOUND' };

export interface RefundCancellationInput {
  tenantId: string;
  bookingId: string;
  paymentIntentId: string | null;
  amountCents: number;
}

export interface MarkCanceledInput {
  tenantId: string;
  bookingId: string;
  refundedCents: number;
}

export interface MarkedCanceled {
  status: BookingStatus;
  /** False when another cancellation (or the payment hold) got there first. */
  changed: boolean;
}

interface CancellationDeps {
  db: DataSource;
  /** Undefined in test mode (no STRIPE_SECRET_KEY): refunds are recorded, not made. */
  stripe: Stripe | undefined;
}

export function createCancellationActivities({ db, stripe }: CancellationDeps) {
  return {
    /** Reads the booking and the tenant's policy and works out the refund; changes nothing. */
    async prepareCancellation(input: CancelBookingInput): Promise<CancellationPlan> {
      const booking = await findBooking(db.manager, input.tenantId, input.bookingId);
      if (!booking) return { action: 'NOT_FOUND' };
      if (booking.status === 'CANCELED' || booking.status === 'REFUNDED') {
        const [row]: Array<{ refunded_cents: number | null }> = await db.query('SELECT refunded_cents FROM bookings WHERE id = $1 AND tenant_id = $2', [
          booking.id,
          booking.tenant_id,
        ]);
        return { action: 'DONE', status: booking.status, refundedCents: row?.refunded_cents ?? 0 };
      }
      if (booking.status === 'EXPIRED') return { action: 'REFUSED', reason: 'This booking expired unpaid; there is nothing to cancel' };
      const paidCents = booking.paid_at && (booking.amount_paid_cents ?? 0) > 0 ? (booking.amount_paid_cents ?? 0) : 0;
      let refundCents = paidCents;
      if (input.refund === 'policy') {
        const [tenant]: Array<{ timezone: string; cancellation_policy: unknown }> = await db.query(
          'SELECT timezone, cancellation_policy FROM tenants WHERE id = $1',
          [booking.tenant_id],
        );
        const today = todayInTimeZone(tenant.timezone);
        if (booking.event_date < today) return { action: 'REFUSED', reason: 'The date of this booking has passed' };
        const parsed = ZCancellationPolicy.safeParse(tenant.cancellation_policy);
        refundCents = quoteRefund(parsed.success ? parsed.data : DEFAULT_CANCELLATION_POLICY, today, booking.event_date, paidCents).refundCents;
      }
      return {
        action: 'CANCEL',
        previousStatus: booking.status,
        refundCents,
        paymentIntentId: booking.stripe_payment_intent_id,
        proposalId: booking.proposal_id,
        checkoutSessionId: booking.stripe_checkout_session_id,
      };
    },

    /**
     * Pays `amountCents` back (Stripe idempotency key refund-<bookingId>, so a retried attempt is one
     * refund); a payment Stripe says is already refunded counts as done. No database lock is held here.
     */
    async refundCancellation(input: RefundCancellationInput): Promise<{ refundId: string | null }> {
      if (!stripe || !input.paymentIntentId || input.amountCents <= 0) return { refundId: null };
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: input.paymentIntentId, amount: input.amountCents },
          { idempotencyKey: refundIdempotencyKey(input.bookingId) },
        );
        return { refundId: refund.id };
      } catch (error) {
        if (error instanceof Error && (error as { code?: string }).code === 'charge_already_refunded') return { refundId: null };
        throw toStripeFailure(error, `refund the cancelled booking ${input.bookingId}`);
      }
    },

    /**
     * PENDING or CONFIRMED -> REFUNDED (money went back) or CANCELED: the date is free from here on.
     * A booking in any other state is left as it is.
     */
    async markBookingCanceled(input: MarkCanceledInput): Promise<MarkedCanceled> {
      const refunded = input.refundedCents > 0;
      const [row] = await updateReturning<{ status: BookingStatus }>(
        db.manager,
        `UPDATE bookings
            SET status = $3, refunded_cents = $4, refunded_at = CASE WHEN $5::boolean THEN now() ELSE refunded_at END, updated_at = now()
          WHERE id = $1 AND tenant_id = $2 AND status IN ('PENDING', 'CONFIRMED')
          RETURNING status`,
        [input.bookingId, input.tenantId, refunded ? 'REFUNDED' : 'CANCELED', input.refundedCents, refunded],
      );
      if (row) return { status: row.status, changed: true };
      const current = await findBooking(db.manager, input.tenantId, input.bookingId);
      return { status: current?.status ?? 'CANCELED', changed: false };
    },
  };
}
