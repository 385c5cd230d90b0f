import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each tenant's cancellation policy (src/schemas/cancellation-policy.schema.ts); existing tenants get the default. */
export class TenantCancellationPolicy1764450000000 implements MigrationInterface {
  name = 'TenantCancellationPolicy1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE tenants ADD COLUMN cancellation_policy jsonb NOT NULL
         DEFAULT '{"fullRefundDaysBefore": 7, "partialRefundPercent": 50, "noRefundDaysBefore": 2}'::jsonb`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tenants DROP COLUMN IF EXISTS cancellation_policy`);
  }
}
