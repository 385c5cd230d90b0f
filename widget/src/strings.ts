/** Every sentence the widget shows, per locale (`data-locale`); English is the fallback. */
const en = {
  open: 'Open booking assistant',
  close: 'Close',
  title: 'Book with us',
  chat: 'Chat',
  direct: 'Book directly',
  message: 'Message',
  send: 'Send',
  typing: 'The assistant is typing…',
  you: 'You',
  assistant: 'Assistant',
  greeting: 'Hi! Tell me what you would like to book and when.',
  chatOff: 'The chat is not available right now, so here is the booking form.',
  service: 'Service',
  date: 'Date',
  prevMonth: 'Previous month',
  nextMonth: 'Next month',
  name: 'Your name',
  email: 'Email',
  propose: 'Check and propose',
  pickDate: 'Please pick a date.',
  loading: 'Loading…',
  proposal: 'Booking proposal',
  price: 'Price',
  expiresIn: 'Expires in {n} min',
  confirm: 'Confirm booking',
  pay: 'Go to payment',
  status: 'Status',
  AWAITING_CONFIRMATION: 'Waiting for your confirmation',
  BOOKING: 'Holding your date…',
  AWAITING_PAYMENT: 'Waiting for payment',
  COMPLETED: 'Paid and confirmed. A confirmation email is on its way.',
  EXPIRED: 'This proposal expired.',
  FAILED: 'This booking could not be made.',
  PAYMENT_EXPIRED: 'The payment window closed; the date was released.',
  newBooking: 'Start a new booking',
  retry: 'Try again',
  errTaken: 'Sorry, that date was just taken. Please pick another one.',
  errExpired: 'This proposal has expired. Please make a new one.',
  errBusy: 'Too many requests right now. Please wait a moment and try again.',
  errServer: 'The booking service is having trouble. Please try again in a moment.',
  errNetwork: 'Cannot reach the booking service. Please check your connection and try again.',
  errInput: 'Please check the details you entered.',
  errKey: 'This booking widget is not set up correctly (unknown key).',
  errNotFound: 'That booking could not be found any more.',
};

export type Strings = typeof en;

const TABLE: Record<string, Strings> = { en };

export function stringsFor(locale: string | undefined): Strings {
  return TABLE[(locale ?? 'en').toLowerCase().split('-')[0]] ?? en;
}
