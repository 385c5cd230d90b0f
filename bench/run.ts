import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../src/db/data-source';
import { freePort } from '../src/integrations/embedded/free-port';
import { startEmbeddedPostgres } from '../src/integrations/embedded/postgres';
import { startTemporalDevServer } from '../src/integrations/embedded/temporal-dev-server';
import { proposalWorkflowId } from '../workflows/booking-proposal.messages';
import { startFakeStripe } from '../test/helpers/fake-stripe';
import { startSmtpCapture } from '../test/helpers/smtp-capture';
import { bareFlow, completedEvent, postSignedEvent, propose, serviceFlow, type ServiceTarget } from './flows';
import { countHistory, describeCounts, type HistoryCount } from './history';
import { startChild, waitForHttp200, type BenchChild } from './processes';
import { printReport, type OpenProposalsResult, type PhaseResult } from './report';
import { allocateSlots } from './slots';
import { progress, record, runConcurrently, type StepTimes } from './stats';

/**
 * `npm run bench` (docs: README "Performance"): on one embedded Postgres and one Temporal dev server,
 * the service over HTTP (API and worker as child processes, fake Stripe and SMTP capture here) against
 * a bare workflow of the same shape and a bare signature-checking webhook route, at each concurrency.
 *
 *   BENCH_FLOWS=100          flows per phase (service, bare workflow, bare route) and concurrency
 *   BENCH_CONCURRENCY=5,50   the concurrencies, one phase set each
 *   BENCH_WARMUP=5           unmeasured flows of each kind first (JIT, caches, connections)
 *   BENCH_OPEN=0             then open this many proposals left waiting for their confirm (1000 for
 *                            the footprint figure) and report the worker's RSS
 *   BENCH_HISTORY_SAMPLE=5   completed bookings whose history is counted
 *   WORKER_*                 passed to the service's worker (src/config.ts), to compare settings
 */

const FLOWS = Number(process.env.BENCH_FLOWS ?? 100);
// BENCH_FLOWS=0 skips the flows (with BENCH_OPEN: the footprint figure alone).
const CONCURRENCIES = FLOWS > 0 ? (process.env.BENCH_CONCURRENCY ?? '5,50').split(',').map(Number).filter((value) => value > 0) : [];
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const OPEN = Number(process.env.BENCH_OPEN ?? 0);
const HISTORY_SAMPLE = Number(process.env.BENCH_HISTORY_SAMPLE ?? 5);
const OPEN_CONCURRENCY = 10;
const BARE_TASK_QUEUE = 'bench-bare';
const SERVICE_TASK_QUEUE = 'booking';
const WEBHOOK_SECRET = 'whsec_bench_only';
// TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW in temporal.api.enums.v1.
const WORKFLOW_TASK_QUEUE_TYPE = 1;

