import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first schema. Every table carries tenant_id; status columns are checked here so a bad
 * write fails in Postgres, not only in TypeScript.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        publishable_key text NOT NULL UNIQUE,
        secret_key_hash text NOT NULL UNIQUE,
        timezone text NOT NULL DEFAULT 'UTC',
        currency text NOT NULL DEFAULT 'usd',
        business_hours jsonb NOT NULL,
        blackout_dates jsonb NOT NULL DEFAULT '[]'::jsonb,
        contact_email text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE packages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        price_cents integer NOT NULL CHECK (price_cents >= 0),
        currency text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_packages_tenant_active ON packages (tenant_id, active)`);

    await queryRunner.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        email text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_customers_tenant_email ON customers (tenant_id, email)`);

    await queryRunner.query(`
      CREATE TABLE chat_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
        session_type text NOT NULL DEFAULT 'CUSTOMER' CHECK (session_type IN ('CUSTOMER', 'ADMIN')),
        messages jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The seed's session indexes: recent sessions per tenant, per customer, and the idle-session cleanup.
    await queryRunner.query(`CREATE INDEX idx_chat_sessions_tenant_updated ON chat_sessions (tenant_id, updated_at)`);
    await queryRunner.query(`CREATE INDEX idx_chat_sessions_customer_updated ON chat_sessions (customer_id, updated_at)`);
    await queryRunner.query(`CREATE INDEX idx_chat_sessions_type_updated ON chat_sessions (session_type, updated_at)`);

    await queryRunner.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        session_id uuid NOT NULL REFERENCES chat_sessions(id) ON DELETE CASCADE,
        customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
        tool_name text NOT NULL,
        operation text NOT NULL,
        trust_tier text NOT NULL DEFAULT 'T3' CHECK (trust_tier IN ('T1', 'T2', 'T3')),
        payload jsonb NOT NULL,
        preview jsonb NOT NULL,
        status text NOT NULL DEFAULT 'AWAITING_CONFIRMATION' CHECK (status IN (
          'AWAITING_CONFIRMATION', 'BOOKING', 'AWAITING_PAYMENT', 'COMPLETED', 'EXPIRED', 'FAILED', 'PAYMENT_EXPIRED')),
        expires_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        workflow_id text NOT NULL,
        booking_id uuid,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The seed's proposal indexes; status + expires_at serves the expired-proposal cleanup.
    await queryRunner.query(`CREATE INDEX idx_proposals_tenant_session ON proposals (tenant_id, session_id)`);
    await queryRunner.query(`CREATE INDEX idx_proposals_tenant_status ON proposals (tenant_id, status)`);
    await queryRunner.query(`CREATE INDEX idx_proposals_expires_at ON proposals (expires_at)`);
    await queryRunner.query(`CREATE INDEX idx_proposals_status_expires_at ON proposals (status, expires_at)`);
    await queryRunner.query(`CREATE INDEX idx_proposals_customer ON proposals (customer_id)`);

    await queryRunner.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        proposal_id uuid NOT NULL UNIQUE REFERENCES proposals(id),
        package_id uuid NOT NULL REFERENCES packages(id),
        customer_id uuid NOT NULL REFERENCES customers(id),
        event_date date NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELED', 'REFUNDED')),
        confirmation_code text NOT NULL,
        customer_name text NOT NULL,
        customer_email text NOT NULL,
        notes text,
        total_cents integer NOT NULL CHECK (total_cents >= 0),
        currency text NOT NULL,
        amount_paid_cents integer,
        paid_at timestamptz,
        stripe_checkout_session_id text,
        checkout_url text,
        stripe_payment_intent_id text,
        refunded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_bookings_tenant_status_date ON bookings (tenant_id, status, event_date)`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_bookings_tenant_confirmation_code ON bookings (tenant_id, confirmation_code)`);
    // The second guard of a date (the first is the advisory lock): one date-holding booking per tenant and date.
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_bookings_tenant_date_active ON bookings (tenant_id, event_date) WHERE status IN ('PENDING', 'CONFIRMED')`,
    );

    await queryRunner.query(`
      CREATE TABLE processed_webhook_events (
        event_id text PRIMARY KEY,
        tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
        type text NOT NULL,
        proposal_id uuid,
        outcome text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_processed_webhook_events_tenant ON processed_webhook_events (tenant_id, received_at)`);

    await queryRunner.query(`
      CREATE TABLE sent_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        booking_id uuid NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('customer_confirmation', 'tenant_notification')),
        recipient text NOT NULL,
        message_id text NOT NULL,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_sent_emails_booking_kind ON sent_emails (booking_id, kind)`);
    await queryRunner.query(`CREATE INDEX idx_sent_emails_tenant ON sent_emails (tenant_id, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['sent_emails', 'processed_webhook_events', 'bookings', 'proposals', 'chat_sessions', 'customers', 'packages', 'tenants']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
