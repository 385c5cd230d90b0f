import { CancellationScope, allHandlersFinished, condition, log, patched, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { ActivityFailureType, LockedBooking } from '../activities';
import type { ProposalStatus } from '../src/domain/statuses';
import { CONFIRM_FAILURE, type BookingProposalInput, type PaymentCompletedInput, type PaymentFailedInput, type ProposalBookingView, type ProposalState } from './booking-proposal.messages';
import { bookingProposalV1 } from './booking-proposal-v1.workflow';
import { activityFailureOf, announceBooking, database, holdDateStep, openCheckoutStep, recordProposalStatus, settlePaymentAfterHold, stripe } from './booking-steps';
import { trackProposal, unsettledPayment } from './proposal-tracker';
import { BOOKING_ID, PROPOSAL_STATUS } from './search-attributes';

/** Every ending settles every payment and every failure releases the date (issue 8); older runs keep v1. */
export const SETTLE_EVERY_PAYMENT_PATCH = 'settle-every-payment';

const PAYMENT_FAILURE_REASONS: Record<PaymentFailedInput['reason'], string> = {
  expired: 'The payment was not completed in time',
  async_payment_failed: 'The payment failed',
  canceled: 'The booking was canceled by the business before it was paid',
};
const REFUNDED_REASON = 'The payment arrived after the hold ended and the date was taken: it was refunded';
const BOOKING_FAILURE_TYPES: readonly ActivityFailureType[] = ['DateUnavailable', 'PackageUnavailable'];
const BOOKING_NOT_PAYABLE: ActivityFailureType = 'BookingNotPayable';

/** One customer proposal, from confirm to paid booking (docs/design.md, "The proposal workflow"). */
export async function bookingProposal(input: BookingProposalInput): Promise<ProposalState> {
  if (!patched(SETTLE_EVERY_PAYMENT_PATCH)) return bookingProposalV1(input);
  const proposal = trackProposal(input);
  const { state } = proposal;
  const proposalRef = { tenantId: input.tenantId, proposalId: input.proposalId };

  async function moveTo(status: ProposalStatus): Promise<void> {
    state.status = status;
    const bookingId = state.booking?.id;
    upsertSearchAttributes([{ key: PROPOSAL_STATUS, value: status }, ...(bookingId ? [{ key: BOOKING_ID, value: bookingId }] : [])]);
    upsertMemo({ status, bookingId: bookingId ?? null, failureReason: state.failureReason ?? null });
    await recordProposalStatus({ ...proposalRef, status, bookingId, failureReason: state.failureReason, confirmedAt: proposal.confirmedAt });
  }

  /** Confirms the booking with the payment, or (hold over, date gone, cancelled) refunds it. */
  async function settle(paid: PaymentCompletedInput, booking: ProposalBookingView): Promise<ProposalStatus> {
    proposal.paymentSettled = true;
    const bookingRef = { tenantId: input.tenantId, bookingId: booking.id };
    try {
      const confirmed = await database.confirmBooking({ ...bookingRef, amountPaidCents: paid.amountPaidCents, paymentIntentId: paid.paymentIntentId });
      state.booking = { ...booking, status: 'CONFIRMED', paidAt: confirmed.paidAt };
      await announceBooking(input.tenantId, booking.id);
    } catch (error) {
      if (!activityFailureOf(error, [BOOKING_NOT_PAYABLE])) throw error;
      const settled = await settlePaymentAfterHold({ ...bookingRef, proposalId: input.proposalId, ...paid });
      if (settled.outcome === 'REFUNDED') {
        state.booking = { ...booking, status: 'REFUNDED' };
        state.failureReason = REFUNDED_REASON;
        return 'PAYMENT_EXPIRED';
      }
      state.booking = { ...booking, status: 'CONFIRMED', paidAt: settled.paidAt };
    }
    state.failureReason = undefined;
    return 'COMPLETED';
  }

  /** Every ending goes through here: a payment that arrived at any point, even during the last step, is settled first. */
  async function end(status: ProposalStatus): Promise<ProposalState> {
    for (;;) {
      const paid = unsettledPayment(proposal);
      if (paid && state.booking) status = await settle(paid, state.booking);
      await moveTo(status);
      await condition(allHandlersFinished);
      if (!unsettledPayment(proposal) || !state.booking) return state;
    }
  }
  function fail(type: string, reason: string): Promise<ProposalState> {
    proposal.failureType = type;
    state.failureReason = reason;
    return end('FAILED');
  }
  /** Ends the hold (Stripe session closed first); a session Stripe reports paid becomes the payment to settle. */
  async function releaseDate(bookingId: string): Promise<void> {
    const released = await stripe.expireBooking({ tenantId: input.tenantId, bookingId });
    if (released.alreadyPaid) {
      const { checkoutSessionId, amountPaidCents, paymentIntentId } = released;
      proposal.payment ??= { eventId: `expire-found-paid:${checkoutSessionId}`, checkoutSessionId, amountPaidCents, paymentIntentId };
    } else if (state.booking) {
      state.booking.status = released.bookingStatus;
    }
  }

  // create-proposal starts this workflow as it writes expiresAt = now + TTL, so the TTL runs from here.
  await condition(() => proposal.confirmedAt !== undefined, input.proposalTtlMs);
  if (!proposal.confirmedAt) {
    state.failureReason = 'The proposal was not confirmed in time';
    return end('EXPIRED');
  }

  await moveTo('BOOKING');
  let booking: LockedBooking;
  try {
    booking = await holdDateStep.createLockedBooking({
      ...proposalRef,
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
    log.error('booking could not be saved; releasing whatever it held', { error: String(error) });
    // The transaction may have committed before the step gave up (or the run was cancelled meanwhile).
    await CancellationScope.nonCancellable(() => stripe.releaseProposalHold(proposalRef));
    return fail(CONFIRM_FAILURE.NOT_CONFIRMABLE, 'The booking could not be saved, please try again later');
  }

  try {
    return await collectPayment(booking);
  } catch (error) {
    // A failure, or an operator cancelling the run: the PENDING booking must not keep the date.
    log.error('booking workflow failed; releasing the date', { error: String(error) });
    await CancellationScope.nonCancellable(() => stripe.releaseProposalHold(proposalRef));
    throw error;
  }

  async function collectPayment(held: LockedBooking): Promise<ProposalState> {
    state.booking = { id: held.bookingId, status: 'PENDING', confirmationCode: held.confirmationCode, checkoutUrl: '' };
    await moveTo('BOOKING');
    try {
      const checkout = await openCheckoutStep.createCheckoutSession({ ...proposalRef, bookingId: held.bookingId, paymentHoldMs: input.paymentHoldMs });
      proposal.checkoutSessionId = checkout.checkoutSessionId;
      state.booking.checkoutUrl = checkout.checkoutUrl;
    } catch (error) {
      log.error('payment page could not be opened; releasing the date', { error: String(error) });
      await releaseDate(held.bookingId);
      return fail(CONFIRM_FAILURE.NOT_CONFIRMABLE, 'The payment page could not be opened, please try again later');
    }
    proposal.confirmation = { bookingId: held.bookingId, confirmationCode: held.confirmationCode, checkoutUrl: state.booking.checkoutUrl };
    await moveTo('AWAITING_PAYMENT');

    await condition(() => proposal.payment !== undefined || proposal.paymentFailure !== undefined, input.paymentHoldMs);
    if (proposal.payment) return end('COMPLETED');
    await releaseDate(held.bookingId);
    state.failureReason = PAYMENT_FAILURE_REASONS[proposal.paymentFailure ?? 'expired'];
    return end('PAYMENT_EXPIRED');
  }
}
