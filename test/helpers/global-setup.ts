import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/data-source';
import { createDatabaseIfMissing, startEmbeddedPostgres } from '../../src/integrations/embedded/postgres';
import { resolveTemporalBinary, TEMPORAL_TEST_SERVER } from '../../src/integrations/embedded/temporal-cli';
import { startTemporalDevServer } from '../../src/integrations/embedded/temporal-dev-server';
import { freePort } from '../../src/integrations/embedded/free-port';

export interface TestServices {
  stops: Array<() => Promise<unknown>>;
  tmpDir: string;
}

/**
 * One Postgres (a fresh database per run) and one Temporal dev server for the whole jest run;
 * test files reach them through TEST_DATABASE_URL and TEST_TEMPORAL_ADDRESS.
 */
export default async function globalSetup(): Promise<void> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'booking-test-'));
  fs.chmodSync(tmpDir, 0o755);
  const services: TestServices = { stops: [], tmpDir };
  (globalThis as { __bookingTestServices?: TestServices }).__bookingTestServices = services;
  // Test files put their DATA_DIRs (outboxes) here too, so the teardown removes them with the rest.
  process.env.TEST_TMP_DIR = tmpDir;
  const toolsDir = path.resolve(__dirname, '../../.tools');

  const database = `booking_test_${Date.now()}`;
  if (process.env.DATABASE_URL) {
    // An outside Postgres: a new database on it for this run.
    const base = new URL(process.env.DATABASE_URL);
    base.pathname = '/postgres';
    await createDatabaseIfMissing(base.toString(), database);
    base.pathname = `/${database}`;
    process.env.TEST_DATABASE_URL = base.toString();
  } else {
    const postgres = await startEmbeddedPostgres({ dir: path.join(tmpDir, 'postgres'), port: await freePort(), database });
    services.stops.push(postgres.stop);
    process.env.TEST_DATABASE_URL = postgres.url;
  }
  const db = await openDatabase(process.env.TEST_DATABASE_URL, { poolSize: 2 });
  await db.destroy();

  const temporal = await startTemporalDevServer({ ui: false, quiet: true, namespace: 'default', toolsDir, configuredCliPath: process.env.TEMPORAL_CLI_PATH });
  services.stops.push(temporal.stop);
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;

  const testServer = await resolveTemporalBinary(TEMPORAL_TEST_SERVER, { toolsDir });
  if (testServer.kind === 'path') process.env.TEMPORAL_TEST_SERVER_PATH = testServer.path;
}
