import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import { ZRotateKeysBody } from '../../schemas/keys.schema';
import { rotateTenantKeys } from '../../services/rotate-tenant-keys';
import { authenticateCurrentSecretKey } from '../auth';
import { parseInput } from '../validation';

// Rotation is a rare, deliberate act (the limit counts per client address): a burst of it is a
// script gone wrong or an attacker.
const ROTATE_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };

/** `POST /v1/admin/keys/rotate` (current secret key): new keys; the old ones work for KEY_ROTATION_GRACE. */
export const keyRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.post('/v1/admin/keys/rotate', { config: { rateLimit: ROTATE_RATE_LIMIT } }, async (request) => {
    const tenant = await authenticateCurrentSecretKey(deps.db, request);
    const input = parseInput(ZRotateKeysBody, request.body, 'body');
    return rotateTenantKeys(deps.db, tenant.id, input, deps.config.KEY_ROTATION_GRACE);
  });
};
