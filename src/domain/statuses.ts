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

export const BOOKING_STATUSES = ['PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELED', 'REFUNDED'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Bookings in these states hold their date; the partial unique index enforces one per tenant and date. */
export const DATE_HOLDING_BOOKING_STATUSES = ['PENDING', 'CONFIRMED'] as const satisfies readonly BookingStatus[];
