import type { DataSource } from 'typeorm';
import { TenantEntity } from '../db/entities';
import { AppError } from '../errors';
import type { TPlatformTenant } from '../schemas/tenant.schema';

/**
 * The platform operator's switch: a disabled tenant's keys (current and retired) all answer 401.
 * Its open proposals are left to their workflows and expire on their own timers, as unconfirmed
 * ones always do; a payment already under way is still settled.
 */
export async function setTenantDisabled(db: DataSource, tenantId: string, disabled: boolean): Promise<TPlatformTenant> {
  const tenants = db.getRepository(TenantEntity);
  const result = await tenants
    .createQueryBuilder()
    .update()
    .set({ disabledAt: disabled ? () => 'COALESCE(disabled_at, now())' : null })
    .where('id = :tenantId', { tenantId })
    .execute();
  if (!result.affected) throw new AppError('NOT_FOUND', 'No tenant with that id');
  const tenant = await tenants.findOneByOrFail({ id: tenantId });
  return { id: tenant.id, name: tenant.name, disabled: tenant.disabledAt !== null, disabledAt: tenant.disabledAt?.toISOString() ?? null };
}
