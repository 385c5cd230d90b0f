import type { DataSource, QueryRunner } from 'typeorm';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { openTestDb } from '../helpers/test-env';
import { nextOpenDate } from '../helpers/test-dates';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function indexesUsed(plan: PlanNode): string[] {
  return [...(plan['Index Name'] ? [plan['Index Name']] : []), ...(plan.Plans ?? []).flatMap(indexesUsed)];
}

async function explain(runner: QueryRunner, sql: string): Promise<PlanNode> {
  const rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> = await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`);
  return rows[0]['QUERY PLAN'][0].Plan;
}

describe('schema indexes', () => {
  let db: DataSource;
  let runner: QueryRunner;
  let owner: TestTenant;

  beforeAll(async () => {
    db = await openTestDb();
    owner = await buildTenant(db);
  });
  afterAll(async () => db.destroy());

  // Realistic volumes inside a transaction that is rolled back, so other test files never see them.
  beforeEach(async () => {
    runner = db.createQueryRunner();
    await runner.startTransaction();
  });
  afterEach(async () => {
    await runner.rollbackTransaction();
    await runner.release();
  });

  it('the expired-proposal cleanup (status + expiresAt) uses idx_proposals_status_expires_at', async () => {
    const [session] = await runner.query(`INSERT INTO chat_sessions (tenant_id) VALUES ($1) RETURNING id`, [owner.tenant.id]);
    // Many tenants, as in production: an index led by tenant_id cannot serve a cross-tenant cleanup.
    const tenants: Array<{ id: string }> = await runner.query(
      `INSERT INTO tenants (name, publishable_key, secret_key_hash, business_hours)
       SELECT 'T' || n, 'pk_' || gen_random_uuid(), gen_random_uuid()::text, '{}' FROM generate_series(1, 200) AS n RETURNING id`,
    );
    await runner.query(
      `INSERT INTO proposals (tenant_id, session_id, tool_name, operation, payload, preview, status, expires_at, workflow_id)
       SELECT ($1::uuid[])[1 + n % 200], $2, 'book_service', 'create_customer_booking', '{}', '{}',
              -- most proposals are long finished; 1 in 100 is still open, half of those past their expiry
              CASE WHEN n % 100 = 0 THEN 'AWAITING_CONFIRMATION' ELSE 'COMPLETED' END,
              CASE WHEN n % 200 = 100 THEN now() + interval '10 minutes' ELSE now() - (n || ' minutes')::interval END,
              'proposal-' || n
         FROM generate_series(1, 20000) AS n`,
      [tenants.map((tenant) => tenant.id), session.id],
    );
    await runner.query('ANALYZE proposals');
    const plan = await explain(runner, `SELECT id FROM proposals WHERE status = 'AWAITING_CONFIRMATION' AND expires_at < now()`);
    expect(indexesUsed(plan)).toContain('idx_proposals_status_expires_at');
  });

  it('the idle-session cleanup (sessionType + updatedAt) uses idx_chat_sessions_type_updated', async () => {
    await runner.query(
      `INSERT INTO chat_sessions (tenant_id, session_type, updated_at)
       SELECT $1, CASE WHEN n % 50 = 0 THEN 'CUSTOMER' ELSE 'ADMIN' END, now() - (n || ' hours')::interval
         FROM generate_series(1, 20000) AS n`,
      [owner.tenant.id],
    );
    await runner.query('ANALYZE chat_sessions');
    const plan = await explain(runner, `SELECT id FROM chat_sessions WHERE session_type = 'CUSTOMER' AND updated_at < now() - interval '7 days'`);
    expect(indexesUsed(plan)).toContain('idx_chat_sessions_type_updated');
  });

  it('two date-holding bookings of one tenant on one date are impossible even without the lock', async () => {
    const date = nextOpenDate(owner);
    const insertBooking = async (status: string) => {
      const [session] = await runner.query(`INSERT INTO chat_sessions (tenant_id) VALUES ($1) RETURNING id`, [owner.tenant.id]);
      const [customer] = await runner.query(`INSERT INTO customers (tenant_id, email, name) VALUES ($1, gen_random_uuid() || '@x.test', 'A') RETURNING id`, [owner.tenant.id]);
      const [proposal] = await runner.query(
        `INSERT INTO proposals (tenant_id, session_id, tool_name, operation, payload, preview, expires_at, workflow_id)
         VALUES ($1, $2, 'book_service', 'op', '{}', '{}', now(), 'w') RETURNING id`,
        [owner.tenant.id, session.id],
      );
      await runner.query(
        `INSERT INTO bookings (tenant_id, proposal_id, package_id, customer_id, event_date, status, confirmation_code, customer_name, customer_email, total_cents, currency)
         VALUES ($1, $2, $3, $4, $5, $6, gen_random_uuid(), 'A', 'a@x.test', 100, 'usd')`,
        [owner.tenant.id, proposal.id, owner.packages[0].id, customer.id, date, status],
      );
    };
    await insertBooking('EXPIRED');
    await insertBooking('PENDING');
    await runner.query('SAVEPOINT second');
    await expect(insertBooking('CONFIRMED')).rejects.toThrow(/uq_bookings_tenant_date_active/);
    await runner.query('ROLLBACK TO SAVEPOINT second');
  });
});
