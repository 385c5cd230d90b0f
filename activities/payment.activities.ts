import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import type { Config } from '../src/config';
import { CHECKOUT_SOURCE, checkoutIdempotencyKey, refundIdempotencyKey, TEST_MODE_SESSION_PREFIX, testModeCheckoutUrl } from '../src/integrations/stripe';
import { updateReturning } from '../src/db/update-returning';
import { type BookingRow, findBooking, findBookingOfProposal } from './booking-rows';
import { checkoutExpiresAt } from './checkout-expiry';
import { ACTIVITY_FAILURE, businessFailure, notFound } from './failures';
import { releaseBookingHold, type ExpireBookingResult } from './release-hold';
import { toStripeFailure } from './stripe-errors';

export type { ExpireBookingResult } from './release-hold';

export interface CreateCheckoutSessionInput {
  tenantId: string;
  bookingId: string;
  proposalId: string;
  /** How long the workflow holds the booking for payment; defaults to PAYMENT_HOLD. */
  paymentHoldMs?: number;
}

export interface CheckoutSessionRef {
  checkoutSessionId: string;
  checkoutUrl: string;
}

export interface BookingRef {
  tenantId: string;
  bookingId: string;
}

export interface ProposalRef {
  tenantId: string;
  proposalId: string;
}

export interface RefundPaymentInput extends BookingRef {
  paymentIntentId: string | null;
}

export interface RefundResult {
  bookingId: string;
  status: 'REFUNDED';
  refundId: string | null;
}

interface PaymentDeps {
  config: Config;
  db: DataSource;
  /** Undefined in test mode (no STRIPE_SECRET_KEY): the local checkout page stands in for Stripe. */
  stripe: Stripe | undefined;
}

export function createPaymentActivities({ config, db, stripe }: PaymentDeps) {
  return {
    /** Opens the payment page for a PENDING booking; a retry returns the session saved on the booking. */
    async createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSessionRef> {
      const booking = await findBooking(db.manager, input.tenantId, input.bookingId);
      if (!booking) throw notFound(`Booking ${input.bookingId}`);
      if (booking.stripe_checkout_session_id && booking.checkout_url) {
        return { checkoutSessionId: booking.stripe_checkout_session_id, checkoutUrl: booking.checkout_url };
      }
      if (booking.status !== 'PENDING') {
        throw businessFailure(`Booking ${booking.id} is ${booking.status}: no payment page for it`, ACTIVITY_FAILURE.BOOKING_NOT_PAYABLE);
      }
      const session = stripe
        ? await createStripeSession(stripe, config, db, booking, input.paymentHoldMs ?? config.PAYMENT_HOLD)
        : testModeSession(config, booking.id);
      const [saved] = await updateReturning<{ stripe_checkout_session_id: string; checkout_url: string }>(
        db.manager,
        `UPDATE bookings
            SET stripe_checkout_session_id = COALESCE(stripe_checkout_session_id, $3), checkout_url = COALESCE(checkout_url, $4),
                updated_at = now()
          WHERE id = $1 AND tenant_id = $2
          RETURNING stripe_checkout_session_id, checkout_url`,
        [booking.id, booking.tenant_id, session.checkoutSessionId, session.checkoutUrl],
      );
      return { checkoutSessionId: saved.stripe_checkout_session_id, checkoutUrl: saved.checkout_url };
    },

    /**
     * The hold ended: close the payment page and release the date. When Stripe shows the session was
     * paid after all, nothing is expired and the payment is returned for the workflow to settle.
     */
    async expireBooking(input: BookingRef): Promise<ExpireBookingResult> {
      const booking = await findBooking(db.manager, input.tenantId, input.bookingId);
      if (!booking) throw notFound(`Booking ${input.bookingId}`);
      return releaseBookingHold(db, stripe, booking);
    },

    /**
     * Compensation when the workflow fails or is cancelled: the proposal's booking, if one was
     * committed, stops holding its date the same way (a session paid at Stripe is left to its webhook).
     */
    async releaseProposalHold(input: ProposalRef): Promise<ExpireBookingResult | { alreadyPaid: false; bookingStatus: null }> {
      const booking = await findBookingOfProposal(db.manager, input.tenantId, input.proposalId);
      if (!booking) return { alreadyPaid: false, bookingStatus: null };
      return releaseBookingHold(db, stripe, booking);
    },

    /** Pays a late payment back (Stripe idempotency key refund-<bookingId>) and marks the booking REFUNDED. */
    async refundPayment(input: RefundPaymentInput): Promise<RefundResult> {
      const booking = await findBooking(db.manager, input.tenantId, input.bookingId);
      if (!booking) throw notFound(`Booking ${input.bookingId}`);
      if (booking.status === 'PENDING' || booking.status === 'CONFIRMED') {
        throw ApplicationFailure.nonRetryable(
          `Booking ${booking.id} is ${booking.status} and holds its date: it is not refunded automatically`,
          ACTIVITY_FAILURE.REFUND_REFUSED,
        );
      }
      const paymentIntentId = input.paymentIntentId ?? booking.stripe_payment_intent_id;
      let refundId: string | null = null;
      if (booking.status !== 'REFUNDED' && stripe && paymentIntentId) {
        refundId = await refundStripePayment(stripe, booking.id, paymentIntentId);
      } else if (booking.status !== 'REFUNDED' && stripe) {
        log.warn('no payment intent to refund (nothing was charged); recording the booking as refunded', { bookingId: booking.id });
      }
      await db.query(
        `UPDATE bookings
            SET status = 'REFUNDED', refunded_at = COALESCE(refunded_at, now()),
                stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, $3), updated_at = now()
          WHERE id = $1 AND tenant_id = $2`,
        [booking.id, booking.tenant_id, paymentIntentId],
      );
      return { bookingId: booking.id, status: 'REFUNDED', refundId };
    },
  };
}

