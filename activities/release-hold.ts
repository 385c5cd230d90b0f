import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import type { BookingStatus } from '../src/domain/statuses';
import { updateReturning } from '../src/db/update-returning';
import { TEST_MODE_SESSION_PREFIX } from '../src/integrations/stripe';
import type { BookingRow } from './booking-rows';
import { isStripeInvalidRequest, toStripeFailure } from './stripe-errors';

export type ExpireBookingResult =
  | { alreadyPaid: false; bookingStatus: BookingStatus }
  | { alreadyPaid: true; checkoutSessionId: string; amountPaidCents: number; paymentIntentId: string | null };

/**
 * Closes the booking's Stripe session (test-mode sessions have none) and turns a PENDING booking
 * EXPIRED; other statuses stay. A session Stripe reports paid is returned instead, the booking untouched.
 */
export async function releaseBookingHold(db: DataSource, stripe: Stripe | undefined, booking: BookingRow): Promise<ExpireBookingResult> {
  const sessionId = booking.stripe_checkout_session_id;
  if (stripe && sessionId && !sessionId.startsWith(TEST_MODE_SESSION_PREFIX)) {
    const paid = await closeStripeSession(stripe, sessionId);
    if (paid) return paid;
  }
  const [row] = await updateReturning<{ status: BookingStatus }>(
    db.manager,
    `UPDATE bookings SET status = CASE WHEN status = 'PENDING' THEN 'EXPIRED' ELSE status END, updated_at = now()
      WHERE id = $1 AND tenant_id = $2
      RETURNING status`,
    [booking.id, booking.tenant_id],
  );
  return { alreadyPaid: false, bookingStatus: row.status };
}

function paidSession(session: Stripe.Checkout.Session): ExpireBookingResult | undefined {
  if (session.status !== 'complete' || (session.payment_status !== 'paid' && session.payment_status !== 'no_payment_required')) return undefined;
  const intent = session.payment_intent;
  return {
    alreadyPaid: true,
    checkoutSessionId: session.id,
    amountPaidCents: session.amount_total ?? 0,
    paymentIntentId: typeof intent === 'string' ? intent : (intent?.id ?? null),
  };
}

/** Expires an open session; "already expired" counts as done, and a paid session is reported instead. */
async function closeStripeSession(stripe: Stripe, sessionId: string): Promise<ExpireBookingResult | undefined> {
  const action = `expire checkout session ${sessionId}`;
  try {
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    if (session.status !== 'open') return paidSession(session);
    try {
      return paidSession(await stripe.checkout.sessions.expire(sessionId));
    } catch (error) {
      // Stripe refuses to expire a session that is no longer open: it just completed or expired.
      if (!isStripeInvalidRequest(error)) throw error;
      const again = await stripe.checkout.sessions.retrieve(sessionId);
      if (again.status === 'open') throw error;
      return paidSession(again);
    }
  } catch (error) {
    throw toStripeFailure(error, action);
  }
}

