import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DATE_HOLDING_BOOKING_STATUSES } from '../src/domain/statuses';

/** pg advisory locks take one bigint: the first 8 bytes of sha256 over tenant and date, as a signed decimal. */
export function dateLockKey(tenantId: string, date: string): string {
  return createHash('sha256').update(`booking-date:${tenantId}:${date}`).digest().readBigInt64BE(0).toString();
}

/**
 * Serialises every booking decision about one tenant's date until the transaction ends; the partial
 * unique index uq_bookings_tenant_date_active is the backstop if someone bypasses this.
 */
export async function lockTenantDate(tx: EntityManager, tenantId: string, date: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [dateLockKey(tenantId, date)]);
}

/** Another booking (not `exceptBookingId`) of this tenant holds the date. */
export async function isDateHeld(tx: EntityManager, tenantId: string, date: string, exceptBookingId?: string): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `SELECT 1 FROM bookings
      WHERE tenant_id = $1 AND event_date = $2 AND status = ANY($3) AND ($4::uuid IS NULL OR id <> $4::uuid)
      LIMIT 1`,
    [tenantId, date, [...DATE_HOLDING_BOOKING_STATUSES], exceptBookingId ?? null],
  );
  return rows.length > 0;
}
