import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key rotation and disabling a tenant. A rotated key moves to retired_tenant_keys with the end of
 * its grace period; the auth lookup accepts it until then. A disabled tenant's keys all answer 401.
 */
export class TenantKeyRotation1764300000000 implements MigrationInterface {
  name = 'TenantKeyRotation1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tenants ADD COLUMN disabled_at timestamptz`);
    await queryRunner.query(`
      CREATE TABLE retired_tenant_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('publishable', 'secret')),
        -- the publishable key itself, or the sha256 of the secret key (never the secret key)
        key_lookup text NOT NULL UNIQUE,
        valid_until timestamptz NOT NULL,
        retired_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_retired_tenant_keys_tenant ON retired_tenant_keys (tenant_id, kind)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS retired_tenant_keys`);
    await queryRunner.query(`ALTER TABLE tenants DROP COLUMN IF EXISTS disabled_at`);
  }
}
