import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createCleanupActivities } from '../../activities/cleanup.activities';
import { createHoldSweepActivities } from '../../activities/hold-sweep.activities';
import { ChatSessionEntity, ProposalEntity } from '../../src/db/entities';
import { CLEANUP_SCHEDULE_ID, ensureCleanupSchedule } from '../../src/integrations/cleanup-schedule';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { installQuietRuntime, quietBundlerLogger } from '../helpers/quiet-runtime';
import { openTestDb, testConfig, testTemporalAddress } from '../helpers/test-env';

describe('cleanup of stale records (Temporal Schedule)', () => {
  let db: DataSource;
  let owner: TestTenant;
  let connection: Connection;
  let client: Client;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    db = await openTestDb();
    owner = await buildTenant(db);
    connection = await Connection.connect({ address: testTemporalAddress() });
    client = new Client({ connection });
    installQuietRuntime();
    workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows/cleanup.workflow'), logger: quietBundlerLogger });
  });
  afterAll(async () => {
    await client.schedule.getHandle(CLEANUP_SCHEDULE_ID).delete().catch(() => undefined);
    await connection.close();
    await db.destroy();
  });

  async function insertSession(daysIdle: number): Promise<string> {
    const [row] = await db.query(
      `INSERT INTO chat_sessions (tenant_id, session_type, updated_at) VALUES ($1, 'CUSTOMER', now() - ($2 || ' days')::interval) RETURNING id`,
      [owner.tenant.id, daysIdle],
    );
    return row.id;
  }

  async function insertProposal(sessionId: string, expiredMinutesAgo: number): Promise<string> {
    const [row] = await db.query(
      `INSERT INTO proposals (tenant_id, session_id, tool_name, operation, payload, preview, expires_at, workflow_id)
       VALUES ($1, $2, 'book_service', 'create_customer_booking', '{}', '{}', now() - ($3 || ' minutes')::interval, 'proposal-x')
       RETURNING id`,
      [owner.tenant.id, sessionId, expiredMinutesAgo],
    );
    return row.id;
  }

  it('creates its schedule once', async () => {
    const config = testConfig();
    expect(await ensureCleanupSchedule(client, config.TEMPORAL_TASK_QUEUE)).toBe('created');
    expect(await ensureCleanupSchedule(client, config.TEMPORAL_TASK_QUEUE)).toBe('exists');
    const description = await client.schedule.getHandle(CLEANUP_SCHEDULE_ID).describe();
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'cleanupStaleRecords' });
  });

  it('expires abandoned proposals and removes idle sessions, keeping what is still in use', async () => {
    const idle = await insertSession(8);
    const recent = await insertSession(1);
    const idleWithProposal = await insertSession(8);
    const abandoned = await insertProposal(idleWithProposal, 120);
    const stillOpen = await insertProposal(recent, 5);

    // Exact counts: what the cleanup reports is what it changed (other files' rows included).
    const [{ count: abandonedCount }] = await db.query(
      `SELECT count(*)::int AS count FROM proposals WHERE status = 'AWAITING_CONFIRMATION' AND expires_at < now() - interval '1 hour'`,
    );
    const [{ count: idleCount }] = await db.query(
      `SELECT count(*)::int AS count FROM chat_sessions s WHERE s.session_type = 'CUSTOMER' AND s.updated_at < now() - interval '7 days'
          AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.session_id = s.id)`,
    );
    const config = testConfig();
    const nativeConnection = await NativeConnection.connect({ address: testTemporalAddress() });
    try {
      const worker = await Worker.create({
        connection: nativeConnection,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowBundle,
        activities: { ...createCleanupActivities(db), ...createHoldSweepActivities({ db, stripe: undefined, paymentHoldMs: config.PAYMENT_HOLD }) },
      });
      const result = await worker.runUntil(
        client.workflow.execute('cleanupStaleRecords', { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: `cleanup-test-${Date.now()}` }),
      );
      expect(result.expiredProposals).toBeGreaterThanOrEqual(1);
      expect(result.deletedSessions).toBeGreaterThanOrEqual(1);
      // Released holds are counted in test/integration/abandoned-hold.test.ts.
      expect(result).toEqual({ expiredProposals: abandonedCount, deletedSessions: idleCount, releasedHolds: expect.any(Number) });
    } finally {
      await nativeConnection.close();
    }

    const sessions = db.getRepository(ChatSessionEntity);
    expect(await sessions.existsBy({ id: idle })).toBe(false);
    expect(await sessions.existsBy({ id: recent })).toBe(true);
    expect(await sessions.existsBy({ id: idleWithProposal })).toBe(true);
    const proposals = db.getRepository(ProposalEntity);
    expect((await proposals.findOneByOrFail({ id: abandoned })).status).toBe('EXPIRED');
    expect((await proposals.findOneByOrFail({ id: stillOpen })).status).toBe('AWAITING_CONFIRMATION');
  });
});
