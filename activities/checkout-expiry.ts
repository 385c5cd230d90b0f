const MINUTE_MS = 60_000;
// Stripe accepts a checkout session's expires_at between 30 minutes and 24 hours after creation.
const STRIPE_MAX_LIFETIME_MS = 24 * 60 * MINUTE_MS;
// Clocks differ and requests take time: stay this far inside Stripe's bounds.
const STRIPE_BOUND_SLACK_MS = 5 * MINUTE_MS;
// The workflow's hold starts once the session exists; the page stays open a little longer so a
// customer paying in the last minute can finish (the workflow expires the session itself anyway).
const SESSION_MARGIN_MS = 15 * MINUTE_MS;
// Well above Stripe's 30-minute minimum, so a retry up to 25 minutes after the booking still sends the anchored value.
const MIN_LIFETIME_MS = 60 * MINUTE_MS;
// After a long Stripe outage the fallback is rounded, so retries inside one window send identical parameters.
const FALLBACK_ROUNDING_MS = 10 * MINUTE_MS;

/**
 * Unix seconds for the session's expires_at. Anchored on the booking's creation, not on "now": the
 * request carries the idempotency key chatbot-booking-<bookingId>, and Stripe refuses a reused key
 * whose parameters changed, so every retry must compute the same value.
 */
export function checkoutExpiresAt(bookingCreatedAt: Date, paymentHoldMs: number, now: Date): number {
  const lifetime = Math.min(Math.max(paymentHoldMs + SESSION_MARGIN_MS, MIN_LIFETIME_MS), STRIPE_MAX_LIFETIME_MS - 6 * STRIPE_BOUND_SLACK_MS);
  const anchored = bookingCreatedAt.getTime() + lifetime;
  const earliest = now.getTime() + 30 * MINUTE_MS + STRIPE_BOUND_SLACK_MS;
  const expiresAt = anchored >= earliest ? anchored : Math.ceil(earliest / FALLBACK_ROUNDING_MS) * FALLBACK_ROUNDING_MS;
  return Math.floor(expiresAt / 1000);
}
