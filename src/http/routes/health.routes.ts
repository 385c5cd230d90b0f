import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';

// A readiness probe must answer fast even when a dependency hangs.
const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

async function check(name: string, probe: () => Promise<unknown>): Promise<[string, string]> {
  try {
    await withTimeout(probe(), name);
    return [name, 'ok'];
  } catch {
    return [name, 'unavailable'];
  }
}

export const healthRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all([
      check('postgres', () => deps.db.query('SELECT 1')),
      check('temporal', () => deps.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const checks = Object.fromEntries(results);
    const failed = results.filter(([, state]) => state !== 'ok').map(([name]) => name);
    if (failed.length > 0) {
      return reply.status(503).send({ status: 'unavailable', error: `Not ready: ${failed.join(' and ')} unavailable`, code: 'SERVICE_UNAVAILABLE', checks });
    }
    return { status: 'ready', checks };
  });
};
