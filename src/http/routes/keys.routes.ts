import { ERROR_RESPONSES } from '../../schemas/common.schema';
import { ZRotatedKeys, ZRotateKeysBody } from '../../schemas/keys.schema';
import { rotateTenantKeys } from '../../services/rotate-tenant-keys';
import { currentSecretKeyRoutes } from '../route-scopes';

// Rotation is a rare, deliberate act (the limit counts per client address): a burst of it is a
// script gone wrong or an attacker.
const ROTATE_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };

/** `POST /v1/admin/keys/rotate` (current secret key): new keys; the old ones work for KEY_ROTATION_GRACE. */
export const keyRoutes = currentSecretKeyRoutes(async (app, deps) => {
  app.post(
    '/v1/admin/keys/rotate',
    {
      config: { rateLimit: ROTATE_RATE_LIMIT },
      schema: { tags: ['back office'], summary: 'Rotate the publishable and/or secret key', body: ZRotateKeysBody, response: { 200: ZRotatedKeys, ...ERROR_RESPONSES } },
    },
    async (request) => rotateTenantKeys(deps.db, request.tenant.id, request.body, deps.config.KEY_ROTATION_GRACE),
  );
});
