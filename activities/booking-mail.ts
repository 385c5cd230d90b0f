import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { Config } from '../src/config';
import type { EmailKind } from '../src/db/entities/sent-email.entity';
import { formatPrice } from '../src/domain/money';
import type { Mailer, OutgoingEmail } from '../src/integrations/mailer';
import type { BookingEmailData } from '../src/services/email/booking-email-data';
import { type Mailbox, plainText, toMailbox } from '../src/services/email/escape';
import { createManageToken, manageLinkUrl } from '../src/services/manage-link';
import { notFound } from './failures';

/** sent: delivered now; already-sent: an earlier try delivered it; skipped: no (valid) recipient. */
export type EmailDelivery = 'sent' | 'already-sent' | 'skipped';

export interface EmailContextRow {
  status: string;
  event_date: string;
  customer_name: string;
  customer_email: string;
  confirmation_code: string;
  notes: string | null;
  total_cents: number;
  amount_paid_cents: number | null;
  refunded_cents: number | null;
  currency: string;
  paid_at: Date | null;
  created_at: Date;
  schedule_version: number;
  tenant_name: string;
  contact_email: string | null;
  package_name: string;
}

export interface BookingMailDeps {
  config: Config;
  db: DataSource;
  mailer: Mailer;
}

/** `<kind[.variant].bookingId@domain>`: the same on every try, so even a resend after a crash is one message to mail clients. */
export function emailMessageId(config: Config, kind: EmailKind, bookingId: string, variant = ''): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(config.MAIL_FROM)?.[1] ?? 'booking.local';
  return `<${kind}${variant ? `.${variant}` : ''}.${bookingId}@${domain}>`;
}

/**
 * Sends one kind (and variant) of email for a booking at most once: the sent_emails row (unique per
 * booking, kind and variant) is claimed and locked in a transaction around the send, and a row with
 * sent_at ends it.
 */
export async function sendOnce(
  { config, db, mailer }: BookingMailDeps,
  tenantId: string,
  bookingId: string,
  kind: EmailKind,
  build: (messageId: string) => OutgoingEmail,
  variant = '',
): Promise<EmailDelivery> {
  const messageId = emailMessageId(config, kind, bookingId, variant);
  const email = build(messageId);
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO sent_emails (tenant_id, booking_id, kind, variant, recipient, message_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (booking_id, kind, variant) DO NOTHING`,
      [tenantId, bookingId, kind, variant, email.to.address, messageId],
    );
    const [claim]: Array<{ sent_at: Date | null }> = await tx.query(
      'SELECT sent_at FROM sent_emails WHERE booking_id = $1 AND kind = $2 AND variant = $3 AND tenant_id = $4 FOR UPDATE',
      [bookingId, kind, variant, tenantId],
    );
    if (claim.sent_at) return 'already-sent';
    await mailer.send(email);
    await tx.query('UPDATE sent_emails SET sent_at = now() WHERE booking_id = $1 AND kind = $2 AND variant = $3 AND tenant_id = $4', [
      bookingId,
      kind,
      variant,
      tenantId,
    ]);
    return 'sent';
  });
}

export async function loadEmailContext(db: DataSource, tenantId: string, bookingId: string): Promise<EmailContextRow> {
  const [row]: EmailContextRow[] = await db.query(
    `SELECT b.status, to_char(b.event_date, 'YYYY-MM-DD') AS event_date, b.customer_name, b.customer_email, b.confirmation_code,
            b.notes, b.total_cents, b.amount_paid_cents, b.refunded_cents, b.currency, b.paid_at, b.created_at, b.schedule_version,
            t.name AS tenant_name, t.contact_email, p.name AS package_name
       FROM bookings b
       JOIN tenants t ON t.id = b.tenant_id
       JOIN packages p ON p.id = b.package_id AND p.tenant_id = b.tenant_id
      WHERE b.id = $1 AND b.tenant_id = $2`,
    [bookingId, tenantId],
  );
  if (!row) throw notFound(`Booking ${bookingId}`);
  return row;
}

/** The signed manage link of a booking, valid MANAGE_LINK_TTL from `from` (a stored time, so a retry builds the same link). */
export function manageUrlFor(config: Config, tenantId: string, bookingId: string, from: Date): string {
  const token = createManageToken(config.manageLinkSecret, { bookingId, tenantId, expiresAt: new Date(from.getTime() + config.MANAGE_LINK_TTL) });
  return manageLinkUrl(config.publicBaseUrl, token);
}

export function toEmailData(bookingId: string, row: EmailContextRow, manageUrl?: string): BookingEmailData {
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
    ...(manageUrl && { manageUrl }),
  };
}

/** The tenant's notice goes to contact_email when set; a bad address there must not block the customer's email. */
export async function notifyTenant(row: EmailContextRow, bookingId: string, send: (mailbox: Mailbox) => Promise<EmailDelivery>): Promise<EmailDelivery> {
  if (!row.contact_email) return 'skipped';
  const mailbox = toMailbox(plainText(row.tenant_name), row.contact_email);
  if (!mailbox) {
    log.warn('tenant contact email is not a valid address; no booking email sent', { bookingId });
    return 'skipped';
  }
  return send(mailbox);
}
