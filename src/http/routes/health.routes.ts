import { z } from 'zod';
import { ZErrorBody } from '../../schemas/common.schema';
import { publicRoutes } from '../route-scopes';

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

const ZChecks = z.record(z.string(), z.enum(['ok', 'unavailable']));
const tags = ['health'];

/** docs/api.md Health: liveness and readiness probes, no credentials. */
export const healthRoutes = publicRoutes(async (app, deps) => {
  app.get('/healthz', { schema: { tags, summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  const readiness = {
    200: z.object({ status: z.literal('ready'), checks: ZChecks }),
    503: ZErrorBody.extend({ status: z.literal('unavailable'), checks: ZChecks }),
  };
  app.get('/readyz', { schema: { tags, summary: 'Readiness: Postgres and Temporal answer', response: readiness } }, async (_request, reply) => {
    const results = await Promise.all([
      check('postgres', () => deps.db.query('SELECT 1')),
      check('temporal', () => deps.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const checks = Object.fromEntries(results) as Record<string, 'ok' | 'unavailable'>;
    const failed = results.filter(([, state]) => state !== 'ok').map(([name]) => name);
    if (failed.length > 0) {
      return reply.status(503).send({ status: 'unavailable' as const, error: `Not ready: ${failed.join(' and ')} unavailable`, code: 'SERVICE_UNAVAILABLE', checks });
    }
    return { status: 'ready' as const, checks };
  });
});
