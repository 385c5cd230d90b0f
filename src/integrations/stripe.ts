import Stripe from 'stripe';
import type { Config } from '../config';

/**
 * Without STRIPE_SECRET_KEY the service runs its own test-mode checkout page; its webhooks are
 * signed with this fixed secret, which is refused in production by loadConfig.
 */
export const TEST_MODE_WEBHOOK_SECRET = 'whsec_local_test_mode_do_not_use_in_production';

/** Checkout session ids the test-mode page makes up; real ones come from Stripe. */
export const TEST_MODE_SESSION_PREFIX = 'cs_test_local_';

/** The `source` every checkout session of ours carries in its metadata (docs/api.md). */
export const CHECKOUT_SOURCE = 'customer_chatbot';

/** Stripe's idempotency key for the one checkout session a booking gets (docs/api.md). */
export function checkoutIdempotencyKey(bookingId: string): string {
  return `chatbot-booking-${bookingId}`;
}

/** Stripe's idempotency key for the one refund a booking can get: workflow and back office share it. */
export function refundIdempotencyKey(bookingId: string): string {
  return `refund-${bookingId}`;
}

/** A payment taken for something we did not sell is refunded once per payment intent. */
export function unsoldRefundIdempotencyKey(paymentIntentId: string): string {
  return `refund-unsold-${paymentIntentId}`;
}

/** The mode of the configured key; the test-mode page (no key) is test mode too. */
export function stripeKeyIsLive(config: Pick<Config, 'STRIPE_SECRET_KEY'>): boolean {
  return config.STRIPE_SECRET_KEY?.startsWith('sk_live_') ?? false;
}

/** stripe-node for the configured account; STRIPE_API_URL points it at another host (tests). */
export function createStripeClient(config: Config): Stripe | undefined {
  if (!config.STRIPE_SECRET_KEY) return undefined;
  const api = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : undefined;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(api && {
      host: api.hostname,
      port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)),
      protocol: api.protocol === 'https:' ? 'https' : 'http',
    }),
  });
}

export function webhookSecret(config: Config): string {
  return config.STRIPE_WEBHOOK_SECRET ?? TEST_MODE_WEBHOOK_SECRET;
}

/** Where the test-mode page for one checkout session lives. */
export function testModeCheckoutUrl(config: Config, checkoutSessionId: string): string {
  return `${config.publicBaseUrl}/test-mode/checkout/${checkoutSessionId}`;
}
