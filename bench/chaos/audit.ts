import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Client as PgClient } from 'pg';
import type { FakeCheckoutSession, FakeStripe } from '../../test/helpers/fake-stripe';
import type { SmtpCapture } from '../../test/helpers/smtp-capture';
import type { FlowRecord, Stage } from './flows';
import type { WebhookCounters } from './stripe-events';

const FINAL_PROPOSAL_STATUSES = ['COMPLETED', 'EXPIRED', 'FAILED', 'PAYMENT_EXPIRED'];

export interface Audit {
  /** Paid in Stripe, yet neither confirmed nor refunded. */
  lost: number;
  /** Two active bookings on a date, two different emails for one booking, two refunds, two checkout sessions of a booking, confirmed and refunded. */
  doubled: number;
  /**
   * Extra deliveries of one email (the same Message-ID): the send and its "sent" record cannot be one
   * transaction, so a crash between them resends; mail clients collapse them. Counted, not failed.
   */
  emailRedeliveries: number;
  /** Not final after the hold: proposals, PENDING bookings, running workflows, unacknowledged webhooks, confirmed without an email, flows that could not finish. */
  stuck: number;
  /** Confirmed bookings with no payment in Stripe. */
  confirmedUnpaid: number;
  /** Proposal rows whose workflow never started (the API died in between); the cleanup schedule expires them. */
  orphanProposals: number;
  bookings: Record<string, number>;
  paidSessions: number;
  refunds: number;
  emails: number;
  /** Final proposal status per stage (the flow's first proposal). */
  outcomes: Partial<Record<Stage, Record<string, number>>>;
  /** One line per problem found (each fails the run). */
  problems: string[];
  /** One line per thing worth knowing that is not a failure. */
  notes: string[];
}

export interface BookingRow {
  id: string;
  tenant_id: string;
  proposal_id: string;
  status: string;
  event_date: string;
}

export interface ProposalRow {
  id: string;
  status: string;
  workflow_id: string;
}

export interface AuditSources {
  pg: PgClient;
  temporal: Client;
  stripe: FakeStripe;
  mail: SmtpCapture;
  flows: FlowRecord[];
  webhooks: WebhookCounters;
}

/** What the run left behind, read from Postgres, Temporal, the fake Stripe and the mail capture. */
export interface RunFacts {
  bookings: BookingRow[];
  proposals: ProposalRow[];
  /** Of the workflows of proposals not final, those Temporal knows (the others never started). */
  knownWorkflowIds: Set<string>;
  runningWorkflows: Array<{ workflowId: string; type: string }>;
  sessions: FakeCheckoutSession[];
  refunds: Array<{ id: string; payment_intent: string }>;
  emails: Array<{ to: string[]; subject: string; messageId: string }>;
  flows: FlowRecord[];
  webhooks: WebhookCounters;
}

function countBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Postgres, the fake Stripe and the mail capture, checked against each other once all is quiet. */
export async function auditRun(sources: AuditSources): Promise<Audit> {
  return judgeRun(await gatherFacts(sources));
}

export async function gatherFacts({ pg, temporal, stripe, mail, flows, webhooks }: AuditSources): Promise<RunFacts> {
  const bookings = (await pg.query<BookingRow>(`SELECT id, tenant_id, proposal_id, status, to_char(event_date, 'YYYY-MM-DD') AS event_date FROM bookings`)).rows;
  const proposals = (await pg.query<ProposalRow>('SELECT id, status, workflow_id FROM proposals')).rows;
  const knownWorkflowIds = new Set<string>();
  for (const proposal of proposals.filter((p) => !FINAL_PROPOSAL_STATUSES.includes(p.status))) {
    if (await workflowExists(temporal, proposal.workflow_id)) knownWorkflowIds.add(proposal.workflow_id);
  }
  const runningWorkflows: RunFacts['runningWorkflows'] = [];
  for await (const workflow of temporal.workflow.list({ query: 'ExecutionStatus="Running"' })) {
    runningWorkflows.push({ workflowId: workflow.workflowId, type: workflow.type });
  }
  return {
    bookings,
    proposals,
    knownWorkflowIds,
    runningWorkflows,
    sessions: [...stripe.sessions.values()],
    refunds: stripe.refunds,
    emails: mail.messages.map((message) => ({ to: message.envelope.to, subject: message.parsed.subject ?? '', messageId: message.parsed.messageId ?? '' })),
    flows,
    webhooks,
  };
}

