import { ActivityFailure, ApplicationFailure, log, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { BookingActivities, RecordProposalStatusInput } from '../activities';

/**
 * The activity calls of the booking workflows, with their timeouts and retry policies, and the
 * steps bookingProposal and settleLatePayment share.
 */

// Postgres statements (one advisory-locked transaction at most): seconds normally, a minute covers a
// slow disk or a queue on the date lock.
const DATABASE_STEP: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  // A database restart or failover takes minutes: keep trying, backing off to once a minute. A paid
  // booking must be confirmed eventually, so there is no overall limit here.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
// The customer waits on the confirm for this step: after 10 minutes of database trouble the proposal
// fails with a reason instead of leaving them hanging.
const HOLD_DATE_STEP: ActivityOptions = { ...DATABASE_STEP, scheduleToCloseTimeout: '10 minutes' };
// stripe-node times out after 20 s and retries twice itself, so one attempt can take about a minute.
// A Stripe outage must never fail a booking: back off to every 5 minutes and never give up (expiring
// a session and refunding money are owed, however long Stripe is away).
const STRIPE_STEP: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};
// Opening the payment page rides out a Stripe outage of up to 6 hours with the booking PENDING (date
// held, the customer can pay once it is back); past that the date goes back on sale.
const OPEN_CHECKOUT_STEP: ActivityOptions = { ...STRIPE_STEP, scheduleToCloseTimeout: '6 hours' };
// Mail servers greylist and hiccup: one attempt within a minute, retried for a day, backing off to
// every 10 minutes. The booking is confirmed either way; a lost email is logged, not fatal.
const EMAIL_STEP: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
};

export const database = proxyActivities<BookingActivities>(DATABASE_STEP);
export const holdDateStep = proxyActivities<BookingActivities>(HOLD_DATE_STEP);
export const stripe = proxyActivities<BookingActivities>(STRIPE_STEP);
export const openCheckoutStep = proxyActivities<BookingActivities>(OPEN_CHECKOUT_STEP);
const email = proxyActivities<BookingActivities>(EMAIL_STEP);

/** The ApplicationFailure an activity gave up with, when it is of one of `types`. */
export function activityFailureOf(error: unknown, types: readonly string[]): ApplicationFailure | undefined {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && types.includes(error.cause.type ?? '')) return error.cause;
  return undefined;
}

export interface LatePayment {
  tenantId: string;
  proposalId: string;
  bookingId: string;
  amountPaidCents: number;
  paymentIntentId: string | null;
}

export interface LatePaymentSettlement {
  outcome: 'CONFIRMED' | 'REFUNDED';
  paidAt?: string;
}

/**
 * A payment for a booking whose hold already ended: confirmed (and announced) when the date is
 * still free, else refunded. Shared by bookingProposal and the settleLatePayment workflow.
 */
export async function settlePaymentAfterHold(payment: LatePayment): Promise<LatePaymentSettlement> {
  const settled = await database.settleLatePayment(payment);
  if (settled.outcome === 'REFUND_REQUIRED') {
    await stripe.refundPayment({ tenantId: payment.tenantId, bookingId: payment.bookingId, paymentIntentId: payment.paymentIntentId });
  }
  if (settled.outcome === 'REFUND_REQUIRED' || settled.outcome === 'ALREADY_REFUNDED') return { outcome: 'REFUNDED' };
  await announceBooking(payment.tenantId, payment.bookingId);
  return { outcome: 'CONFIRMED', paidAt: settled.paidAt };
}

/** The customer's confirmation and the tenant's notice; the booking stands even if mail keeps failing. */
export async function announceBooking(tenantId: string, bookingId: string): Promise<void> {
  try {
    await email.sendConfirmationEmail({ tenantId, bookingId });
  } catch (error) {
    log.error('confirmation email could not be sent; the booking stays confirmed', { bookingId, error: String(error) });
  }
}

/** The Postgres mirror of a proposal's status (for GETs after the workflow is gone, and cleanup). */
export async function recordProposalStatus(input: RecordProposalStatusInput): Promise<void> {
  await database.recordProposalStatus(input);
}
