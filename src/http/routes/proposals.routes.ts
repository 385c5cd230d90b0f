import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';

// Placeholder: routes land with their issue.
export const proposalRoutes: FastifyPluginAsync<AppDeps> = async () => undefined;
