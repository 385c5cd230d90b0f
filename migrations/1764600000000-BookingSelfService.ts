import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer self-service: a booking counts its moves (schedule_version: the .ics SEQUENCE of a
 * reschedule), records how much a cancellation refunded (refunded_cents), and sent_emails takes the cancellation and reschedule kinds, one row per booking,
 * kind and variant (a reschedule's variant is its schedule_version, so each move mails once).
 */
export class BookingSelfService1764600000000 implements MigrationInterface {
  name = 'BookingSelfService1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE bookings ADD COLUMN schedule_version integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE bookings ADD COLUMN refunded_cents integer`);
    await queryRunner.query(`ALTER TABLE sent_emails ADD COLUMN variant text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE sent_emails DROP CONSTRAINT IF EXISTS sent_emails_kind_check`);
    await queryRunner.query(
      `ALTER TABLE sent_emails ADD CONSTRAINT sent_emails_kind_check CHECK (kind IN
         ('customer_confirmation', 'tenant_notification', 'customer_cancellation', 'tenant_cancellation', 'customer_reschedule', 'tenant_reschedule'))`,
    );
    await queryRunner.query(`DROP INDEX IF EXISTS uq_sent_emails_booking_kind`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_sent_emails_booking_kind_variant ON sent_emails (booking_id, kind, variant)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM sent_emails WHERE kind NOT IN ('customer_confirmation', 'tenant_notification')`);
    await queryRunner.query(`DROP INDEX IF EXISTS uq_sent_emails_booking_kind_variant`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_sent_emails_booking_kind ON sent_emails (booking_id, kind)`);
    await queryRunner.query(`ALTER TABLE sent_emails DROP CONSTRAINT IF EXISTS sent_emails_kind_check`);
    await queryRunner.query(`ALTER TABLE sent_emails ADD CONSTRAINT sent_emails_kind_check CHECK (kind IN ('customer_confirmation', 'tenant_notification'))`);
    await queryRunner.query(`ALTER TABLE sent_emails DROP COLUMN IF EXISTS variant`);
    await queryRunner.query(`ALTER TABLE bookings DROP COLUMN IF EXISTS refunded_cents`);
    await queryRunner.query(`ALTER TABLE bookings DROP COLUMN IF EXISTS schedule_version`);
  }
}