/** Resolves once some worker polls `taskQueue`. */
async function waitForPoller(client: Client, taskQueue: string): Promise<void> {
  for (;;) {
    const { pollers } = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: WORKFLOW_TASK_QUEUE_TYPE });
    if (pollers && pollers.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function averageHistory(client: Client, workflowIds: string[]): Promise<HistoryCount & { sample: number }> {
  const counts = await Promise.all(workflowIds.map((id) => countHistory(client, id)));
  const average = (maps: Array<Map<string, number>>) => {
    const sum = new Map<string, number>();
    for (const map of maps) for (const [key, value] of map) sum.set(key, (sum.get(key) ?? 0) + value);
    return new Map([...sum].map(([key, value]) => [key, Math.round((value / counts.length) * 10) / 10]));
  };
  return {
    sample: counts.length,
    events: counts.reduce((sum, count) => sum + count.events, 0) / counts.length,
    byKind: average(counts.map((count) => count.byKind)),
    activities: average(counts.map((count) => count.activities)),
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booking-bench-'));
  fs.chmodSync(dir, 0o755);
  const stoppers: Array<() => Promise<unknown>> = [() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true }))];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    progress('starting embedded Postgres, Temporal dev server, fake Stripe and SMTP capture');
    const postgres = await startEmbeddedPostgres({ dir: path.join(dir, 'postgres'), port: await freePort(), database: 'bench' });
    stoppers.push(postgres.stop);
    const temporalServer = await startTemporalDevServer({ ui: false, namespace: 'default', toolsDir: path.resolve('.tools') });
    stoppers.push(temporalServer.stop);
    const stripe = await startFakeStripe();
    stoppers.push(stripe.close);
    const smtp = await startSmtpCapture();
    stoppers.push(smtp.close);
    const db = await openDatabase(postgres.url, { poolSize: 4 });
    stoppers.push(() => db.destroy());
    const connection = await Connection.connect({ address: temporalServer.address });
    stoppers.push(() => connection.close());
    const temporal = new Client({ connection });

    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const serviceEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      WORKER_METRICS_PORT: String(await freePort()),
      TEMPORAL_SDK_METRICS_PORT: String(await freePort()),
      PUBLIC_BASE_URL: apiUrl,
      // Every simulated customer sends its own X-Forwarded-For: the rate limits count them apart.
      TRUST_PROXY: 'loopback',
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporalServer.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: SERVICE_TASK_QUEUE,
      STRIPE_SECRET_KEY: 'sk_test_bench',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: stripe.url,
      SMTP_URL: smtp.url,
      MANAGE_LINK_SECRET: 'bench-manage-link-secret-not-for-production',
      DATA_DIR: dir,
    };
    progress('starting the worker, the API, the bare worker and the bare webhook route as child processes');
    const children: BenchChild[] = [];
    const child = async (name: string, script: string, env: NodeJS.ProcessEnv, ready: (started: BenchChild) => Promise<unknown>) => {
      const started = await startChild(name, path.join(__dirname, script), env, ready);
      children.push(started);
      stoppers.push(() => started.stop());
      return started;
    };
    const worker = await child('worker', '../src/worker.js', serviceEnv, () => waitForPoller(temporal, SERVICE_TASK_QUEUE));
    const api = await child('API', '../src/server.js', serviceEnv, () => waitForHttp200(`${apiUrl}/readyz`));
    const bareEnv = { ...process.env, TEMPORAL_ADDRESS: temporalServer.address, BENCH_BARE_TASK_QUEUE: BARE_TASK_QUEUE, BENCH_WEBHOOK_SECRET: WEBHOOK_SECRET };
    const bareWorker = await child('bare worker', 'bare-worker.js', bareEnv, () => waitForPoller(temporal, BARE_TASK_QUEUE));
    const bareRoute = await child('bare webhook route', 'bare-webhook-server.js', bareEnv, (started) => started.firstMessage);
    const bareRouteUrl = `http://127.0.0.1:${((await bareRoute.firstMessage) as { port: number }).port}/webhook`;
    const target: ServiceTarget = { apiUrl, temporal, stripe, webhookSecret: WEBHOOK_SECRET };
    const runId = randomUUID().slice(0, 8);

    if (WARMUP > 0) {
      const slots = await allocateSlots(db, 'warm-up', WARMUP);
      const ignored: StepTimes = new Map();
      await runConcurrently('warm-up service', WARMUP, WARMUP, async (index) => void (await serviceFlow(target, slots[index], index, ignored)));
      await runConcurrently('warm-up bare', WARMUP, WARMUP, (index) => bareFlow(temporal, BARE_TASK_QUEUE, `bare-${runId}-warm-${index}`, ignored));
    }

    const phases: PhaseResult[] = [];
    const completedServiceIds: string[] = [];
    const bareIds: string[] = [];
    let customer = 0;
    for (const concurrency of CONCURRENCIES) {
      for (const measured of children) measured.takePhasePeakMb();
      const slots = await allocateSlots(db, `c${concurrency}`, FLOWS);
      const service: StepTimes = new Map();
      const serviceRun = await runConcurrently(`service, concurrency ${concurrency}`, FLOWS, concurrency, async (index) => {
        const started = performance.now();
        completedServiceIds.push(await serviceFlow(target, slots[index], customer++, service));
        record(service, 'whole flow', performance.now() - started);
      });
      const serviceRss = { api: api.takePhasePeakMb(), worker: worker.takePhasePeakMb() };

      const bare: StepTimes = new Map();
      const bareRun = await runConcurrently(`bare workflow, concurrency ${concurrency}`, FLOWS, concurrency, async (index) => {
        const started = performance.now();
        const workflowId = `bare-${runId}-c${concurrency}-${index}`;
        await bareFlow(temporal, BARE_TASK_QUEUE, workflowId, bare);
        bareIds.push(workflowId);
        record(bare, 'whole flow', performance.now() - started);
      });
      const bareWorkerRss = bareWorker.takePhasePeakMb();

      const session = { id: 'cs_test_bench', object: 'checkout.session', payment_status: 'paid', metadata: {} };
      const routeRun = await runConcurrently(`bare webhook route, concurrency ${concurrency}`, FLOWS, concurrency, async () => {
        const started = performance.now();
        await postSignedEvent(bareRouteUrl, completedEvent(session), WEBHOOK_SECRET);
        record(bare, 'webhook route', performance.now() - started);
      });
      phases.push({ concurrency, service, serviceRun, bare, bareRun, routeRun, rss: { ...serviceRss, bareWorker: bareWorkerRss } });
    }

    const serviceHistory = completedServiceIds.length > 0 ? await averageHistory(temporal, completedServiceIds.slice(0, HISTORY_SAMPLE)) : undefined;
    const bareHistory = bareIds.length > 0 ? await averageHistory(temporal, bareIds.slice(0, HISTORY_SAMPLE)) : undefined;
    if (serviceHistory) progress(`service history per booking: ${serviceHistory.events} events (${describeCounts(serviceHistory.byKind)})`);

    let open: OpenProposalsResult | undefined;
    if (OPEN > 0) {
      const before = worker.rssMb();
      const slots = await allocateSlots(db, 'open', OPEN);
      const started = performance.now();
      const ids: string[] = [];
      await runConcurrently(`opening ${OPEN} proposals`, OPEN, OPEN_CONCURRENCY, async (index) => {
        ids.push((await propose(target, slots[index], customer++)).id);
      });
      // A query runs on the worker: once each answers, every workflow has run its first task.
      await runConcurrently('querying each open proposal once', ids.length, OPEN_CONCURRENCY, async (index) => {
        await temporal.workflow.getHandle(proposalWorkflowId(ids[index])).query('state');
      });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      open = { count: OPEN, seconds: (performance.now() - started) / 1000, workerRssBeforeMb: before, workerRssMb: worker.rssMb(), workerPeakMb: worker.peakRssMb() };
    }

    printReport({
      phases,
      serviceHistory,
      bareHistory,
      open,
      peaks: children.map((measured) => ({ name: measured.name, peakMb: measured.peakRssMb() })),
      workerSettings: Object.entries(process.env).filter(([key]) => key.startsWith('WORKER_')),
      emails: smtp.messages.length,
    });
  } finally {
    progress('stopping everything');
    await stopAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
