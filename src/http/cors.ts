import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { findTenantByKey } from '../services/find-tenant-by-key';
import { originAllowed } from './origin-match';

// The routes a browser calls with `X-Tenant-Key` (docs/api.md "Frontend routes").
const FRONTEND_PATH = /^\/v1\/(catalog|availability|chat|proposals)(?=[/?]|$)/;
const NO_CORS: FastifyCorsOptions = { origin: false };
// What a widget sends: JSON bodies and the publishable key. Cached by the browser for 10 minutes.
const PREFLIGHT: FastifyCorsOptions = {
  origin: true,
  methods: ['GET', 'POST'],
  allowedHeaders: ['Content-Type', 'X-Tenant-Key'],
  maxAge: 600,
  credentials: false,
};

/** The CORS answer for one request; see docs/api.md "CORS". */
async function corsFor(db: DataSource, request: FastifyRequest): Promise<FastifyCorsOptions> {
  if (!FRONTEND_PATH.test(request.url)) return NO_CORS;
  // A preflight carries no key, so it cannot name a tenant: it may allow the method and headers to
  // any origin, because it returns no data. The actual answer below is the one that is checked.
  if (request.method === 'OPTIONS') return PREFLIGHT;
  const origin = request.headers.origin;
  const key = request.headers['x-tenant-key'];
  if (!origin || typeof key !== 'string' || !key.startsWith('pk_')) return NO_CORS;
  const found = await findTenantByKey(db, 'publishable', key);
  if (!found || !originAllowed(origin, found.tenant.allowedOrigins)) return NO_CORS;
  return { origin, credentials: false };
}

/** Frontend routes answer a tenant's own origins; every other route sends no CORS headers. */
export async function registerCors(app: FastifyInstance, db: DataSource): Promise<void> {
  await app.register(cors, { delegator: (request: FastifyRequest) => corsFor(db, request) });
}
