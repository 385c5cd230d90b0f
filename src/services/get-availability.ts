import type { DataSource } from 'typeorm';
import type { TenantEntity } from '../db/entities';
import { addDays, daysBetween, isBookableDay, todayInTimeZone } from '../domain/calendar';
import { AppError } from '../errors';
import type { TDayAvailability } from '../schemas/catalog.schema';
import { findHeldDates } from './booking-queries';

/** docs/api.md: a request covers at most 92 days. */
export const MAX_AVAILABILITY_DAYS = 92;

export type DayAvailability = TDayAvailability;

/** Each date in [from, to]: open that weekday, not blacked out, not in the past, not booked. */
export async function getAvailability(db: DataSource, tenant: TenantEntity, from: string, to: string): Promise<DayAvailability[]> {
  const days = daysBetween(from, to);
  if (days < 1) throw new AppError('INVALID_REQUEST', 'Invalid request: `to` must not be before `from`');
  if (days > MAX_AVAILABILITY_DAYS) throw new AppError('INVALID_REQUEST', `Invalid request: at most ${MAX_AVAILABILITY_DAYS} days at once`);
  const today = todayInTimeZone(tenant.timezone);
  const held = await findHeldDates(db, tenant.id, from, to);
  return Array.from({ length: days }, (_, index) => {
    const date = addDays(from, index);
    return { date, available: date >= today && !held.has(date) && isBookableDay(date, tenant.businessHours, tenant.blackoutDates) };
  });
}
