import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Stripe from 'stripe';
import type { TProposal } from '../../src/schemas/proposal.schema';
import type { TestTenant } from './factories';

/** A valid `POST /v1/proposals` body for the tenant's first package; overrides change fields. */
export function proposalBody(owner: TestTenant, date: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    packageId: owner.packages[0].id,
    date,
    customerName: 'Grace Hopper',
    customerEmail: `grace-${randomUUID().slice(0, 8)}@example.test`,
    ...overrides,
  };
}

export function postProposal(app: FastifyInstance, key: string, body: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/v1/proposals', headers: { 'x-tenant-key': key }, payload: body as Record<string, unknown> });
}

/** Creates a proposal over HTTP and fails the test unless it is a 201. */
export async function createProposalOverHttp(app: FastifyInstance, owner: TestTenant, date: string, overrides: Record<string, unknown> = {}): Promise<TProposal> {
  const response = await postProposal(app, owner.publishableKey, proposalBody(owner, date, overrides));
  if (response.statusCode !== 201) throw new Error(`expected 201 from POST /v1/proposals, got ${response.statusCode}: ${response.body}`);
  return response.json();
}

export function confirmOverHttp(app: FastifyInstance, key: string, proposalId: string, body: unknown): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/v1/proposals/${proposalId}/confirm`,
    headers: { 'x-tenant-key': key },
    ...(body !== undefined && { payload: body as Record<string, unknown> }),
  });
}

export function getProposalOverHttp(app: FastifyInstance, key: string, proposalId: string, sessionId: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: `/v1/proposals/${proposalId}?sessionId=${sessionId}`, headers: { 'x-tenant-key': key } });
}

/** A webhook delivery signed the way Stripe signs it (stripe-node's own test header). */
export function postSignedWebhook(app: FastifyInstance, event: unknown, secret: string): Promise<LightMyRequestResponse> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return app.inject({
    method: 'POST',
    url: '/v1/webhooks/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    payload,
  });
}

/** Polls until `probe` returns something truthy; fails with the last value after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 20_000, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  } while (Date.now() < deadline);
  throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(last)})`);
}
