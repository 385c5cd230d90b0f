import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { BookingEntity } from '../db/entities';
import { DATE_HOLDING_BOOKING_STATUSES } from '../domain/statuses';

/** True when a booking of this tenant holds the date (PENDING or CONFIRMED). */
export async function isDateTaken(db: DataSource | EntityManager, tenantId: string, date: string): Promise<boolean> {
  return db.getRepository(BookingEntity).existsBy({ tenantId, eventDate: date, status: In([...DATE_HOLDING_BOOKING_STATUSES]) });
}

/** Dates in [from, to] held by this tenant's bookings. */
export async function findHeldDates(db: DataSource, tenantId: string, from: string, to: string): Promise<Set<string>> {
  const rows: Array<{ event_date: string }> = await db.query(
    `SELECT to_char(event_date, 'YYYY-MM-DD') AS event_date FROM bookings
      WHERE tenant_id = $1 AND event_date BETWEEN $2 AND $3 AND status = ANY($4)`,
    [tenantId, from, to, [...DATE_HOLDING_BOOKING_STATUSES]],
  );
  return new Set(rows.map((row) => row.event_date));
}
