/** One cancellation per booking at a time: a double click, or the back office and the customer, join the same run. */
export function cancelWorkflowId(bookingId: string): string {
  return `cancel-${bookingId}`;
}

/** `policy`: the tenant's cancellation policy decides the refund (the customer); `full`: all of it (the back office). */
export type RefundRule = 'policy' | 'full';

export interface CancelBookingInput {
  tenantId: string;
  bookingId: string;
  refund: RefundRule;
}

/**
 * CANCELED / REFUNDED: done by this run (or an earlier one: `alreadyDone`); REFUSED: the booking
 * cannot be cancelled (expired unpaid, its date passed), `reason` says why; NOT_FOUND: no such booking.
 */
export interface CancelBookingResult {
  bookingId: string;
  outcome: 'CANCELED' | 'REFUNDED' | 'REFUSED' | 'NOT_FOUND';
  alreadyDone: boolean;
  refundedCents: number;
  reason?: string;
}
