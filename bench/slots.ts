import type { DataSource } from 'typeorm';
import { PackageEntity } from '../src/db/entities';
import { addDays, isBookableDay, todayInTimeZone } from '../src/domain/calendar';
import { createTenant, DEFAULT_BUSINESS_HOURS } from '../src/services/create-tenant';

/** One bookable (tenant, package, date): every booking of the bench gets its own. */
export interface Slot {
  tenantKey: string;
  packageId: string;
  date: string;
}

// Dates spread over a few years at most; a new tenant takes over after this many.
const DATES_PER_TENANT = 250;
// The day after tomorrow at the earliest, so "today" in any zone is behind us.
const FIRST_DAY_OFFSET = 2;

/** `count` slots on fresh tenants (named after `label`), each date open under the default business hours. */
export async function allocateSlots(db: DataSource, label: string, count: number): Promise<Slot[]> {
  const slots: Slot[] = [];
  while (slots.length < count) {
    const tenant = await createTenant(db, { name: `Bench ${label} ${slots.length / DATES_PER_TENANT + 1}` });
    const pkg = await db.getRepository(PackageEntity).save({ tenantId: tenant.id, name: 'Bench session', priceCents: 10_000, currency: 'usd' });
    const today = todayInTimeZone('UTC');
    for (let offset = FIRST_DAY_OFFSET, taken = 0; taken < DATES_PER_TENANT && slots.length < count; offset++) {
      const date = addDays(today, offset);
      if (!isBookableDay(date, DEFAULT_BUSINESS_HOURS, [])) continue;
      slots.push({ tenantKey: tenant.publishableKey, packageId: pkg.id, date });
      taken += 1;
    }
  }
  return slots;
}
