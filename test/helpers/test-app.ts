import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { buildApp } from '../../src/app';
import type { Config } from '../../src/config';
import { connectTemporalClient, type TemporalClientHandle } from '../../src/integrations/temporal-client';
import { openTestDb, testConfig } from './test-env';

export interface TestApp {
  app: FastifyInstance;
  db: DataSource;
  temporal: TemporalClientHandle;
  config: Config;
  close(): Promise<void>;
}

/** The real app on the run's Postgres and Temporal, for `app.inject` tests. */
export async function createTestApp(overrides: Record<string, string | undefined> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const db = await openTestDb();
  const temporal = await connectTemporalClient(config);
  const app = await buildApp({ config, db, temporal: temporal.client });
  await app.ready();
  return {
    app,
    db,
    temporal,
    config,
    close: async () => {
      await app.close();
      await temporal.close();
      await db.destroy();
    },
  };
}
