import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { CONFIRM_FAILURE } from '../workflows/booking-proposal.messages';

/**
 * Failure types activities throw as non-retryable ApplicationFailures. The first two are the ones
 * the confirm update passes on to its caller, so they share CONFIRM_FAILURE's names.
 */
export const ACTIVITY_FAILURE = {
  DATE_UNAVAILABLE: CONFIRM_FAILURE.DATE_UNAVAILABLE,
  PACKAGE_UNAVAILABLE: CONFIRM_FAILURE.PACKAGE_UNAVAILABLE,
  NOT_FOUND: 'NotFound',
  BOOKING_NOT_PAYABLE: 'BookingNotPayable',
  BOOKING_NOT_CONFIRMED: 'BookingNotConfirmed',
  REFUND_REFUSED: 'RefundRefused',
  INVALID_RECIPIENT: 'InvalidRecipient',
  STRIPE_REJECTED: 'StripeRejected',
  STRIPE_UNAVAILABLE: 'StripeUnavailable',
} as const;

/** The type names above as a type: workflows import only types from activities/, so they name failures through this. */
export type ActivityFailureType = (typeof ACTIVITY_FAILURE)[keyof typeof ACTIVITY_FAILURE];

/**
 * An expected business outcome (date taken, package gone, booking no longer payable): not retried,
 * and BENIGN, so the SDK logs it at DEBUG without a stack and counts no failure metric.
 */
export function businessFailure(message: string, type: ActivityFailureType): ApplicationFailure {
  return ApplicationFailure.create({ message, type, nonRetryable: true, category: ApplicationFailureCategory.BENIGN });
}

export function dateUnavailable(date: string, why = 'is already booked'): ApplicationFailure {
  return businessFailure(`${date} ${why}`, ACTIVITY_FAILURE.DATE_UNAVAILABLE);
}

export function notFound(what: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`${what} not found for this tenant`, ACTIVITY_FAILURE.NOT_FOUND);
}

interface PgErrorFields {
  code?: string;
  constraint?: string;
  driverError?: { code?: string; constraint?: string };
}

/** The constraint a Postgres unique violation (23505) hit, whether TypeORM wrapped the error or not. */
export function uniqueViolationConstraint(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const fields = error as PgErrorFields;
  const code = fields.driverError?.code ?? fields.code;
  if (code !== '23505') return undefined;
  return fields.driverError?.constraint ?? fields.constraint ?? '';
}
