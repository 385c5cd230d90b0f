import { Client, Connection, isGrpcDeadlineError, type WorkflowHandle, type WorkflowResultType, type WorkflowStartOptions } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import {
  type ConfirmInput,
  type ConfirmResult,
  confirmUpdate,
  type PaymentCompletedInput,
  type PaymentFailedInput,
  paymentCompletedSignal,
  paymentFailedSignal,
  type ProposalState,
  stateQuery,
} from '../../workflows/booking-proposal.messages';
import type { DataConverter } from '@temporalio/common';
import type * as workflows from '../../workflows';
import { BOOKING_ID, TENANT_ID } from '../../workflows/search-attributes';
import type { Config } from '../config';
import { AesGcmPayloadCodec } from './payload-codec';

/**
 * The one place that connects to Temporal and calls workflows. Workflow types are checked against
 * the functions the worker registers (`workflows/index.ts`), imported as types only so no workflow
 * code runs here.
 */

type Workflows = typeof workflows;
export type WorkflowName = keyof Workflows;

/** What a connection needs from the configuration (tests pass their own address). */
export type TemporalSettings = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'temporalConnection'> & Partial<Pick<Config, 'PAYLOAD_KEYS'>>;

export interface TemporalClientHandle {
  client: Client;
  close(): Promise<void>;
}

/** Address, TLS and API key for a client `Connection` or the worker's `NativeConnection`. */
export function temporalConnectionOptions(settings: TemporalSettings) {
  if (!settings.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set');
  return { address: settings.TEMPORAL_ADDRESS, ...settings.temporalConnection };
}

/** With PAYLOAD_KEYS, payloads are AES-GCM encrypted before they reach Temporal; the same on client and worker. */
export function payloadDataConverter(settings: Pick<TemporalSettings, 'PAYLOAD_KEYS'>): DataConverter | undefined {
  return settings.PAYLOAD_KEYS ? { payloadCodecs: [new AesGcmPayloadCodec(settings.PAYLOAD_KEYS)] } : undefined;
}

/** The client the API uses to start, update, signal and query workflows. */
export async function connectTemporalClient(settings: TemporalSettings): Promise<TemporalClientHandle> {
  const connection = await Connection.connect(temporalConnectionOptions(settings));
  const client = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE, dataConverter: payloadDataConverter(settings) });
  return { client, close: () => connection.close() };
}

/** Starts a workflow by its registered name; its arguments and result are those of the function. */
export function startWorkflow<Name extends WorkflowName>(client: Client, name: Name, options: WorkflowStartOptions<Workflows[Name]>) {
  return client.workflow.start<Workflows[Name]>(name, options);
}

function proposalWorkflow(client: Client, workflowId: string): WorkflowHandle<Workflows['bookingProposal']> {
  return client.workflow.getHandle<Workflows['bookingProposal']>(workflowId);
}

/** The confirm update; `updateId` makes a retried confirm join the first one. */
export function updateConfirm(client: Client, workflowId: string, input: ConfirmInput, updateId: string): Promise<ConfirmResult> {
  return proposalWorkflow(client, workflowId).executeUpdate(confirmUpdate, { args: [input], updateId });
}

export function queryProposalWorkflowState(client: Client, workflowId: string): Promise<ProposalState> {
  return proposalWorkflow(client, workflowId).query(stateQuery);
}

export function signalPaymentCompleted(client: Client, workflowId: string, payment: PaymentCompletedInput): Promise<void> {
  return proposalWorkflow(client, workflowId).signal(paymentCompletedSignal, payment);
}

export function signalPaymentFailed(client: Client, workflowId: string, failure: PaymentFailedInput): Promise<void> {
  return proposalWorkflow(client, workflowId).signal(paymentFailedSignal, failure);
}

/** The workflows a booking's owner starts by hand (cancel-<id>, reschedule-<id>). */
export type BookingChangeWorkflow = 'cancelBooking' | 'rescheduleBooking';

export interface BookingChangeStart<Name extends BookingChangeWorkflow> {
  workflowId: string;
  taskQueue: string;
  tenantId: string;
  bookingId: string;
  args: Parameters<Workflows[Name]>;
  summary: string;
}

/**
 * Starts the workflow, or joins the one already running under the same id (a double click, or the
 * back office and the customer at once), and waits up to `waitMs` for its result: undefined when it
 * is still running then (it goes on; a later call joins it). A finished run allows a new one, which
 * finds the work done and changes nothing.
 */
export async function runBookingChangeWorkflow<Name extends BookingChangeWorkflow>(
  client: Client,
  name: Name,
  start: BookingChangeStart<Name>,
  waitMs: number,
): Promise<WorkflowResultType<Workflows[Name]> | undefined> {
  const handle = await client.workflow.start<Workflows[Name]>(name, {
    workflowId: start.workflowId,
    taskQueue: start.taskQueue,
    args: start.args,
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: new TypedSearchAttributes([
      { key: TENANT_ID, value: start.tenantId },
      { key: BOOKING_ID, value: start.bookingId },
    ]),
    staticSummary: start.summary,
  } as WorkflowStartOptions<Workflows[Name]>);
  try {
    return await client.withDeadline(Date.now() + waitMs, () => handle.result());
  } catch (error) {
    if (isGrpcDeadlineError(error)) return undefined;
    throw error;
  }
}
