import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors';
import { ERROR_RESPONSES } from '../../schemas/common.schema';
import { ZConfirmBody, ZCreateProposalBody, ZProposal, ZProposalParams, ZProposalQuery } from '../../schemas/proposal.schema';
import { confirmProposal } from '../../services/confirm-proposal';
import { createProposal } from '../../services/create-proposal';
import { getProposal } from '../../services/get-proposal';
import { frontendRoutes } from '../route-scopes';

// Per publishable key and client address (app.ts keys the limiter so). Each created proposal starts
// a workflow: a customer makes a few per conversation, so 30 a minute leaves room for a shared office
// address while capping what a scripted key can start. Reads and confirms stay unlimited: they only
// reach the caller's own proposals, and frontends poll the status while the customer pays.
const CREATE_PROPOSAL_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };
const tags = ['frontend'];

/**
 * docs/api.md: a confirm without its sessionId is SESSION_REQUIRED, not a generic validation error.
 * A preValidation hook, so it answers before the schema would.
 */
async function assertSessionGiven(request: FastifyRequest): Promise<void> {
  const body = request.body;
  const sessionId = typeof body === 'object' && body !== null ? (body as { sessionId?: unknown }).sessionId : undefined;
  if (sessionId === undefined || sessionId === null || sessionId === '') {
    throw new AppError('SESSION_REQUIRED', 'sessionId is required to confirm a proposal');
  }
}

/** docs/api.md frontend routes `POST /v1/proposals`, `GET /v1/proposals/:id`, `POST /v1/proposals/:id/confirm`. */
export const proposalRoutes = frontendRoutes(async (app, deps) => {
  app.post(
    '/v1/proposals',
    {
      config: { rateLimit: CREATE_PROPOSAL_RATE_LIMIT },
      schema: { tags, summary: 'Propose a booking (starts its workflow)', body: ZCreateProposalBody, response: { 201: ZProposal, ...ERROR_RESPONSES } },
    },
    async (request, reply) => reply.status(201).send(await createProposal(deps, request.tenant, request.body)),
  );

  app.get(
    '/v1/proposals/:proposalId',
    {
      schema: { tags, summary: "A proposal's state (its session only)", params: ZProposalParams, querystring: ZProposalQuery, response: { 200: ZProposal, ...ERROR_RESPONSES } },
    },
    async (request) => getProposal(deps, request.tenant, request.params.proposalId, request.query.sessionId),
  );

  app.post(
    '/v1/proposals/:proposalId/confirm',
    {
      preValidation: assertSessionGiven,
      schema: { tags, summary: 'Confirm: hold the date and open checkout', params: ZProposalParams, body: ZConfirmBody, response: { 200: ZProposal, ...ERROR_RESPONSES } },
    },
    async (request) => confirmProposal(deps, request.tenant, request.params.proposalId, request.body.sessionId),
  );
});
