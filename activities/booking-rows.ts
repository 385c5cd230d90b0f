import type { EntityManager } from 'typeorm';
import type { BookingStatus } from '../src/domain/statuses';

/** The bookings columns activities read, with dates as text (node-pg would turn a `date` into a local Date). */
export interface BookingRow {
  id: string;
  tenant_id: string;
  proposal_id: string;
  package_id: string;
  event_date: string;
  status: BookingStatus;
  confirmation_code: string;
  customer_name: string;
  customer_email: string;
  notes: string | null;
  total_cents: number;
  currency: string;
  amount_paid_cents: number | null;
  paid_at: Date | null;
  stripe_checkout_session_id: string | null;
  checkout_url: string | null;
  stripe_payment_intent_id: string | null;
  created_at: Date;
}

const BOOKING_COLUMNS = `id, tenant_id, proposal_id, package_id, to_char(event_date, 'YYYY-MM-DD') AS event_date, status,
  confirmation_code, customer_name, customer_email, notes, total_cents, currency, amount_paid_cents, paid_at,
  stripe_checkout_session_id, checkout_url, stripe_payment_intent_id, created_at`;

export async function findBooking(tx: EntityManager, tenantId: string, bookingId: string, forUpdate = false): Promise<BookingRow | undefined> {
  const rows: BookingRow[] = await tx.query(
    `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = $1 AND tenant_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [bookingId, tenantId],
  );
  return rows[0];
}

export async function findBookingOfProposal(tx: EntityManager, tenantId: string, proposalId: string): Promise<BookingRow | undefined> {
  const rows: BookingRow[] = await tx.query(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE proposal_id = $1 AND tenant_id = $2`, [
    proposalId,
    tenantId,
  ]);
  return rows[0];
}
