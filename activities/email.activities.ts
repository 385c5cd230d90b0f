import type { OutgoingEmail } from '../src/integrations/mailer';
import type { BookingEmailData } from '../src/services/email/booking-email-data';
import { buildBookingIcs } from '../src/services/email/booking-ics';
import { renderConfirmationEmail } from '../src/services/email/confirmation-email';
import { type Mailbox, toMailbox } from '../src/services/email/escape';
import { renderTenantNotificationEmail } from '../src/services/email/tenant-notification-email';
import { type BookingMailDeps, type EmailDelivery, loadEmailContext, manageUrlFor, notifyTenant, sendOnce, toEmailData } from './booking-mail';
import { ACTIVITY_FAILURE, businessFailure } from './failures';

export { emailMessageId, type EmailDelivery } from './booking-mail';

export interface SendConfirmationEmailInput {
  tenantId: string;
  bookingId: string;
}

export interface ConfirmationEmailResult {
  customer: EmailDelivery;
  tenant: EmailDelivery;
}

export function createEmailActivities(deps: BookingMailDeps) {
  const { config, db } = deps;
  return {
    /** The customer's confirmation (HTML, text, .ics, manage link) and the tenant's notice, each sent once per booking. */
    async sendConfirmationEmail(input: SendConfirmationEmailInput): Promise<ConfirmationEmailResult> {
      const row = await loadEmailContext(db, input.tenantId, input.bookingId);
      if (row.status !== 'CONFIRMED') {
        throw businessFailure(`Booking ${input.bookingId} is ${row.status}: only a confirmed booking is announced`, ACTIVITY_FAILURE.BOOKING_NOT_CONFIRMED);
      }
      const customer = toMailbox(row.customer_name, row.customer_email);
      if (!customer) {
        throw businessFailure(
          `The customer email address of booking ${input.bookingId} is not one valid address; no confirmation was sent`,
          ACTIVITY_FAILURE.INVALID_RECIPIENT,
        );
      }
      const stamp = row.paid_at ?? row.created_at;
      const data = toEmailData(input.bookingId, row);
      const customerData = { ...data, manageUrl: manageUrlFor(config, input.tenantId, input.bookingId, stamp) };
      const customerDelivery = await sendOnce(deps, input.tenantId, input.bookingId, 'customer_confirmation', (messageId) =>
        buildCustomerEmail(messageId, customer, customerData, stamp),
      );
      const tenantDelivery = await notifyTenant(row, input.bookingId, (mailbox) =>
        sendOnce(deps, input.tenantId, input.bookingId, 'tenant_notification', (messageId) => ({
          messageId,
          to: mailbox,
          ...renderTenantNotificationEmail(data),
        })),
      );
      return { customer: customerDelivery, tenant: tenantDelivery };
    },
  };
}

/** The calendar entry of a booking; a reschedule sends the same UID with a higher SEQUENCE, so calendars move it. */
export function bookingIcsAttachment(data: BookingEmailData, stamp: Date, sequence = 0): NonNullable<OutgoingEmail['attachments']>[number] {
  const ics = buildBookingIcs({
    uid: `${data.bookingId}@booking-service`,
    date: data.date,
    summary: `${data.packageName} (${data.tenantName})`,
    description: `Confirmation code ${data.confirmationCode}${data.notes ? `\n${data.notes}` : ''}`,
    stamp,
    sequence,
  });
  return { filename: 'booking.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' };
}

function buildCustomerEmail(messageId: string, to: Mailbox, data: BookingEmailData, stamp: Date): OutgoingEmail {
  return { messageId, to, ...renderConfirmationEmail(data), attachments: [bookingIcsAttachment(data, stamp)] };
}
