import { ApplicationFailure, allHandlersFinished, condition, log, patched, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { LockedBooking } from '../activities';
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
import {
  activityFailureOf,
  announceBooking,
  database,
  holdDateStep,
  openCheckoutStep,
  recordProposalStatus,
  settlePaymentAfterHold,
  stripe,
} from './booking-steps';
import { BOOKING_ID, PROPOSAL_STATUS } from './search-attributes';

const PAYMENT_FAILURE_REASONS: Record<PaymentFailedInput['reason'], string> = {
  expired: 'The payment was not completed in time',
  async_payment_failed: 'The payment failed',
  canceled: 'The booking was canceled by the business before it was paid',
};

const BOOKING_FAILURE_TYPES: readonly string[] = [CONFIRM_FAILURE.DATE_UNAVAILABLE, CONFIRM_FAILURE.PACKAGE_UNAVAILABLE];
const BOOKING_NOT_PAYABLE = 'BookingNotPayable';
/** Settles a payment v1 used to drop during its last status write (issue 8); histories without it replay as before. */
const V1_LAST_PAYMENT_PATCH = 'v1-settle-last-payment';

/**
 * FROZEN: the booking workflow as it was before every ending settled every payment (patch
 * `settle-every-payment`). Runs started on it replay and finish on this code; do not edit it (its
 * histories are test/workflows/histories/v1-*.json) except behind a patch, as V1_LAST_PAYMENT_PATCH. Delete it, and the patched() switch, once no
 * run older than that patch is open (docs/operations.md, "Workflow versions").
 */
export async function bookingProposalV1(input: BookingProposalInput): Promise<ProposalState> {
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
  let paymentRead = false;
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
    // A payment that landed during the status write above was dropped by v1 as it shipped.
    if (payment && !paymentRead && state.booking && patched(V1_LAST_PAYMENT_PATCH)) return settleLastPayment(payment, state.booking.id);
    return state;
  }
  async function settleLastPayment(paid: PaymentCompletedInput, bookingId: string): Promise<ProposalState> {
    paymentRead = true;
    const settled = await settlePaymentAfterHold({ tenantId: input.tenantId, bookingId, proposalId: input.proposalId, ...paid });
    state.booking = settled.outcome === 'REFUNDED' ? { ...state.booking!, status: 'REFUNDED' } : { ...state.booking!, status: 'CONFIRMED', paidAt: settled.paidAt };
    state.failureReason = settled.outcome === 'REFUNDED' ? 'The payment arrived after the hold ended and the date was taken: it was refunded' : undefined;
    return finish(settled.outcome === 'REFUNDED' ? 'PAYMENT_EXPIRED' : 'COMPLETED');
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
  paymentRead = true;
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
