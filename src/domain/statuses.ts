/** Where a proposal is in its workflow (docs/api.md `Proposal.status`). */
export const PROPOSAL_STATUSES = [
  'AWAITING_CONFIRMATION',
  'BOOKING',
  'AWAITING_PAYMENT',
  'COMPLETED',
  'EXPIRED',
  'FAILED',
  'PAYMENT_EXPIRED',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/**
 * Statuses a proposal never leaves: its workflow has ended, or ends as soon as its handlers finish,
 * and the rows then hold the whole answer. Plain data, so workflow code may import it too.
 */
export const FINAL_PROPOSAL_STATUSES = ['COMPLETED', 'EXPIRED', 'FAILED', 'PAYMENT_EXPIRED'] as const satisfies readonly ProposalStatus[];
export type FinalProposalStatus = (typeof FINAL_PROPOSAL_STATUSES)[number];

export function isFinalProposalStatus(status: ProposalStatus): status is FinalProposalStatus {
  return (FINAL_PROPOSAL_STATUSES as readonly ProposalStatus[]).includes(status);
}

export const BOOKING_STATUSES = ['PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELED', 'REFUNDED'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Bookings in these states hold their date; the partial unique index enforces one per tenant and date. */
export const DATE_HOLDING_BOOKING_STATUSES = ['PENDING', 'CONFIRMED'] as const satisfies readonly BookingStatus[];
