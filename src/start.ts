import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfigOrExit, type Config } from './config';
import { openDatabase } from './db/data-source';
import { startEmbeddedPostgres } from './integrations/embedded/postgres';
import { startTemporalDevServer } from './integrations/embedded/temporal-dev-server';
import type { TCreatedTenant } from './schemas/tenant.schema';
import { seedDemoTenantIfEmpty } from './services/seed-demo-tenant';

/**
 * `npm start`: the all-in-one launcher. Starts what is not configured (embedded Postgres, the
 * Temporal dev server), migrates, seeds a demo tenant, then runs the worker and the API as child
 * processes. Ctrl-C / SIGTERM stops everything it started; a crashed child stops the rest too.
 */

type Stopper = { name: string; stop: () => Promise<unknown> };

const READY_TIMEOUT_MS = 60_000;
const CHILD_STOP_GRACE_MS = 10_000;
const started = Date.now();
const stoppers: Stopper[] = [];
let shuttingDown = false;

function progress(message: string): void {
  process.stdout.write(`[start +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}

async function shutdown(exitCode: number, reason: string): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    progress(`${reason}: stopping everything`);
    for (const { name, stop } of [...stoppers].reverse()) {
      try {
        await stop();
        progress(`stopped ${name}`);
      } catch (error) {
        progress(`could not stop ${name} cleanly: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  process.exit(exitCode);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function startRole(role: 'api' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const script = path.join(__dirname, role === 'api' ? 'server.js' : 'worker.js');
  const child = fork(script, [], { env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) void shutdown(1, `the ${role} process exited unexpectedly (${signal ?? `code ${code}`})`);
  });
  stoppers.push({ name: role, stop: () => stopChild(child) });
  return child;
}

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
}

/** The demo keys are kept in DATA_DIR so every start can print them again. */
function rememberDemoTenant(config: Config, tenant: TCreatedTenant | undefined): TCreatedTenant | undefined {
  const file = path.join(config.dataDir, 'demo-tenant.json');
  if (tenant) fs.writeFileSync(file, JSON.stringify(tenant, null, 2), { mode: 0o600 });
  else if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as TCreatedTenant;
  return tenant;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o755 });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0, signal));

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    progress(`starting embedded Postgres on 127.0.0.1:${config.EMBEDDED_POSTGRES_PORT} (data in ${path.join(config.dataDir, 'postgres')})`);
    const postgres = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'postgres'),
      port: config.EMBEDDED_POSTGRES_PORT,
      database: 'booking',
    });
    stoppers.push({ name: 'embedded Postgres', stop: postgres.stop });
    databaseUrl = postgres.url;
  }

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi = 'the Temporal UI of your cluster';
  if (!temporalAddress) {
    progress(`starting the Temporal dev server on 127.0.0.1:${config.TEMPORAL_DEV_PORT} (data in ${path.join(config.dataDir, 'temporal.db')})`);
    const temporal = await startTemporalDevServer({
      dbFilename: path.join(config.dataDir, 'temporal.db'),
      port: config.TEMPORAL_DEV_PORT,
      ui: true,
      namespace: config.TEMPORAL_NAMESPACE,
      configuredCliPath: config.TEMPORAL_CLI_PATH,
      toolsDir: path.resolve('.tools'),
      onProgress: progress,
    });
    stoppers.push({ name: 'Temporal dev server', stop: temporal.stop });
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl ?? temporalUi;
  }

  progress('running migrations');
  const db = await openDatabase(databaseUrl, { poolSize: 2 });
  // A demo tenant's keys are printed and kept on disk: fine on a laptop, never in production.
  const demo = config.NODE_ENV === 'production' ? undefined : rememberDemoTenant(config, await seedDemoTenantIfEmpty(db, config.publicBaseUrl));
  await db.destroy();

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, DATA_DIR: config.dataDir };
  if (temporalUi.startsWith('http')) env.TEMPORAL_UI_URL ??= temporalUi;
  progress('starting the worker and the API');
  startRole('worker', env);
  startRole('api', env);
  const apiUrl = `http://${config.HOST}:${config.PORT}`;
  await waitUntilReady(`${apiUrl}/readyz`);

  progress('ready');
  const lines = [`API:          ${apiUrl}  (health: ${apiUrl}/readyz)`, `Temporal UI:  ${temporalUi}`];
  if (demo) {
    lines.push(`Demo tenant:  ${demo.name}`, `  X-Tenant-Key: ${demo.publishableKey}`, `  secret key:   ${demo.secretKey}  (Authorization: Bearer ...)`);
  }
  if (config.stripeTestMode) lines.push('Payments:     local test-mode checkout (no STRIPE_SECRET_KEY set)');
  lines.push('Press Ctrl-C to stop.');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => shutdown(1, `start failed: ${error instanceof Error ? error.message : String(error)}`));
