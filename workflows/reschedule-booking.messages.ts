/** One move per booking at a time: a double click joins the running one; a later move starts a new run. */
export function rescheduleWorkflowId(bookingId: string): string {
  return `reschedule-${bookingId}`;
}

export interface RescheduleBookingInput {
  tenantId: string;
  bookingId: string;
  /** YYYY-MM-DD */
  newDate: string;
}

/**
 * MOVED: the booking is on `newDate` now (UNCHANGED: it already was); DATE_UNAVAILABLE: the date is
 * closed or taken, nothing changed; REFUSED: this booking cannot be moved (`reason`); NOT_FOUND.
 */
export interface RescheduleBookingResult {
  bookingId: string;
  outcome: 'MOVED' | 'UNCHANGED' | 'DATE_UNAVAILABLE' | 'REFUSED' | 'NOT_FOUND';
  fromDate?: string;
  toDate?: string;
  reason?: string;
}
