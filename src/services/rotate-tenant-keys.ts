import type { DataSource } from 'typeorm';
import type { TRotatedKeys, TRotateKeysBody } from '../schemas/keys.schema';
import { generatePublishableKey, generateSecretKey, hashSecretKey } from './tenant-keys';

interface CurrentKeys {
  publishable_key: string;
  secret_key_hash: string;
}

/**
 * Gives the tenant new keys; the replaced ones move to retired_tenant_keys and keep working for
 * `graceMs` (KEY_ROTATION_GRACE), or not at all with `revokeImmediately`. The tenant row is locked,
 * so two rotations at once retire each key exactly once.
 */
export async function rotateTenantKeys(db: DataSource, tenantId: string, input: TRotateKeysBody, graceMs: number): Promise<TRotatedKeys> {
  return db.transaction(async (tx) => {
    const [current]: CurrentKeys[] = await tx.query('SELECT publishable_key, secret_key_hash FROM tenants WHERE id = $1 FOR UPDATE', [tenantId]);
    const [{ valid_until: validUntil }]: Array<{ valid_until: Date }> = await tx.query(
      `SELECT now() + make_interval(secs => $1::double precision / 1000) AS valid_until`,
      [input.revokeImmediately ? 0 : graceMs],
    );
    const result: TRotatedKeys = { previousKeysValidUntil: validUntil.toISOString() };
    for (const kind of input.keys) {
      if (input.revokeImmediately) {
        await tx.query('UPDATE retired_tenant_keys SET valid_until = LEAST(valid_until, $3) WHERE tenant_id = $1 AND kind = $2', [tenantId, kind, validUntil]);
      }
      const oldLookup = kind === 'publishable' ? current.publishable_key : current.secret_key_hash;
      await tx.query('INSERT INTO retired_tenant_keys (tenant_id, kind, key_lookup, valid_until) VALUES ($1, $2, $3, $4)', [
        tenantId,
        kind,
        oldLookup,
        validUntil,
      ]);
      if (kind === 'publishable') {
        result.publishableKey = generatePublishableKey();
        await tx.query('UPDATE tenants SET publishable_key = $2 WHERE id = $1', [tenantId, result.publishableKey]);
      } else {
        result.secretKey = generateSecretKey();
        await tx.query('UPDATE tenants SET secret_key_hash = $2 WHERE id = $1', [tenantId, hashSecretKey(result.secretKey)]);
      }
    }
    return result;
  });
}
