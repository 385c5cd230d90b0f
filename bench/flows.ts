import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import Stripe from 'stripe';
import { proposalWorkflowId } from '../workflows/booking-proposal.messages';
import type { FakeStripe } from '../test/helpers/fake-stripe';
import { barePaidSignal, bareConfirmUpdate, type bareBooking } from './bare.workflow';
import type { Slot } from './slots';
import { timeStep, type StepTimes } from './stats';

/** The four steps of one booking, as both the service and the bare workflow are timed. */
export const STEPS = ['propose', 'confirm', 'webhook', 'to COMPLETED'] as const;

export interface ServiceTarget {
  apiUrl: string;
  temporal: Client;
  stripe: FakeStripe;
  webhookSecret: string;
}

/** Each simulated customer has its own address (the API trusts X-Forwarded-For from loopback), as rate limits count per client. */
function clientAddress(index: number): string {
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}

async function postJson(url: string, headers: Record<string, string>, body: unknown, expected: number): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${new URL(url).pathname}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** `POST /v1/proposals` for one slot; answers the proposal (id, sessionId). */
export async function propose(target: ServiceTarget, slot: Slot, index: number): Promise<{ id: string; sessionId: string }> {
  const headers = { 'x-tenant-key': slot.tenantKey, 'x-forwarded-for': clientAddress(index) };
  const body = { packageId: slot.packageId, date: slot.date, customerName: `Customer ${index}`, customerEmail: `c${index}@bench.test` };
  return (await postJson(`${target.apiUrl}/v1/proposals`, headers, body, 201)) as { id: string; sessionId: string };
}

/** A Stripe-signed delivery of `event` to `url` (stripe-node's own test header over the exact bytes sent). */
export async function postSignedEvent(url: string, event: unknown, secret: string): Promise<void> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST ${new URL(url).pathname}: ${response.status} ${text}`);
}

export function completedEvent(session: object): object {
  return {
    id: `evt_bench_${randomUUID().replace(/-/g, '')}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: { object: session },
  };
}

/** propose → confirm → signed checkout.session.completed webhook → the workflow's COMPLETED, over HTTP. */
export async function serviceFlow(target: ServiceTarget, slot: Slot, index: number, times: StepTimes): Promise<string> {
  const headers = { 'x-tenant-key': slot.tenantKey, 'x-forwarded-for': clientAddress(index) };
  const proposal = await timeStep(times, 'propose', () => propose(target, slot, index));
  const confirmed = await timeStep(times, 'confirm', () =>
    postJson(`${target.apiUrl}/v1/proposals/${proposal.id}/confirm`, headers, { sessionId: proposal.sessionId }, 200),
  );
  const checkoutUrl = String((confirmed.booking as { checkoutUrl: string }).checkoutUrl);
  const session = target.stripe.markSessionPaid(checkoutUrl.slice(checkoutUrl.lastIndexOf('/') + 1));
  await timeStep(times, 'webhook', () => postSignedEvent(`${target.apiUrl}/v1/webhooks/stripe`, completedEvent(session), target.webhookSecret));
  const workflowId = proposalWorkflowId(proposal.id);
  const state = await timeStep(times, 'to COMPLETED', () => target.temporal.workflow.getHandle(workflowId).result());
  if ((state as { status?: string }).status !== 'COMPLETED') throw new Error(`proposal ${proposal.id} ended ${JSON.stringify(state)}`);
  return workflowId;
}

/** The same four steps on the bare workflow: start, confirm update, payment signal, result. */
export async function bareFlow(temporal: Client, taskQueue: string, workflowId: string, times: StepTimes): Promise<void> {
  const handle = await timeStep(times, 'propose', () => temporal.workflow.start<typeof bareBooking>('bareBooking', { taskQueue, workflowId }));
  await timeStep(times, 'confirm', () => handle.executeUpdate(bareConfirmUpdate));
  await timeStep(times, 'webhook', () => handle.signal(barePaidSignal));
  await timeStep(times, 'to COMPLETED', () => handle.result());
}
