import { IsNull, type DataSource } from 'typeorm';
import { TenantEntity } from '../db/entities';

export type TenantKeyKind = 'publishable' | 'secret';

export interface TenantByKey {
  tenant: TenantEntity;
  /** The key was rotated away and works only until the end of its grace period. */
  retired: boolean;
}

/**
 * The enabled tenant a key belongs to: its current key, or a rotated one still in its grace period.
 * `lookup` is the publishable key itself or the sha256 of a secret key.
 */
export async function findTenantByKey(db: DataSource, kind: TenantKeyKind, lookup: string): Promise<TenantByKey | undefined> {
  const tenants = db.getRepository(TenantEntity);
  const current = await tenants.findOneBy(
    kind === 'publishable' ? { publishableKey: lookup, disabledAt: IsNull() } : { secretKeyHash: lookup, disabledAt: IsNull() },
  );
  if (current) return { tenant: current, retired: false };
  const [retired]: Array<{ tenant_id: string }> = await db.query(
    `SELECT tenant_id FROM retired_tenant_keys WHERE key_lookup = $1 AND kind = $2 AND valid_until > now()`,
    [lookup, kind],
  );
  if (!retired) return undefined;
  const tenant = await tenants.findOneBy({ id: retired.tenant_id, disabledAt: IsNull() });
  return tenant ? { tenant, retired: true } : undefined;
}
