import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The origins whose pages may call a tenant's frontend routes from a browser (CORS), set in its settings. */
export class TenantAllowedOrigins1764400000000 implements MigrationInterface {
  name = 'TenantAllowedOrigins1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tenants ADD COLUMN allowed_origins jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tenants DROP COLUMN IF EXISTS allowed_origins`);
  }
}
