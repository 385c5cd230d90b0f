import type { DataSource } from 'typeorm';
import { TenantEntity } from '../db/entities';
import type { BusinessHours } from '../db/entities/tenant.entity';
import { DEFAULT_CANCELLATION_POLICY } from '../schemas/cancellation-policy.schema';
import type { TCreatedTenant, TCreateTenantBody } from '../schemas/tenant.schema';
import { applyBusinessHours, changeClosedDates } from './tenant-settings';
import { generatePublishableKey, generateSecretKey, hashSecretKey } from './tenant-keys';

export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  mon: ['09:00', '17:00'],
  tue: ['09:00', '17:00'],
  wed: ['09:00', '17:00'],
  thu: ['09:00', '17:00'],
  fri: ['09:00', '17:00'],
  sat: ['10:00', '14:00'],
  sun: null,
};

/** Creates a tenant and returns its keys; the secret key exists only in this answer. */
export async function createTenant(db: DataSource, input: TCreateTenantBody): Promise<TCreatedTenant> {
  const secretKey = generateSecretKey();
  const timezone = input.timezone ?? 'UTC';
  const tenant = await db.getRepository(TenantEntity).save({
    name: input.name,
    timezone,
    currency: input.currency ?? 'usd',
    contactEmail: input.notificationEmail ?? input.contactEmail ?? null,
    publishableKey: generatePublishableKey(),
    secretKeyHash: hashSecretKey(secretKey),
    businessHours: applyBusinessHours(DEFAULT_BUSINESS_HOURS, input.businessHours ?? {}),
    blackoutDates: changeClosedDates([], { add: input.closedDates ?? [] }, timezone),
    allowedOrigins: input.allowedOrigins ?? [],
    cancellationPolicy: input.cancellationPolicy ?? DEFAULT_CANCELLATION_POLICY,
  });
  return { id: tenant.id, name: tenant.name, publishableKey: tenant.publishableKey, secretKey };
}
