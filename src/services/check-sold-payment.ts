import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { stripeKeyIsLive, unsoldRefundIdempotencyKey } from '../integrations/stripe';
import type { TCheckoutSessionObject, TStripeEventEnvelope } from '../schemas/stripe-webhook.schema';

/** What a payment event must match: the checkout session the booking sold, as it was created. */
interface SoldCheckout {
  stripe_checkout_session_id: string | null;
  currency: string;
  total_cents: number;
}

export type UnsoldReason = 'checkout_session' | 'currency' | 'amount' | 'livemode';

/** The booking's sold checkout session (tenant-scoped), or undefined when the metadata names none. */
export async function findSoldCheckout(db: DataSource, session: TCheckoutSessionObject): Promise<SoldCheckout | undefined> {
  const { tenantId, proposalId, bookingId } = session.metadata;
  const rows: SoldCheckout[] = await db.query(
    `SELECT b.stripe_checkout_session_id, b.currency, b.total_cents
       FROM proposals p JOIN bookings b ON b.proposal_id = p.id AND b.tenant_id = p.tenant_id
      WHERE p.id = $1 AND p.tenant_id = $2 AND b.id = $3`,
    [proposalId, tenantId, bookingId],
  );
  return rows[0];
}

/**
 * Why this payment is not for what was sold, or an empty list when it is: the session stored on the
 * booking, its currency, the amount it was created for, and the mode of the configured key (Stripe
 * always sends livemode; an event without it is not live).
 */
export function unsoldReasons(config: Config, sold: SoldCheckout, event: TStripeEventEnvelope, session: TCheckoutSessionObject): UnsoldReason[] {
  const reasons: UnsoldReason[] = [];
  if (session.id !== sold.stripe_checkout_session_id) reasons.push('checkout_session');
  if (session.currency?.toLowerCase() !== sold.currency.toLowerCase()) reasons.push('currency');
  if (session.amount_total !== sold.total_cents) reasons.push('amount');
  if ((event.livemode ?? false) !== stripeKeyIsLive(config)) reasons.push('livemode');
  return reasons;
}

/**
 * Pays back money taken for something we did not sell. One refund per payment intent (Stripe's
 * idempotency key), however many events carry it; a payment Stripe already refunded counts as done.
 * Without a Stripe client (test mode) or a payment intent there is nothing to pay back.
 */
export async function refundUnsoldPayment(stripe: Stripe | undefined, paymentIntentId: string | null): Promise<'refunded' | 'nothing_to_refund'> {
  if (!stripe || !paymentIntentId) return 'nothing_to_refund';
  try {
    await stripe.refunds.create({ payment_intent: paymentIntentId }, { idempotencyKey: unsoldRefundIdempotencyKey(paymentIntentId) });
  } catch (error) {
    if ((error as { code?: string }).code !== 'charge_already_refunded') throw error;
  }
  return 'refunded';
}
