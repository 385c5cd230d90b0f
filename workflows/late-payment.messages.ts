/** One settlement per booking: a redelivered webhook finds the same workflow id. */
export function latePaymentWorkflowId(bookingId: string): string {
  return `late-payment-${bookingId}`;
}

/** From the Stripe event and its checkout session metadata (plain JSON). */
export interface LatePaymentInput {
  tenantId: string;
  proposalId: string;
  bookingId: string;
  eventId: string;
  checkoutSessionId: string;
  amountPaidCents: number;
  paymentIntentId: string | null;
}

/** CONFIRMED: the date was still free (or already ours), the booking is confirmed and announced; REFUNDED: paid back. */
export interface LatePaymentResult {
  bookingId: string;
  outcome: 'CONFIRMED' | 'REFUNDED';
}
