/** What the booking emails show; every field is untrusted text and is escaped by the templates. */
export interface BookingEmailData {
  bookingId: string;
  tenantName: string;
  packageName: string;
  /** YYYY-MM-DD */
  date: string;
  customerName: string;
  customerEmail: string;
  confirmationCode: string;
  /** Formatted with currency, e.g. "$150.00". */
  amountPaid: string;
  notes: string | null;
  /** The customer's signed manage link (cancel, reschedule); customer emails only. */
  manageUrl?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