/** Exactly docs/api.md's checkout metadata: all strings. */
export function checkoutMetadata(booking: BookingRow): Record<string, string> {
  return {
    tenantId: booking.tenant_id,
    bookingId: booking.id,
    proposalId: booking.proposal_id,
    packageId: booking.package_id,
    eventDate: booking.event_date,
    email: booking.customer_email,
    customerName: booking.customer_name,
    confirmationCode: booking.confirmation_code,
    source: CHECKOUT_SOURCE,
  };
}

async function createStripeSession(
  stripe: Stripe,
  config: Config,
  db: DataSource,
  booking: BookingRow,
  paymentHoldMs: number,
): Promise<CheckoutSessionRef> {
  const [pkg]: Array<{ name: string }> = await db.query('SELECT name FROM packages WHERE id = $1 AND tenant_id = $2', [
    booking.package_id,
    booking.tenant_id,
  ]);
  const metadata = checkoutMetadata(booking);
  try {
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: { currency: booking.currency, unit_amount: booking.total_cents, product_data: { name: pkg?.name ?? 'Booking' } },
          },
        ],
        customer_email: booking.customer_email,
        client_reference_id: booking.id,
        success_url: `${config.publicBaseUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${config.publicBaseUrl}/checkout/cancel?session_id={CHECKOUT_SESSION_ID}`,
        metadata,
        payment_intent_data: { metadata },
        expires_at: checkoutExpiresAt(booking.created_at, paymentHoldMs, new Date()),
      },
      { idempotencyKey: checkoutIdempotencyKey(booking.id) },
    );
    if (!session.url) throw ApplicationFailure.nonRetryable(`Stripe returned checkout session ${session.id} without a url`, ACTIVITY_FAILURE.STRIPE_REJECTED);
    return { checkoutSessionId: session.id, checkoutUrl: session.url };
  } catch (error) {
    throw toStripeFailure(error, `create the checkout session of booking ${booking.id}`);
  }
}

function testModeSession(config: Config, bookingId: string): CheckoutSessionRef {
  const checkoutSessionId = `${TEST_MODE_SESSION_PREFIX}${bookingId.replace(/-/g, '')}`;
  return { checkoutSessionId, checkoutUrl: testModeCheckoutUrl(config, checkoutSessionId) };
}

async function refundStripePayment(stripe: Stripe, bookingId: string, paymentIntentId: string): Promise<string | null> {
  try {
    const refund = await stripe.refunds.create({ payment_intent: paymentIntentId }, { idempotencyKey: refundIdempotencyKey(bookingId) });
    return refund.id;
  } catch (error) {
    if (error instanceof Error && (error as { code?: string }).code === 'charge_already_refunded') return null;
    throw toStripeFailure(error, `refund payment ${paymentIntentId} of booking ${bookingId}`);
  }
}
