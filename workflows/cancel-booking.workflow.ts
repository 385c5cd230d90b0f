import { getExternalWorkflowHandle, log, upsertSearchAttributes } from '@temporalio/workflow';
import { paymentFailedSignal, proposalWorkflowId } from './booking-proposal.messages';
import type { CancelBookingInput, CancelBookingResult } from './cancel-booking.messages';
import { BOOKING_ID, TENANT_ID } from './search-attributes';
import { database, email, stripe } from './self-service-steps';

/**
 * Cancels one booking (workflow id cancel-<bookingId>), for the customer's manage page and the back
 * office alike: decide the refund, pay it back through Stripe (an activity with its idempotency key,
 * outside any database lock), then mark the booking and free its date, tell the proposal's workflow
 * to stop holding an unpaid checkout, and email both sides. A run for a booking already cancelled
 * changes nothing.
 */
export async function cancelBooking(input: CancelBookingInput): Promise<CancelBookingResult> {
  upsertSearchAttributes([
    { key: TENANT_ID, value: input.tenantId },
    { key: BOOKING_ID, value: input.bookingId },
  ]);
  const result = (outcome: CancelBookingResult['outcome'], refundedCents = 0, alreadyDone = false, reason?: string): CancelBookingResult => ({
    bookingId: input.bookingId,
    outcome,
    alreadyDone,
    refundedCents,
    ...(reason && { reason }),
  });

  const plan = await database.prepareCancellation(input);
  if (plan.action === 'NOT_FOUND') return result('NOT_FOUND');
  if (plan.action === 'REFUSED') return result('REFUSED', 0, false, plan.reason);
  if (plan.action === 'DONE') return result(plan.status, plan.refundedCents, true);

  if (plan.refundCents > 0) {
    await stripe.refundCancellation({ tenantId: input.tenantId, bookingId: input.bookingId, paymentIntentId: plan.paymentIntentId, amountCents: plan.refundCents });
  }
  const marked = await database.markBookingCanceled({ tenantId: input.tenantId, bookingId: input.bookingId, refundedCents: plan.refundCents });
  if (!marked.changed) {
    return marked.status === 'CANCELED' || marked.status === 'REFUNDED' ? result(marked.status, 0, true) : result('REFUSED', 0, false, `This booking is ${marked.status.toLowerCase()}`);
  }
  if (plan.previousStatus === 'PENDING' && plan.checkoutSessionId) await endPaymentHold(plan.proposalId, input.bookingId, plan.checkoutSessionId);
  if (plan.previousStatus === 'CONFIRMED') {
    try {
      await email.sendCancellationEmails({ tenantId: input.tenantId, bookingId: input.bookingId });
    } catch (error) {
      log.error('cancellation emails could not be sent; the booking stays cancelled', { bookingId: input.bookingId, error: String(error) });
    }
  }
  return result(marked.status === 'REFUNDED' ? 'REFUNDED' : 'CANCELED', plan.refundCents);
}

/** Best effort: if the proposal's workflow has ended, there is no hold left to end. */
async function endPaymentHold(proposalId: string, bookingId: string, checkoutSessionId: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(proposalWorkflowId(proposalId)).signal(paymentFailedSignal, {
      eventId: `cancel-${bookingId}`,
      checkoutSessionId,
      reason: 'canceled',
    });
  } catch (error) {
    log.info('the proposal workflow of a cancelled booking has ended; no hold to end', { bookingId, error: String(error) });
  }
}