/** The verdict: every problem found in the facts, and the counts of the table. */
export function judgeRun({ bookings, proposals, knownWorkflowIds, runningWorkflows, sessions, refunds, emails, flows, webhooks }: RunFacts): Audit {
  const bookingById = new Map(bookings.map((booking) => [booking.id, booking]));
  const problems: string[] = [];
  const lost: string[] = [];
  const doubled: string[] = [];
  const stuck = new Set<string>();

  const paid = sessions.filter((session) => session.payment_status === 'paid');
  const refundsPerIntent = countBy(refunds, (refund) => refund.payment_intent);
  for (const session of paid) {
    const booking = bookingById.get(session.metadata.bookingId);
    const refunded = (refundsPerIntent.get(session.payment_intent ?? '') ?? 0) > 0;
    if (booking?.status === 'CONFIRMED' && refunded) doubled.push(`booking ${booking.id} is CONFIRMED and its payment was refunded`);
    else if (booking?.status === 'REFUNDED' && !refunded) lost.push(`booking ${booking.id} is REFUNDED but Stripe has no refund of ${session.payment_intent}`);
    else if (booking?.status !== 'CONFIRMED' && !refunded) lost.push(`session ${session.id} was paid; booking ${session.metadata.bookingId} is ${booking?.status ?? 'missing'}, not refunded`);
  }
  const paidBookings = new Set(paid.map((session) => session.metadata.bookingId));
  const confirmedUnpaid = bookings.filter((booking) => booking.status === 'CONFIRMED' && !paidBookings.has(booking.id));
  problems.push(...confirmedUnpaid.map((booking) => `UNPAID: booking ${booking.id} is CONFIRMED without a payment`));

  for (const [key, count] of countBy(bookings, (b) => (['PENDING', 'CONFIRMED'].includes(b.status) ? `${b.tenant_id} ${b.event_date}` : undefined))) {
    if (count > 1) doubled.push(`${count} active bookings on ${key}`);
  }
  for (const [intent, count] of refundsPerIntent) if (count > 1) doubled.push(`${count} refunds of ${intent}`);
  for (const [bookingId, count] of countBy(sessions, (session) => session.metadata.bookingId)) {
    if (count > 1) doubled.push(`${count} checkout sessions for booking ${bookingId}`);
  }
  // Two different messages for one recipient and subject (the subject names the booking's code).
  const deliveries = countBy(emails, (email) => email.messageId);
  const messageIdsPerEmail = new Map<string, Set<string>>();
  for (const email of emails) {
    const key = `${email.to.join(',')} ${email.subject}`;
    messageIdsPerEmail.set(key, (messageIdsPerEmail.get(key) ?? new Set()).add(email.messageId));
  }
  for (const [email, ids] of messageIdsPerEmail) if (ids.size > 1) doubled.push(`${ids.size} different emails "${email}"`);
  // The same message again (one Message-ID): SMTP is at-least-once, mail clients show it once.
  const redelivered = [...deliveries].filter(([, count]) => count > 1);
  const notes = redelivered.map(([messageId, count]) => `redelivered: email ${messageId} arrived ${count} times (same Message-ID)`);

  let orphanProposals = 0;
  for (const proposal of proposals.filter((p) => !FINAL_PROPOSAL_STATUSES.includes(p.status))) {
    if (knownWorkflowIds.has(proposal.workflow_id)) stuck.add(`proposal ${proposal.id} is ${proposal.status}`);
    else orphanProposals += 1;
  }
  for (const booking of bookings.filter((b) => b.status === 'PENDING')) stuck.add(`booking ${booking.id} is still PENDING`);
  for (const workflow of runningWorkflows.filter((w) => w.type !== 'cleanupStaleRecords')) {
    stuck.add(`workflow ${workflow.workflowId} (${workflow.type}) is still running`);
  }
  for (const booking of bookings.filter((b) => b.status === 'CONFIRMED')) {
    if (![...deliveries.keys()].some((id) => id.includes(`customer_confirmation.${booking.id}@`))) stuck.add(`booking ${booking.id} is CONFIRMED but no confirmation email arrived`);
  }
  if (webhooks.undelivered > 0) stuck.add(`${webhooks.undelivered} webhook event(s) never acknowledged`);
  // A customer (or Stripe) that could not get through by the run's deadline met a stuck service.
  for (const flow of flows.filter((f) => f.error)) stuck.add(`flow ${flow.index} (${flow.stage}) could not finish: ${flow.error}`);

  problems.unshift(...lost.map((line) => `LOST: ${line}`), ...doubled.map((line) => `DOUBLED: ${line}`), ...[...stuck].map((line) => `STUCK: ${line}`));
  const statusById = new Map(proposals.map((proposal) => [proposal.id, proposal.status]));
  const outcomes: Audit['outcomes'] = {};
  for (const flow of flows) {
    const status = statusById.get(flow.proposalIds[0] ?? '') ?? 'no proposal';
    const perStage = (outcomes[flow.stage] ??= {});
    perStage[status] = (perStage[status] ?? 0) + 1;
  }
  return {
    lost: lost.length,
    doubled: doubled.length,
    stuck: stuck.size,
    emailRedeliveries: redelivered.reduce((sum, [, count]) => sum + count - 1, 0),
    confirmedUnpaid: confirmedUnpaid.length,
    orphanProposals,
    bookings: Object.fromEntries(countBy(bookings, (b) => b.status)),
    paidSessions: paid.length,
    refunds: refunds.length,
    emails: emails.length,
    outcomes,
    problems,
    notes,
  };
}

async function workflowExists(temporal: Client, workflowId: string): Promise<boolean> {
  if (!workflowId) return false;
  try {
    await temporal.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
