import { Not, type DataSource, type EntityManager } from 'typeorm';
import { PackageEntity, TenantEntity } from '../db/entities';
import type { BusinessHours } from '../db/entities/tenant.entity';
import { todayInTimeZone } from '../domain/calendar';
import { applyClosedDates, type ClosedDatesChange } from '../domain/closed-dates';
import { AppError } from '../errors';
import {
  MAX_CLOSED_DATES,
  WEEKDAY_KEYS,
  type TBusinessHoursPatch,
  type TTenantSettings,
  type TUpdateSettingsBody,
} from '../schemas/settings.schema';

/** The stored week with the given weekdays replaced (`[open, close]`, or null when closed). */
export function applyBusinessHours(current: BusinessHours, patch: TBusinessHoursPatch): BusinessHours {
  const hours = { ...current };
  for (const day of WEEKDAY_KEYS) {
    const given = patch[day];
    if (given !== undefined) hours[day] = given === null ? null : [given.open, given.close];
  }
  return hours;
}

/** The new closed-date list, or a 400 naming why the change cannot apply. */
export function changeClosedDates(current: readonly string[], change: ClosedDatesChange, timeZone: string): string[] {
  const result = applyClosedDates(current, change, todayInTimeZone(timeZone), MAX_CLOSED_DATES);
  if ('problem' in result) {
    throw new AppError('INVALID_REQUEST', `Invalid body: closedDates: ${result.problem}`, [{ path: 'closedDates', message: result.problem }]);
  }
  return result.dates;
}

export function toTenantSettings(tenant: TenantEntity): TTenantSettings {
  const today = todayInTimeZone(tenant.timezone);
  return {
    name: tenant.name,
    timezone: tenant.timezone,
    currency: tenant.currency,
    businessHours: Object.fromEntries(
      WEEKDAY_KEYS.map((day) => {
        const hours = tenant.businessHours[day];
        return [day, hours ? { open: hours[0], close: hours[1] } : null];
      }),
    ) as TTenantSettings['businessHours'],
    closedDates: tenant.blackoutDates.filter((date) => date >= today).sort(),
    notificationEmail: tenant.contactEmail,
    allowedOrigins: tenant.allowedOrigins,
    cancellationPolicy: tenant.cancellationPolicy,
  };
}

export async function getTenantSettings(db: DataSource, tenantId: string): Promise<TTenantSettings> {
  return toTenantSettings(await db.getRepository(TenantEntity).findOneByOrFail({ id: tenantId }));
}

/**
 * A package keeps the currency it was priced in, so the tenant's currency changes only while no
 * active package is priced in another one: the catalog never mixes currencies. Withdrawn packages
 * may keep the old currency; they cannot come back (see updatePackage).
 */
async function assertCurrencyChangeable(tx: EntityManager, tenantId: string, currency: string): Promise<void> {
  const others = await tx.getRepository(PackageEntity).countBy({ tenantId, active: true, currency: Not(currency) });
  if (others > 0) {
    throw new AppError(
      'CONFLICT',
      `${others} active package(s) are priced in another currency: withdraw them (PATCH /v1/admin/packages/:id {"active":false}) before changing the currency`,
    );
  }
}

/**
 * Changes the given settings at once, under a lock on the tenant row so two changes to the closed
 * dates never lose one another. Availability, the assistant and new proposals read the tenant on
 * every request; existing bookings are never touched.
 */
export async function updateTenantSettings(db: DataSource, tenantId: string, patch: TUpdateSettingsBody): Promise<TTenantSettings> {
  return db.transaction(async (tx) => {
    const tenants = tx.getRepository(TenantEntity);
    const tenant = await tenants.findOne({ where: { id: tenantId }, lock: { mode: 'pessimistic_write' } });
    if (!tenant) throw new AppError('NOT_FOUND', 'No such tenant');
    const changes: Partial<TenantEntity> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.timezone !== undefined) changes.timezone = patch.timezone;
    if (patch.currency !== undefined && patch.currency !== tenant.currency) {
      await assertCurrencyChangeable(tx, tenant.id, patch.currency);
      changes.currency = patch.currency;
    }
    if (patch.businessHours !== undefined) changes.businessHours = applyBusinessHours(tenant.businessHours, patch.businessHours);
    if (patch.closedDates !== undefined) {
      changes.blackoutDates = changeClosedDates(tenant.blackoutDates, patch.closedDates, changes.timezone ?? tenant.timezone);
    }
    if (patch.notificationEmail !== undefined) changes.contactEmail = patch.notificationEmail;
    if (patch.allowedOrigins !== undefined) changes.allowedOrigins = patch.allowedOrigins;
    if (patch.cancellationPolicy !== undefined) changes.cancellationPolicy = patch.cancellationPolicy;
    if (Object.keys(changes).length > 0) await tenants.update({ id: tenant.id }, changes);
    return toTenantSettings(await tenants.findOneByOrFail({ id: tenant.id }));
  });
}
