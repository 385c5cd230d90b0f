import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is unset: run the tests through jest (its global setup starts Postgres)');
  return url;
}

export function testTemporalAddress(): string {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is unset: run the tests through jest (its global setup starts Temporal)');
  return address;
}

/**
 * A Config for one test file: the run's Postgres and Temporal, its own task queue (so workers of
 * parallel test files never take each other's tasks) and its own DATA_DIR.
 */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDatabaseUrl(),
    TEMPORAL_ADDRESS: testTemporalAddress(),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    DATA_DIR: fs.mkdtempSync(path.join(process.env.TEST_TMP_DIR ?? os.tmpdir(), 'booking-data-')),
    ...overrides,
  });
}

/** The schema is migrated once by the global setup; test files only connect. */
export async function openTestDb(): Promise<DataSource> {
  const db = createDataSource(testDatabaseUrl(), { poolSize: 5 });
  await db.initialize();
  return db;
}
