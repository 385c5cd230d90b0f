import type { DataSource } from 'typeorm';
import { PackageEntity, TenantEntity } from '../db/entities';
import type { TCreatedTenant } from '../schemas/tenant.schema';
import { createTenant } from './create-tenant';

export const DEMO_NOTIFICATION_EMAIL = 'studio@demo-studio.example';

const DEMO_PACKAGES = [
  { name: 'Portrait session', description: 'One hour in the studio, 20 edited photos.', priceCents: 15_000 },
  { name: 'Half-day event', description: 'Four hours of coverage, online gallery.', priceCents: 60_000 },
  { name: 'Full-day wedding', description: 'Ten hours, two photographers, printed album.', priceCents: 250_000 },
];

/**
 * On an empty database, creates a demo tenant with packages so a newcomer can try the API at once.
 * Its widget works on the service's own page and on any page served from the developer's machine.
 */
export async function seedDemoTenantIfEmpty(db: DataSource, publicBaseUrl: string): Promise<TCreatedTenant | undefined> {
  if ((await db.getRepository(TenantEntity).count()) > 0) return undefined;
  // The notification address is the settings' notificationEmail: its notices land in the outbox too.
  const tenant = await createTenant(db, { name: 'Demo Studio', timezone: 'UTC', currency: 'usd', contactEmail: DEMO_NOTIFICATION_EMAIL });
  await db.getRepository(TenantEntity).update({ id: tenant.id }, { allowedOrigins: [new URL(publicBaseUrl).origin, 'http://localhost:*'] });
  await db.getRepository(PackageEntity).save(DEMO_PACKAGES.map((pkg) => ({ ...pkg, tenantId: tenant.id, currency: 'usd' })));
  return tenant;
}
