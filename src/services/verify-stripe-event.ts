import Stripe from 'stripe';
import { AppError } from '../errors';
import { type TStripeEventEnvelope, ZStripeEventEnvelope } from '../schemas/stripe-webhook.schema';

/**
 * The event Stripe signed, checked over the exact bytes received (stripe-node's constructEvent:
 * HMAC with the endpoint secret, timestamp within its tolerance). Nothing unverified gets past here.
 */
export function verifyStripeEvent(rawBody: unknown, signature: unknown, secret: string): TStripeEventEnvelope {
  if (!Buffer.isBuffer(rawBody) || typeof signature !== 'string' || signature.length === 0) {
    throw new AppError('INVALID_SIGNATURE', 'Missing or invalid Stripe-Signature');
  }
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    throw new AppError('INVALID_SIGNATURE', 'Missing or invalid Stripe-Signature');
  }
  const parsed = ZStripeEventEnvelope.safeParse(event);
  if (!parsed.success) throw new AppError('INVALID_REQUEST', 'Invalid request: not a Stripe event');
  return parsed.data;
}
