import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { type ActivityDeps, createActivities } from '../../activities';
import type { Config } from '../../src/config';
import { payloadDataConverter, temporalConnectionOptions } from '../../src/integrations/temporal-client';
import { installQuietRuntime, quietBundlerLogger } from './quiet-runtime';

export interface TestWorker {
  worker: Worker;
  /** Drains the worker and closes its connection; safe to call twice. */
  stop(): Promise<void>;
}


// jest gives every test file its own module registry, so this caches one bundle per test file.
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Every workflow of workflows/index.ts, bundled once per test file (webpack takes seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietBundlerLogger });
  return bundle;
}

/**
 * A real Worker on the test's own task queue (from its config), running the real activities
 * against the test's database until `stop()`.
 */
export async function startTestWorker(config: Config, db: DataSource, extra: Partial<ActivityDeps> = {}): Promise<TestWorker> {
  installQuietRuntime();
  const workflowBundleCode = await workflowBundle();
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  let worker: Worker;
  try {
    worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowBundle: workflowBundleCode,
      activities: createActivities({ config, db, ...extra }),
      dataConverter: payloadDataConverter(config),
    });
  } catch (error) {
    await connection.close();
    throw error;
  }
  const running = worker.run();
  let stopped: Promise<void> | undefined;
  return {
    worker,
    stop: () => {
      stopped ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await connection.close();
      })();
      return stopped;
    },
  };
}
