import { ApplicationFailure } from '@temporalio/common';
import Stripe from 'stripe';
import { ACTIVITY_FAILURE } from './failures';

/**
 * Stripe being down, slow, rate limiting or briefly refusing our key must never lose a booking:
 * those failures stay retryable (the activity's retry policy rides them out). Anything Stripe
 * rejects as a bad request would fail the same way again, so it stops at once.
 */
export function isTransientStripeError(error: InstanceType<typeof Stripe.errors.StripeError>): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    // A key rotated or misconfigured is fixed by ops; the retried activity then succeeds.
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError ||
    (error.statusCode !== undefined && (error.statusCode >= 500 || error.statusCode === 409 || error.statusCode === 429))
  );
}

/** Turns a Stripe error into the ApplicationFailure ops read in the Temporal UI; other errors pass through. */
export function toStripeFailure(error: unknown, action: string): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const detail = `${error.type}${error.statusCode ? ` ${error.statusCode}` : ''}: ${error.message}`;
  if (isTransientStripeError(error)) {
    return ApplicationFailure.retryable(`Stripe unavailable while trying to ${action} (${detail})`, ACTIVITY_FAILURE.STRIPE_UNAVAILABLE);
  }
  return ApplicationFailure.nonRetryable(`Stripe rejected the request to ${action} (${detail})`, ACTIVITY_FAILURE.STRIPE_REJECTED);
}

export function isStripeInvalidRequest(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError;
}
