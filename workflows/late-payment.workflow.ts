import { upsertSearchAttributes } from '@temporalio/workflow';
import { recordProposalStatus, settlePaymentAfterHold } from './booking-steps';
import type { LatePaymentInput, LatePaymentResult } from './late-payment.messages';
import { BOOKING_ID, TENANT_ID } from './search-attributes';

/**
 * A payment for a proposal whose workflow already ended (workflow id late-payment-<bookingId>,
 * started by the webhook route): confirm the booking if its date is still free, else refund.
 */
export async function settleLatePayment(input: LatePaymentInput): Promise<LatePaymentResult> {
  upsertSearchAttributes([
    { key: TENANT_ID, value: input.tenantId },
    { key: BOOKING_ID, value: input.bookingId },
  ]);
  const settled = await settlePaymentAfterHold(input);
  await recordProposalStatus({
    tenantId: input.tenantId,
    proposalId: input.proposalId,
    bookingId: input.bookingId,
    ...(settled.outcome === 'CONFIRMED'
      ? { status: 'COMPLETED' }
      : { status: 'PAYMENT_EXPIRED', failureReason: 'The payment arrived after the hold ended and the date was taken: it was refunded' }),
  });
  return { bookingId: input.bookingId, outcome: settled.outcome };
}
