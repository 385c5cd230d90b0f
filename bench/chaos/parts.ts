import path from 'node:path';
import { Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { BOOKING_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { type Incarnation, killTree, spawnLogged } from './processes';
import { sleep } from './random';

export const PART_NAMES = ['worker', 'api', 'temporal', 'postgres'] as const;
export type PartName = (typeof PART_NAMES)[number];

const READY_TIMEOUT_MS = 90_000;
const START_ATTEMPTS = 20;
const CRASH_RESTART_DELAY_MS = 1_000;

/**
 * One part of the service under a supervisor, as systemd or Kubernetes would keep it: started,
 * killed with SIGKILL on demand, and restarted whenever it exits (a kill, or a crash of its own).
 */
export class SupervisedPart {
  kills = 0;
  crashes = 0;
  private current: Incarnation | undefined;
  private starting: Promise<void> | undefined;
  private stopping = false;

  constructor(
    readonly name: PartName,
    private readonly launch: () => Promise<Incarnation>,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts it, retrying a failed start (a port still held, a dependency down) a few times. */
  start(): Promise<void> {
    if (this.current) return Promise.resolve();
    this.starting ??= this.startOnce().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const incarnation = await this.launch();
        this.current = incarnation;
        void incarnation.exited.then(() => this.onExit(incarnation));
        return;
      } catch (error) {
        if (attempt >= START_ATTEMPTS || this.stopping) throw error;
        this.log(`${this.name} did not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); retrying`);
        await sleep(1_000 * Math.min(attempt, 5));
      }
    }
  }

  private onExit(incarnation: Incarnation): void {
    if (this.current !== incarnation || this.stopping) return;
    this.current = undefined;
    this.crashes += 1;
    this.log(`${this.name} exited on its own; the supervisor restarts it`);
    void sleep(CRASH_RESTART_DELAY_MS).then(() => (this.stopping ? undefined : this.start().catch((error) => this.log(`${this.name} restart failed: ${String(error)}`))));
  }

  /** kill -9 (its whole process tree); resolves once it is gone. */
  async kill(): Promise<void> {
    // Down already (a crash, restart pending): wait until it is back, then kill that.
    if (!this.current) await this.start();
    const incarnation = this.current;
    if (!incarnation) return;
    this.current = undefined;
    await killTree(incarnation.pid);
    await incarnation.exited;
    this.kills += 1;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.starting?.catch(() => undefined);
    await this.current?.stop();
    this.current = undefined;
  }
}

export interface Layout {
  /** Everything of this run: Postgres data, the Temporal database, logs. */
  dataDir: string;
  /** The compiled service (dist/): src/server.js, src/worker.js. */
  buildDir: string;
  temporalBinary: string;
  ports: { api: number; postgres: number; temporal: number };
  /** Environment of the API and the worker. */
  serviceEnv: NodeJS.ProcessEnv;
}

export const logFile = (layout: Layout, name: string) => path.join(layout.dataDir, 'logs', `${name}.log`);

/** Postgres on the same data directory and port every time: a restart runs crash recovery. */
export function postgresLauncher(layout: Layout): () => Promise<Incarnation> {
  const script = path.join(layout.buildDir, 'bench/chaos/postgres-part.js');
  const args = [script, path.join(layout.dataDir, 'postgres'), String(layout.ports.postgres)];
  const url = `postgres://postgres:postgres@127.0.0.1:${layout.ports.postgres}/chaos`;
  return async () => {
    const incarnation = spawnLogged(process.execPath, args, { PATH: process.env.PATH, HOME: process.env.HOME }, logFile(layout, 'postgres'));
    await readyOrKill(incarnation, 'Postgres', async () => {
      const client = new PgClient({ connectionString: url, connectionTimeoutMillis: 1_000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    });
    return incarnation;
  };
}

const SEARCH_ATTRIBUTE_TYPE_NAMES: Record<string, string> = { KEYWORD: 'Keyword', TEXT: 'Text', INT: 'Int', BOOL: 'Bool', DATETIME: 'Datetime' };

/** The Temporal CLI dev server on the same SQLite file and port every time, so its state survives. */
export function temporalLauncher(layout: Layout): () => Promise<Incarnation> {
  const address = `127.0.0.1:${layout.ports.temporal}`;
  const args = [
    'server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(layout.ports.temporal),
    '--db-filename', path.join(layout.dataDir, 'temporal.db'), '--log-level', 'error',
    ...BOOKING_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${SEARCH_ATTRIBUTE_TYPE_NAMES[key.type] ?? 'Keyword'}`]),
  ];
  return async () => {
    const incarnation = spawnLogged(layout.temporalBinary, args, { PATH: process.env.PATH, HOME: process.env.HOME }, logFile(layout, 'temporal'));
    await readyOrKill(incarnation, 'the Temporal dev server', async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return true;
      } finally {
        await connection.close();
      }
    });
    return incarnation;
  };
}

export function apiLauncher(layout: Layout): () => Promise<Incarnation> {
  return async () => {
    const incarnation = spawnLogged(process.execPath, [path.join(layout.buildDir, 'src/server.js')], layout.serviceEnv, logFile(layout, 'api'));
    await readyOrKill(incarnation, 'the API', async () => (await fetch(`http://127.0.0.1:${layout.ports.api}/healthz`)).status === 200);
    return incarnation;
  };
}

/** The worker has no port: started is enough (it connects, bundles its workflows and polls). */
export function workerLauncher(layout: Layout): () => Promise<Incarnation> {
  return async () => spawnLogged(process.execPath, [path.join(layout.buildDir, 'src/worker.js')], layout.serviceEnv, logFile(layout, 'worker'));
}

async function readyOrKill(incarnation: Incarnation, what: string, probe: () => Promise<boolean>): Promise<void> {
  let gone = false;
  void incarnation.exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await probe().catch(() => false))) {
    if (gone || Date.now() > deadline) {
      await killTree(incarnation.pid);
      throw new Error(gone ? `${what} exited while starting` : `${what} was not ready within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await sleep(200);
  }
}
