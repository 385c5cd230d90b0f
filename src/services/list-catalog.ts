import type { DataSource } from 'typeorm';
import { PackageEntity, type TenantEntity } from '../db/entities';
import type { TCatalog } from '../schemas/catalog.schema';

/** docs/api.md `GET /v1/catalog`. */
export type Catalog = TCatalog;

/** docs/api.md `GET /v1/catalog`: the tenant's active packages, cheapest first. */
export async function listCatalog(db: DataSource, tenant: TenantEntity): Promise<Catalog> {
  const packages = await db.getRepository(PackageEntity).find({
    where: { tenantId: tenant.id, active: true },
    order: { priceCents: 'ASC', name: 'ASC' },
  });
  return {
    tenant: { name: tenant.name, timezone: tenant.timezone, currency: tenant.currency },
    packages: packages.map(({ id, name, description, priceCents, currency }) => ({ id, name, description, priceCents, currency })),
  };
}
