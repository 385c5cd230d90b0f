import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createBareActivities } from './bare.activities';

/**
 * Child process of `npm run bench`: a worker for the bare workflow alone (its own bundle, its own
 * task queue), with the SDK's default settings. Tells the parent when it polls; stops on SIGTERM.
 */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.BENCH_BARE_TASK_QUEUE ?? 'bench-bare',
    workflowsPath: require.resolve('./bare.workflow'),
    activities: createBareActivities(),
  });
  const running = worker.run();
  process.send?.('ready');
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bare worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
