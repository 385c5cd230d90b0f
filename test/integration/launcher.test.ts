import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/integrations/embedded/free-port';

const ROOT = path.resolve(__dirname, '../..');
const START_TIMEOUT_MS = 90_000;


/** Processes whose command line or environment names the data dir: Postgres, Temporal, api, worker. */
function processesUsing(dataDir: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (args.includes(dataDir) || environ.includes(`DATA_DIR=${dataDir}`)) found.push(`${pid} ${args}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

interface Launch {
  child: ChildProcess;
  output: () => string;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function launch(env: NodeJS.ProcessEnv): Launch {
  let output = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/start.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`launcher exited early (${code}):\n${output}`));
    });
  });
  ready.catch(() => undefined);
  return { child, output: () => output, ready, exited };
}

describe('npm start (the all-in-one launcher)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'booking-launcher-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fs.chmodSync(dataDir, 0o755);
    // What `npm run build` does: compile, then prebuild the workflow bundle the worker loads.
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
    execFileSync(process.execPath, [path.join(ROOT, 'dist/src/build-workflow-bundle.js')], { cwd: ROOT });
    const [port, temporalPort, postgresPort, metricsPort, sdkMetricsPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      PORT: String(port),
      TEMPORAL_DEV_PORT: String(temporalPort),
      EMBEDDED_POSTGRES_PORT: String(postgresPort),
      // The worker's metrics ports too: another test's worker may hold the defaults.
      WORKER_METRICS_PORT: String(metricsPort),
      TEMPORAL_SDK_METRICS_PORT: String(sdkMetricsPort),
      LOG_LEVEL: 'warn',
    };
  }, 120_000);

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts everything, answers /readyz, reuses its data on a second start and leaves no process on SIGINT', async () => {
    const first = launch(env);
    await first.ready;
    expect(first.output()).toMatch(/API: +http:\/\/127\.0\.0\.1:\d+/);
    expect(first.output()).toMatch(/Temporal UI: +http:\/\/127\.0\.0\.1:\d+/);
    const publishableKey = /X-Tenant-Key: (pk_\S+)/.exec(first.output())?.[1];
    expect(publishableKey).toBeDefined();
    const ready = await fetch(`http://127.0.0.1:${env.PORT}/readyz`);
    expect(ready.status).toBe(200);
    // Postgres, the Temporal server, the api and the worker: the check below is not vacuous.
    expect(processesUsing(dataDir).length).toBeGreaterThanOrEqual(4);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(processesUsing(dataDir)).toEqual([]);

    const second = launch(env);
    await second.ready;
    // The same demo tenant: the database was reused, not re-created.
    expect(/X-Tenant-Key: (pk_\S+)/.exec(second.output())?.[1]).toBe(publishableKey);
    const catalog = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    expect(catalog.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(processesUsing(dataDir)).toEqual([]);
  }, 240_000);

  it('reports a crashed child and stops the rest', async () => {
    const run = launch(env);
    await run.ready;
    const workerPid = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .find(([, ppid, , script]) => ppid === String(run.child.pid) && script?.endsWith('worker.js'))?.[0];
    expect(workerPid).toBeDefined();
    process.kill(Number(workerPid), 'SIGKILL');
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/the worker process exited unexpectedly \(SIGKILL\)/);
    expect(processesUsing(dataDir)).toEqual([]);
  }, 240_000);
});
