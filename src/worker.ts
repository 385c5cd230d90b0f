import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { CLEANUP_SCHEDULE_ID, ensureCleanupSchedule } from './integrations/cleanup-schedule';
import { loadConfigOrExit, type Config } from './config';
import { openDatabase } from './db/data-source';
import { connectTemporalClient, payloadDataConverter, temporalConnectionOptions } from './integrations/temporal-client';
import { createLogger, type Logger } from './logger';
import { workflowCode } from './workflow-bundle';
import { startWorkerMetricsServer } from './worker-metrics';

/** The worker role: runs bookingProposal workflows and their activities on TEMPORAL_TASK_QUEUE. */
export async function runWorker(config: Config, logger: Logger): Promise<void> {
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new Error('the worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm start provides both from embedded services)');
  }
  const metrics = await startWorkerMetricsServer({
    host: config.WORKER_METRICS_HOST,
    port: config.WORKER_METRICS_PORT,
    sdkMetricsUrl: `http://${sdkMetricsAddress(config)}/metrics`,
  });
  logger.info({ url: metrics.url }, 'worker metrics');
  const db = await openDatabase(config.DATABASE_URL);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      ...workflowCode(config.NODE_ENV),
      activities: createActivities({ config, db }),
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      dataConverter: payloadDataConverter(config),
    });
    const temporal = await connectTemporalClient(config);
    const schedule = await ensureCleanupSchedule(temporal.client, config.TEMPORAL_TASK_QUEUE);
    await temporal.close();
    logger.info({ scheduleId: CLEANUP_SCHEDULE_ID, schedule }, 'cleanup schedule in place');
    // The SDK's Runtime already drains the worker on SIGINT/SIGTERM; run() then resolves.
    logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'worker running');
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await connection.close();
    await db.destroy();
    await metrics.close();
  }
}

/** Where the SDK's Prometheus exporter listens: loopback only, merged into the worker's /metrics. */
function sdkMetricsAddress(config: Config): string {
  return `127.0.0.1:${config.TEMPORAL_SDK_METRICS_PORT}`;
}

if (require.main === module) {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL, 'worker');
  // The SDK logs every workflow bundle at INFO; keep its own lines to warnings unless debugging.
  Runtime.install({
    logger: new DefaultLogger(['debug', 'trace'].includes(config.LOG_LEVEL) ? 'DEBUG' : 'WARN'),
    telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetricsAddress(config) } } },
  });
  runWorker(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, 'worker failed');
    process.exit(1);
  });
}
