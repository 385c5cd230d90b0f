import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { BookingActivities, LockedBooking, RecordProposalStatusInput } from '../activities';
import type { ProposalStatus } from '../src/domain/statuses';
import {
  CONFIRM_FAILURE,
  confirmSignal,
  confirmUpdate,
  paymentCompletedSignal,
  paymentFailedSignal,
  stateQuery,
  type BookingProposalInput,
  type ConfirmInput,
  type ConfirmResult,
  type PaymentCompletedInput,
  type PaymentFailedInput,
  type ProposalState,
} from './booking-proposal.messages';
import { BOOKING_ID, PROPOSAL_STATUS } from './search-attributes';

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

const database = proxyActivities<BookingActivities>(DATABASE_STEP);
const holdDateStep = proxyActivities<BookingActivities>(HOLD_DATE_STEP);
const stripe = proxyActivities<BookingActivities>(STRIPE_STEP);
const openCheckoutStep = proxyActivities<BookingActivities>(OPEN_CHECKOUT_STEP);
const email = proxyActivities<BookingActivities>(EMAIL_STEP);

const PAYMENT_FAILURE_REASONS: Record<PaymentFailedInput['reason'], string> = {
  expired: 'The payment was not completed in time',
  async_payment_failed: 'The payment failed',
  canceled: 'The booking was canceled by the business before it was paid',
};

const BOOKING_FAILURE_TYPES: readonly string[] = [CONFIRM_FAILURE.DATE_UNAVAILABLE, CONFIRM_FAILURE.PACKAGE_UNAVAILABLE];
const BOOKING_NOT_PAYABLE = 'BookingNotPayable';

