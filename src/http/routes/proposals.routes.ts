import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import { AppError } from '../../errors';
import { ZConfirmBody, ZCreateProposalBody, ZProposalParams, ZProposalQuery } from '../../schemas/proposal.schema';
import { confirmProposal } from '../../services/confirm-proposal';
import { createProposal } from '../../services/create-proposal';
import { getProposal } from '../../services/get-proposal';
import { authenticateTenantKey } from '../auth';
import { parseInput } from '../validation';

// Per publishable key and client address (app.ts keys the limiter so). Each created proposal starts
// a workflow: a customer makes a few per conversation, so 30 a minute leaves room for a shared office
// address while capping what a scripted key can start. Reads and confirms stay unlimited: they only
// reach the caller's own proposals, and frontends poll the status while the customer pays.
const CREATE_PROPOSAL_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };

/** docs/api.md: a confirm without its sessionId is SESSION_REQUIRED, not a generic validation error. */
function assertSessionGiven(body: unknown): void {
  const sessionId = typeof body === 'object' && body !== null ? (body as { sessionId?: unknown }).sessionId : undefined;
  if (sessionId === undefined || sessionId === null || sessionId === '') {
    throw new AppError('SESSION_REQUIRED', 'sessionId is required to confirm a proposal');
  }
}

/** docs/api.md frontend routes `POST /v1/proposals`, `GET /v1/proposals/:id`, `POST /v1/proposals/:id/confirm`. */
export const proposalRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.post('/v1/proposals', { config: { rateLimit: CREATE_PROPOSAL_RATE_LIMIT } }, async (request, reply) => {
    const tenant = await authenticateTenantKey(deps.db, request);
    const input = parseInput(ZCreateProposalBody, request.body, 'body');
    return reply.status(201).send(await createProposal(deps, tenant, input));
  });

  app.get('/v1/proposals/:proposalId', async (request) => {
    const tenant = await authenticateTenantKey(deps.db, request);
    const { proposalId } = parseInput(ZProposalParams, request.params, 'path');
    const { sessionId } = parseInput(ZProposalQuery, request.query, 'query');
    return getProposal(deps, tenant, proposalId, sessionId);
  });

  app.post('/v1/proposals/:proposalId/confirm', async (request) => {
    const tenant = await authenticateTenantKey(deps.db, request);
    assertSessionGiven(request.body);
    const { proposalId } = parseInput(ZProposalParams, request.params, 'path');
    const { sessionId } = parseInput(ZConfirmBody, request.body, 'body');
    return confirmProposal(deps, tenant, proposalId, sessionId);
  });
};
