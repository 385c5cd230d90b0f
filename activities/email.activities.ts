import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import type { Config } from '../src/config';
import type { EmailKind } from '../src/db/entities/sent-email.entity';
import { formatPrice } from '../src/domain/money';
import type { Mailer, OutgoingEmail } from '../src/integrations/mailer';
import type { BookingEmailData } from '../src/services/email/booking-email-data';
import { buildBookingIcs } from '../src/services/email/booking-ics';
import { renderConfirmationEmail } from '../src/services/email/confirmation-email';
import { type Mailbox, plainText, toMailbox } from '../src/services/email/escape';
import { renderTenantNotificationEmail } from '../src/services/email/tenant-notification-email';
import { ACTIVITY_FAILURE, businessFailure, notFound } from './failures';

export interface SendConfirmationEmailInput {
  tenantId: string;
  bookingId: string;
}

/** sent: delivered now; already-sent: an earlier try delivered it; skipped: no (valid) recipient. */
export type EmailDelivery = 'sent' | 'already-sent' | 'skipped';

export interface ConfirmationEmailResult {
  customer: EmailDelivery;
  tenant: EmailDelivery;
}

interface EmailContextRow {
  status: string;
  event_date: string;
  customer_name: string;
  customer_email: string;
  confirmation_code: string;
  notes: string | null;
  total_cents: number;
  amount_paid_cents: number | null;
  currency: string;
  paid_at: Date | null;
  created_at: Date;
  tenant_name: string;
  contact_email: string | null;
  package_name: string;
}

interface EmailDeps {
  config: Config;
  db: DataSource;
  mailer: Mailer;
}

/** `<kind.bookingId@domain>`: the same on every try, so even a resend after a crash is one message to mail clients. */
export function emailMessageId(config: Config, kind: EmailKind, bookingId: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(config.MAIL_FROM)?.[1] ?? 'booking.local';
  return `<${kind}.${bookingId}@${domain}>`;
}

export function createEmailActivities({ config, db, mailer }: EmailDeps) {
  /**
   * Sends one kind of email for a booking at most once: the sent_emails row (unique per booking and
   * kind) is claimed and locked in a transaction around the send, and a row with sent_at ends it.
   */
  async function sendOnce(tenantId: string, bookingId: string, kind: EmailKind, build: (messageId: string) => OutgoingEmail): Promise<EmailDelivery> {
    const messageId = emailMessageId(config, kind, bookingId);
    const email = build(messageId);
    return db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO sent_emails (tenant_id, booking_id, kind, recipient, message_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (booking_id, kind) DO NOTHING`,
        [tenantId, bookingId, kind, email.to.address, messageId],
      );
      const [claim]: Array<{ sent_at: Date | null }> = await tx.query(
        'SELECT sent_at FROM sent_emails WHERE booking_id = $1 AND kind = $2 AND tenant_id = $3 FOR UPDATE',
        [bookingId, kind, tenantId],
      );
      if (claim.sent_at) return 'already-sent';
      await mailer.send(email);
      await tx.query('UPDATE sent_emails SET sent_at = now() WHERE booking_id = $1 AND kind = $2 AND tenant_id = $3', [bookingId, kind, tenantId]);
      return 'sent';
    });
  }

  return {
    /** The customer's confirmation (HTML, text, .ics) and the tenant's notice, each sent once per booking. */
    async sendConfirmationEmail(input: SendConfirmationEmailInput): Promise<ConfirmationEmailResult> {
      const row = await loadEmailContext(db, input);
      const data = toEmailData(input.bookingId, row);
      const customer = toMailbox(row.customer_name, row.customer_email);
      if (!customer) {
        throw businessFailure(
          `The customer email address of booking ${input.bookingId} is not one valid address; no confirmation was sent`,
          ACTIVITY_FAILURE.INVALID_RECIPIENT,
        );
      }
      const customerDelivery = await sendOnce(input.tenantId, input.bookingId, 'customer_confirmation', (messageId) =>
        buildCustomerEmail(messageId, customer, data, row.paid_at ?? row.created_at),
      );
      const tenantDelivery = await notifyTenant(row, data, (mailbox) =>
        sendOnce(input.tenantId, input.bookingId, 'tenant_notification', (messageId) => ({
          messageId,
          to: mailbox,
          ...renderTenantNotificationEmail(data),
        })),
      );
      return { customer: customerDelivery, tenant: tenantDelivery };
    },
  };
}

async function loadEmailContext(db: DataSource, input: SendConfirmationEmailInput): Promise<EmailContextRow> {
  const [row]: EmailContextRow[] = await db.query(
    `SELECT b.status, to_char(b.event_date, 'YYYY-MM-DD') AS event_date, b.customer_name, b.customer_email, b.confirmation_code,
            b.notes, b.total_cents, b.amount_paid_cents, b.currency, b.paid_at, b.created_at,
            t.name AS tenant_name, t.contact_email, p.name AS package_name
       FROM bookings b
       JOIN tenants t ON t.id = b.tenant_id
       JOIN packages p ON p.id = b.package_id AND p.tenant_id = b.tenant_id
      WHERE b.id = $1 AND b.tenant_id = $2`,
    [input.bookingId, input.tenantId],
  );
  if (!row) throw notFound(`Booking ${input.bookingId}`);
  if (row.status !== 'CONFIRMED') {
    throw ApplicationFailure.nonRetryable(`Booking ${input.bookingId} is ${row.status}: only a confirmed booking is announced`, ACTIVITY_FAILURE.BOOKING_NOT_CONFIRMED);
  }
  return row;
}

function toEmailData(bookingId: string, row: EmailContextRow): BookingEmailData {
  return {
    bookingId,
    tenantName: row.tenant_name,
    packageName: row.package_name,
    date: row.event_date,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    confirmationCode: row.confirmation_code,
    amountPaid: formatPrice(row.amount_paid_cents ?? row.total_cents, row.currency),
    notes: row.notes,
  };
}

function buildCustomerEmail(messageId: string, to: Mailbox, data: BookingEmailData, stamp: Date): OutgoingEmail {
  const ics = buildBookingIcs({
    uid: `${data.bookingId}@booking-service`,
    date: data.date,
    summary: `${data.packageName} (${data.tenantName})`,
    description: `Confirmation code ${data.confirmationCode}${data.notes ? `\n${data.notes}` : ''}`,
    stamp,
  });
  return {
    messageId,
    to,
    ...renderConfirmationEmail(data),
    attachments: [{ filename: 'booking.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
  };
}

/** The tenant's notice goes to contact_email when set; a bad address there must not block the customer's email. */
async function notifyTenant(row: EmailContextRow, data: BookingEmailData, send: (mailbox: Mailbox) => Promise<EmailDelivery>): Promise<EmailDelivery> {
  if (!row.contact_email) return 'skipped';
  const mailbox = toMailbox(plainText(row.tenant_name), row.contact_email);
  if (!mailbox) {
    log.warn('tenant contact email is not a valid address; no booking notification sent', { bookingId: data.bookingId });
    return 'skipped';
  }
  return send(mailbox);
}
