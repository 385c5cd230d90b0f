import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import { ZAvailabilityQuery, ZNoQuery } from '../../schemas/catalog.schema';
import { getAvailability } from '../../services/get-availability';
import { listCatalog } from '../../services/list-catalog';
import { authenticateTenantKey } from '../auth';
import { parseInput } from '../validation';

// The publishable key is public: a generous per key and address cap keeps a scraper from
// turning availability (one query per request) into load. A widget asks a few times a minute.
const FRONTEND_READ_RATE_LIMIT = { max: 120, timeWindow: '1 minute' };

/** docs/api.md frontend routes `GET /v1/catalog` and `GET /v1/availability`. */
export const catalogRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get('/v1/catalog', { config: { rateLimit: FRONTEND_READ_RATE_LIMIT } }, async (request) => {
    const tenant = await authenticateTenantKey(deps.db, request);
    parseInput(ZNoQuery, request.query, 'query');
    return listCatalog(deps.db, tenant);
  });

  app.get('/v1/availability', { config: { rateLimit: FRONTEND_READ_RATE_LIMIT } }, async (request) => {
    const tenant = await authenticateTenantKey(deps.db, request);
    const { from, to } = parseInput(ZAvailabilityQuery, request.query, 'query');
    return { dates: await getAvailability(deps.db, tenant, from, to) };
  });
};
