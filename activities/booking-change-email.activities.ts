import { formatPrice } from '../src/domain/money';
import { type BookingChange, renderBookingChangeEmail } from '../src/services/email/booking-change-email';
import { toMailbox } from '../src/services/email/escape';
import { type BookingMailDeps, type EmailDelivery, loadEmailContext, manageUrlFor, notifyTenant, sendOnce, toEmailData } from './booking-mail';
import { bookingIcsAttachment } from './email.activities';
import { ACTIVITY_FAILURE, businessFailure } from './failures';

export interface BookingChangeEmailInput {
  tenantId: string;
  bookingId: string;
}

export interface RescheduleEmailInput extends BookingChangeEmailInput {
  /** The move this email announces (bookings.schedule_version after it): one email per move. */
  scheduleVersion: number;
}

export interface BookingChangeEmailResult {
  customer: EmailDelivery;
  tenant: EmailDelivery;
}

export function createBookingChangeEmailActivities(deps: BookingMailDeps) {
  const { config, db } = deps;

  async function sendToBoth(input: BookingChangeEmailInput, change: BookingChange, variant: string, withIcs: boolean): Promise<BookingChangeEmailResult> {
    const row = await loadEmailContext(db, input.tenantId, input.bookingId);
    const data = toEmailData(input.bookingId, row);
    const [customerKind, tenantKind] = change.kind === 'canceled' ? (['customer_cancellation', 'tenant_cancellation'] as const) : (['customer_reschedule', 'tenant_reschedule'] as const);
    const customer = toMailbox(row.customer_name, row.customer_email);
    if (!customer) {
      throw businessFailure(`The customer email address of booking ${input.bookingId} is not one valid address`, ACTIVITY_FAILURE.INVALID_RECIPIENT);
    }
    // The stamp must not change between tries: the booking's own times, plus its move count.
    const stamp = row.paid_at ?? row.created_at;
    const customerData = change.kind === 'rescheduled' ? { ...data, manageUrl: manageUrlFor(config, input.tenantId, input.bookingId, stamp) } : data;
    const customerDelivery = await sendOnce(
      deps,
      input.tenantId,
      input.bookingId,
      customerKind,
      (messageId) => ({
        messageId,
        to: customer,
        ...renderBookingChangeEmail(change, 'customer', customerData),
        ...(withIcs && { attachments: [bookingIcsAttachment(data, new Date(stamp.getTime() + row.schedule_version * 1000), row.schedule_version)] }),
      }),
      variant,
    );
    const tenantDelivery = await notifyTenant(row, input.bookingId, (mailbox) =>
      sendOnce(deps, input.tenantId, input.bookingId, tenantKind, (messageId) => ({ messageId, to: mailbox, ...renderBookingChangeEmail(change, 'tenant', data) }), variant),
    );
    return { customer: customerDelivery, tenant: tenantDelivery };
  }

  return {
    /** Both sides learn of a cancellation, once per booking; the refund shown is what was paid back. */
    async sendCancellationEmails(input: BookingChangeEmailInput): Promise<BookingChangeEmailResult> {
      const row = await loadEmailContext(db, input.tenantId, input.bookingId);
      if (row.status !== 'CANCELED' && row.status !== 'REFUNDED') {
        throw businessFailure(`Booking ${input.bookingId} is ${row.status}, not cancelled`, ACTIVITY_FAILURE.BOOKING_NOT_CONFIRMED);
      }
      const refund = row.refunded_cents && row.refunded_cents > 0 ? formatPrice(row.refunded_cents, row.currency) : 'none';
      return sendToBoth(input, { kind: 'canceled', refund }, '', false);
    },

    /** Both sides learn of a move, once per move; the customer gets the updated calendar entry. */
    async sendRescheduleEmails(input: RescheduleEmailInput): Promise<BookingChangeEmailResult> {
      return sendToBoth(input, { kind: 'rescheduled' }, `v${input.scheduleVersion}`, true);
    },
  };
}
