import type { DataSource, FindOptionsWhere } from 'typeorm';
import { Between, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { BookingEntity } from '../db/entities';
import type { TAdminBooking, TListBookingsQuery } from '../schemas/admin.schema';

/** One answer stays a bounded size; narrow the dates to see further (ordered by date). */
export const MAX_LISTED_BOOKINGS = 1000;

/** The back office's view of a booking: no Stripe ids, no checkout URL. */
export function toAdminBooking(booking: BookingEntity): TAdminBooking {
  return {
    id: booking.id,
    proposalId: booking.proposalId,
    packageId: booking.packageId,
    eventDate: booking.eventDate,
    status: booking.status,
    confirmationCode: booking.confirmationCode,
    customerName: booking.customerName,
    customerEmail: booking.customerEmail,
    totalCents: booking.totalCents,
    currency: booking.currency,
    amountPaidCents: booking.amountPaidCents,
    paidAt: booking.paidAt?.toISOString() ?? null,
    refundedAt: booking.refundedAt?.toISOString() ?? null,
    createdAt: booking.createdAt.toISOString(),
  };
}

function eventDateFilter(from: string | undefined, to: string | undefined) {
  if (from && to) return Between(from, to);
  if (from) return MoreThanOrEqual(from);
  if (to) return LessThanOrEqual(to);
  return undefined;
}

/** docs/api.md `GET /v1/admin/bookings`: this tenant's bookings, by event date, optionally filtered. */
export async function listBookings(db: DataSource, tenantId: string, query: TListBookingsQuery): Promise<TAdminBooking[]> {
  const where: FindOptionsWhere<BookingEntity> = { tenantId };
  if (query.status) where.status = query.status;
  const eventDate = eventDateFilter(query.from, query.to);
  if (eventDate) where.eventDate = eventDate;
  const bookings = await db.getRepository(BookingEntity).find({
    where,
    order: { eventDate: 'ASC', createdAt: 'ASC', id: 'ASC' },
    take: MAX_LISTED_BOOKINGS,
  });
  return bookings.map(toAdminBooking);
}
