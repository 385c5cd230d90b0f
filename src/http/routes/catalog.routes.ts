import { ZAvailability, ZAvailabilityQuery, ZCatalog, ZNoQuery } from '../../schemas/catalog.schema';
import { ERROR_RESPONSES } from '../../schemas/common.schema';
import { getAvailability } from '../../services/get-availability';
import { listCatalog } from '../../services/list-catalog';
import { frontendRoutes } from '../route-scopes';

// The publishable key is public: a generous per key and address cap keeps a scraper from
// turning availability (one query per request) into load. A widget asks a few times a minute.
const FRONTEND_READ_RATE_LIMIT = { max: 120, timeWindow: '1 minute' };
const tags = ['frontend'];

/** docs/api.md frontend routes `GET /v1/catalog` and `GET /v1/availability`. */
export const catalogRoutes = frontendRoutes(async (app, deps) => {
  app.get(
    '/v1/catalog',
    {
      config: { rateLimit: FRONTEND_READ_RATE_LIMIT },
      schema: { tags, summary: "The tenant and its active packages", querystring: ZNoQuery, response: { 200: ZCatalog, ...ERROR_RESPONSES } },
    },
    async (request) => listCatalog(deps.db, request.tenant),
  );

  app.get(
    '/v1/availability',
    {
      config: { rateLimit: FRONTEND_READ_RATE_LIMIT },
      schema: { tags, summary: 'Which dates are free (at most 92 days)', querystring: ZAvailabilityQuery, response: { 200: ZAvailability, ...ERROR_RESPONSES } },
    },
    async (request) => ({ dates: await getAvailability(deps.db, request.tenant, request.query.from, request.query.to) }),
  );
});
