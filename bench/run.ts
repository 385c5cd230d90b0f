import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/data-source';
import { PackageEntity } from '../src/db/entities';
import { freePort } from '../src/integrations/embedded/free-port';
import { startEmbeddedPostgres } from '../src/integrations/embedded/postgres';
import { startTemporalDevServer } from '../src/integrations/embedded/temporal-dev-server';
import { connectTemporalClient, temporalConnectionOptions } from '../src/integrations/temporal-client';
import { createTenant } from '../src/services/create-tenant';

/**
 * `npm run bench`: the booking path on real parts (embedded Postgres, Temporal dev server, a
 * worker, test-mode checkout), measured in-process through the HTTP app. Prints latency
 * percentiles and throughput; speed goals are read here, never asserted in tests.
 */

const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const CONTENDERS = 20;


function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `task` for every item with at most `limit` in flight; returns each call's duration in ms. */
async function timed<T>(items: T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<{ durations: number[]; wallMs: number }> {
  const durations: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        const t0 = performance.now();
        await task(items[index], index);
        durations.push(performance.now() - t0);
      }
    }),
  );
  return { durations, wallMs: performance.now() - started };
}

function report(name: string, { durations, wallMs }: { durations: number[]; wallMs: number }): string {
  const sorted = [...durations].sort((a, b) => a - b);
  const perSecond = (durations.length / wallMs) * 1000;
  return `| ${name} | ${durations.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${sorted[sorted.length - 1].toFixed(1)} | ${perSecond.toFixed(1)} |`;
}

function bookableDates(count: number): string[] {
  const dates: string[] = [];
  for (let day = 2; dates.length < count; day++) {
    const date = new Date(Date.now() + day * 86_400_000);
    if (date.getUTCDay() !== 0) dates.push(date.toISOString().slice(0, 10));
  }
  return dates;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booking-bench-'));
  fs.chmodSync(dir, 0o755);
  const postgres = await startEmbeddedPostgres({ dir: path.join(dir, 'postgres'), port: await freePort(), database: 'bench' });
  const temporal = await startTemporalDevServer({ ui: false, namespace: 'default', toolsDir: path.resolve('.tools') });
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', DATABASE_URL: postgres.url, TEMPORAL_ADDRESS: temporal.address, DATA_DIR: dir, STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', SMTP_URL: '' });
  const db = await openDatabase(postgres.url, { poolSize: 20 });
  const client = await connectTemporalClient(config);
  const nativeConnection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities({ config, db }),
  });
  const workerRun = worker.run();
  const app = await buildApp({ config, db, temporal: client.client });
  const tenant = await createTenant(db, { name: 'Bench Studio' });
  const pkg = await db.getRepository(PackageEntity).save({ tenantId: tenant.id, name: 'Bench package', priceCents: 10_000, currency: 'usd' });
  const headers = { 'x-tenant-key': tenant.publishableKey };
  const dates = bookableDates(PROPOSALS + 1);

  const proposals: Array<{ id: string; sessionId: string }> = [];
  const create = await timed(dates.slice(0, PROPOSALS), CONCURRENCY, async (date, index) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/proposals',
      headers,
      // Each simulated customer comes from its own address, as in production (rate limits are per client).
      remoteAddress: `10.0.${index >> 8}.${index & 255}`,
      payload: { packageId: pkg.id, date, customerName: `Customer ${index}`, customerEmail: `c${index}@bench.test` },
    });
    if (response.statusCode !== 201) throw new Error(`create: ${response.statusCode} ${response.body}`);
    proposals[index] = response.json();
  });

  const checkoutUrls: string[] = [];
  const confirm = await timed(proposals, CONCURRENCY, async (proposal, index) => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/proposals/${proposal.id}/confirm`,
      headers,
      remoteAddress: `10.0.${index >> 8}.${index & 255}`,
      payload: { sessionId: proposal.sessionId },
    });
    if (response.statusCode !== 200) throw new Error(`confirm: ${response.statusCode} ${response.body}`);
    checkoutUrls[index] = response.json().booking.checkoutUrl;
  });

  const payToCompleted = await timed(proposals, CONCURRENCY, async (proposal, index) => {
    const payPath = `${new URL(checkoutUrls[index]).pathname}/pay`;
    const paid = await app.inject({ method: 'POST', url: payPath });
    if (paid.statusCode >= 400) throw new Error(`pay: ${paid.statusCode} ${paid.body}`);
    for (;;) {
      const state = await app.inject({ method: 'GET', url: `/v1/proposals/${proposal.id}?sessionId=${proposal.sessionId}`, headers });
      if (state.json().status === 'COMPLETED') return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  const contested = dates[PROPOSALS];
  const contenders: Array<{ id: string; sessionId: string }> = [];
  for (let index = 0; index < CONTENDERS; index++) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/proposals',
      headers,
      remoteAddress: `10.1.0.${index}`,
      payload: { packageId: pkg.id, date: contested, customerName: `Rival ${index}`, customerEmail: `r${index}@bench.test` },
    });
    contenders.push(response.json());
  }
  const outcomes: number[] = [];
  const contention = await timed(contenders, CONTENDERS, async (proposal, index) => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/proposals/${proposal.id}/confirm`,
      headers,
      remoteAddress: `10.1.0.${index}`,
      payload: { sessionId: proposal.sessionId },
    });
    outcomes.push(response.statusCode);
  });

  const lines = [
    `booking path on embedded Postgres + Temporal dev server, ${os.cpus().length} cores, concurrency ${CONCURRENCY}`,
    '',
    '| step | n | p50 ms | p95 ms | max ms | per second |',
    '|---|---|---|---|---|---|',
    report('POST /v1/proposals (row + workflow start)', create),
    report('confirm (update: locked booking + checkout)', confirm),
    report('pay -> COMPLETED (webhook, confirm, email)', payToCompleted),
    report(`${CONTENDERS} confirms of one date at once`, contention),
    '',
    `one date, ${CONTENDERS} contenders: ${outcomes.filter((code) => code === 200).length} booked, ${outcomes.filter((code) => code === 409).length} answered 409`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  await app.close();
  worker.shutdown();
  await workerRun;
  await nativeConnection.close();
  await client.close();
  await db.destroy();
  await temporal.stop();
  await postgres.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
