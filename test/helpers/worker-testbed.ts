import { buildTenant, type TestTenant } from './factories';
import { createTestApp, type TestApp } from './test-app';
import { startTestWorker, type TestWorker } from './worker';

export interface WorkerTestbed {
  t: TestApp;
  worker: TestWorker;
  owner: TestTenant;
}

/**
 * For one describe block: the real app, a real worker on its task queue and a tenant with
 * packages, started before its tests and stopped after them. The fields are set in beforeAll.
 */
export function useWorkerTestbed(overrides: () => Record<string, string | undefined> = () => ({})): WorkerTestbed {
  const bed = {} as WorkerTestbed;
  beforeAll(async () => {
    bed.t = await createTestApp(overrides());
    bed.worker = await startTestWorker(bed.t.config, bed.t.db);
    bed.owner = await buildTenant(bed.t.db);
  });
  afterAll(async () => {
    await bed.worker?.stop();
    await bed.t?.close();
  });
  return bed;
}
