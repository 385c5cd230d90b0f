import type { DataSource } from 'typeorm';
import { PackageEntity, TenantEntity } from '../../src/db/entities';
import { createTenant } from '../../src/services/create-tenant';

export interface TestTenant {
  tenant: TenantEntity;
  publishableKey: string;
  secretKey: string;
  packages: PackageEntity[];
}

/** A tenant with keys and two active packages; overrides change the tenant row. */
export async function buildTenant(db: DataSource, overrides: Partial<TenantEntity> = {}): Promise<TestTenant> {
  const created = await createTenant(db, { name: overrides.name ?? 'Test Studio' });
  const tenants = db.getRepository(TenantEntity);
  if (Object.keys(overrides).length > 0) await tenants.update({ id: created.id }, overrides);
  const tenant = await tenants.findOneByOrFail({ id: created.id });
  const packages = await db.getRepository(PackageEntity).save([
    { tenantId: tenant.id, name: 'Portrait session', description: 'One hour', priceCents: 15_000, currency: tenant.currency },
    { tenantId: tenant.id, name: 'Full-day wedding', description: 'Ten hours', priceCents: 250_000, currency: tenant.currency },
  ]);
  return { tenant, publishableKey: created.publishableKey, secretKey: created.secretKey, packages };
}