/** The ApplicationFailure an activity gave up with, when it is of one of `types`. */
function activityFailureOf(error: unknown, types: readonly string[]): ApplicationFailure | undefined {
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

/** One customer proposal, from confirm to paid booking (DESIGN.md, "The proposal workflow"). */
export async function bookingProposal(input: BookingProposalInput): Promise<ProposalState> {
  const state: ProposalState = {
    id: input.proposalId,
    sessionId: input.sessionId,
    status: 'AWAITING_CONFIRMATION',
    expiresAt: input.expiresAt,
    preview: input.preview,
  };
  let confirmedAt: string | undefined;
  let confirmation: ConfirmResult | undefined = undefined;
  let failureType: string | undefined;
  let checkoutSessionId: string | undefined;
  let payment: PaymentCompletedInput | undefined;
  let paymentFailure: PaymentFailedInput['reason'] | undefined;
  const seenPaymentEvents = new Set<string>();
  const isFinished = () => ['COMPLETED', 'EXPIRED', 'FAILED', 'PAYMENT_EXPIRED'].includes(state.status);

  /** Why a confirm cannot be accepted now; undefined when it can (a repeat while booking or after is fine). */
  function confirmRejection(request: ConfirmInput | undefined): ApplicationFailure | undefined {
    if (request?.sessionId !== input.sessionId) {
      return ApplicationFailure.nonRetryable('This proposal was made in another session', CONFIRM_FAILURE.WRONG_SESSION);
    }
    if (state.status === 'EXPIRED') return ApplicationFailure.nonRetryable('The proposal expired before it was confirmed', CONFIRM_FAILURE.EXPIRED);
    if (state.status === 'FAILED') {
      return ApplicationFailure.nonRetryable(state.failureReason ?? 'The booking could not be made', failureType ?? CONFIRM_FAILURE.NOT_CONFIRMABLE);
    }
    if (state.status === 'PAYMENT_EXPIRED') {
      return ApplicationFailure.nonRetryable(state.failureReason ?? 'The booking was released', CONFIRM_FAILURE.NOT_CONFIRMABLE);
    }
    return undefined;
  }
  function acceptConfirm(): void {
    confirmedAt ??= new Date().toISOString();
  }

  // Every handler is in place before the first await, so an early confirm is never rejected.
  setHandler(stateQuery, () => state);
  setHandler(
    confirmUpdate,
    async () => {
      acceptConfirm();
      await condition(() => confirmation !== undefined || isFinished());
      if (confirmation) return confirmation;
      throw confirmRejection({ sessionId: input.sessionId }) ?? ApplicationFailure.nonRetryable('The booking could not be made', CONFIRM_FAILURE.NOT_CONFIRMABLE);
    },
    {
      validator: (request) => {
        const rejection = confirmRejection(request);
        if (rejection) throw rejection;
      },
    },
  );
  setHandler(confirmSignal, (request) => {
    const rejection = confirmRejection(request);
    if (rejection) {
      log.warn('confirm signal ignored', { reason: rejection.message, type: rejection.type });
      return;
    }
    acceptConfirm();
  });
  setHandler(paymentCompletedSignal, (event) => {
    // Webhooks arrive at least once and sometimes twice over (completed + async_payment_succeeded).
    if (seenPaymentEvents.has(event.eventId)) return;
    seenPaymentEvents.add(event.eventId);
    if (payment) {
      log.info('payment already recorded; repeat ignored', { eventId: event.eventId });
    } else if (checkoutSessionId && event.checkoutSessionId !== checkoutSessionId) {
      log.warn('payment for another checkout session ignored', { eventId: event.eventId, checkoutSessionId: event.checkoutSessionId });
    } else {
      payment = event;
    }
  });
  setHandler(paymentFailedSignal, (event) => {
    if (state.status !== 'AWAITING_PAYMENT' || event.checkoutSessionId !== checkoutSessionId) {
      log.info('payment failure ignored: not for the open checkout session', { eventId: event.eventId, status: state.status });
      return;
    }
    paymentFailure ??= event.reason;
  });

  async function moveTo(status: ProposalStatus): Promise<void> {
    state.status = status;
    const bookingId = state.booking?.id;
    upsertSearchAttributes([{ key: PROPOSAL_STATUS, value: status }, ...(bookingId ? [{ key: BOOKING_ID, value: bookingId }] : [])]);
    upsertMemo({ status, bookingId: bookingId ?? null, failureReason: state.failureReason ?? null });
    await recordProposalStatus({
      tenantId: input.tenantId,
      proposalId: input.proposalId,
      status,
      bookingId,
      failureReason: state.failureReason,
      confirmedAt,
    });
  }
  async function finish(status: ProposalStatus): Promise<ProposalState> {
    await moveTo(status);
    await condition(allHandlersFinished);
    return state;
  }
  function fail(type: string, reason: string): Promise<ProposalState> {
    failureType = type;
    state.failureReason = reason;
    return finish('FAILED');
  }

  // create-proposal starts this workflow as it writes expiresAt = now + TTL, so the TTL runs from here.
  await condition(() => confirmedAt !== undefined, input.proposalTtlMs);
  if (!confirmedAt) {
    state.failureReason = 'The proposal was not confirmed in time';
    return finish('EXPIRED');
  }

  await moveTo('BOOKING');
  let booking: LockedBooking;
  try {
    booking = await holdDateStep.createLockedBooking({
      tenantId: input.tenantId,
      proposalId: input.proposalId,
      packageId: input.packageId,
      customerId: input.customerId,
      date: input.date,
      customerName: input.customerName,
      customerEmail: input.customerEmail,
      notes: input.notes,
      priceCents: input.priceCents,
      currency: input.currency,
    });
  } catch (error) {
    const business = activityFailureOf(error, BOOKING_FAILURE_TYPES);
    if (business) return fail(business.type ?? CONFIRM_FAILURE.NOT_CONFIRMABLE, business.message);
    log.error('booking could not be saved', { error: String(error) });
    return fail(CONFIRM_FAILURE.NOT_CONFIRMABLE, 'The booking could not be saved, please try again later');
  }
  const bookingRef = { tenantId: input.tenantId, bookingId: booking.bookingId };
  state.booking = { id: booking.bookingId, status: 'PENDING', confirmationCode: booking.confirmationCode, checkoutUrl: '' };
  await moveTo('BOOKING');

  try {
    const checkout = await openCheckoutStep.createCheckoutSession({ ...bookingRef, proposalId: input.proposalId, paymentHoldMs: input.paymentHoldMs });
    checkoutSessionId = checkout.checkoutSessionId;
    state.booking.checkoutUrl = checkout.checkoutUrl;
  } catch (error) {
    log.error('payment page could not be opened; releasing the date', { error: String(error) });
    const released = await stripe.expireBooking(bookingRef);
    if (!released.alreadyPaid) state.booking.status = released.bookingStatus;
    return fail(CONFIRM_FAILURE.NOT_CONFIRMABLE, 'The payment page could not be opened, please try again later');
  }
  confirmation = { bookingId: booking.bookingId, confirmationCode: booking.confirmationCode, checkoutUrl: state.booking.checkoutUrl };
  await moveTo('AWAITING_PAYMENT');

  await condition(() => payment !== undefined || paymentFailure !== undefined, input.paymentHoldMs);
  if (!payment) {
    const released = await stripe.expireBooking(bookingRef);
    if (released.alreadyPaid) {
      // Paid in the last moment: the booking was left PENDING, so it simply goes on to be confirmed.
      payment ??= {
        eventId: `expire-found-paid:${released.checkoutSessionId}`,
        checkoutSessionId: released.checkoutSessionId,
        amountPaidCents: released.amountPaidCents,
        paymentIntentId: released.paymentIntentId,
      };
    } else if (!payment) {
      state.booking.status = released.bookingStatus;
      state.failureReason = PAYMENT_FAILURE_REASONS[paymentFailure ?? 'expired'];
      await moveTo('PAYMENT_EXPIRED');
      // A payment that landed while the hold was being closed is settled here, not dropped.
      if (!payment) return finish('PAYMENT_EXPIRED');
    }
  }

  const paid: PaymentCompletedInput = payment;
  try {
    const confirmed = await database.confirmBooking({ ...bookingRef, amountPaidCents: paid.amountPaidCents, paymentIntentId: paid.paymentIntentId });
    state.booking = { ...state.booking, status: 'CONFIRMED', paidAt: confirmed.paidAt };
    await announceBooking(input.tenantId, booking.bookingId);
  } catch (error) {
    if (!activityFailureOf(error, [BOOKING_NOT_PAYABLE])) throw error;
    // The hold had ended (or the booking was cancelled): confirm only if the date is still free.
    const settled = await settlePaymentAfterHold({ ...bookingRef, proposalId: input.proposalId, ...paid });
    if (settled.outcome === 'REFUNDED') {
      state.booking = { ...state.booking, status: 'REFUNDED' };
      state.failureReason = 'The payment arrived after the hold ended and the date was taken: it was refunded';
      return finish('PAYMENT_EXPIRED');
    }
    state.booking = { ...state.booking, status: 'CONFIRMED', paidAt: settled.paidAt };
    state.failureReason = undefined;
  }
  return finish('COMPLETED');
}
