import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { type BookingProposalInput, proposalWorkflowId } from '../../workflows/booking-proposal.messages';
import { EVENT_DATE, PROPOSAL_STATUS, TENANT_ID } from '../../workflows/search-attributes';
import type { Config } from '../config';
import { ChatSessionEntity, PackageEntity, ProposalEntity, type TenantEntity } from '../db/entities';
import { isBookableDay, todayInTimeZone } from '../domain/calendar';
import { formatPrice } from '../domain/money';
import { AppError } from '../errors';
import { startWorkflow } from '../integrations/temporal-client';
import type { TCreateProposalBody, TProposal } from '../schemas/proposal.schema';
import { isDateTaken } from './booking-queries';
import { upsertCustomer } from './upsert-customer';
import { toProposalView } from './proposal-view';

export interface ProposalDeps {
  config: Config;
  db: DataSource;
  temporal: Client;
}

/**
 * Records a proposal and starts its workflow: the one path of both `POST /v1/proposals` and the
 * assistant's `book_service` tool. Nothing is booked until the customer confirms.
 */
export async function createProposal(deps: ProposalDeps, tenant: TenantEntity, input: TCreateProposalBody): Promise<TProposal> {
  const pkg = await deps.db.getRepository(PackageEntity).findOneBy({ id: input.packageId, tenantId: tenant.id, active: true });
  if (!pkg) throw new AppError('PACKAGE_NOT_FOUND', 'No active package with that id');
  await assertDateBookable(deps.db, tenant, input.date);

  const sessionId = await resolveSession(deps.db, tenant.id, input.sessionId);
  const customerId = await upsertCustomer(deps.db, tenant.id, input.customerEmail, input.customerName);
  const now = Date.now();
  const expiresAt = new Date(now + deps.config.PROPOSAL_TTL);
  const preview = {
    service: pkg.name,
    date: input.date,
    price: formatPrice(pkg.priceCents, pkg.currency),
    customerName: input.customerName,
    customerEmail: input.customerEmail,
  };
  const proposals = deps.db.getRepository(ProposalEntity);
  const proposal = proposals.create({
    tenantId: tenant.id,
    sessionId,
    customerId,
    toolName: 'book_service',
    operation: 'create_customer_booking',
    trustTier: 'T3',
    payload: {
      packageId: pkg.id,
      customerId,
      date: input.date,
      customerName: input.customerName,
      customerEmail: input.customerEmail,
      notes: input.notes ?? null,
      priceCents: pkg.priceCents,
      currency: pkg.currency,
    },
    preview,
    status: 'AWAITING_CONFIRMATION',
    expiresAt,
    workflowId: '',
  });
  await proposals.insert(proposal);
  proposal.workflowId = proposalWorkflowId(proposal.id);
  await proposals.update({ id: proposal.id, tenantId: tenant.id }, { workflowId: proposal.workflowId });

  const workflowInput: BookingProposalInput = {
    proposalId: proposal.id,
    tenantId: tenant.id,
    sessionId,
    customerId,
    packageId: pkg.id,
    date: input.date,
    customerName: input.customerName,
    customerEmail: input.customerEmail,
    notes: input.notes ?? null,
    priceCents: pkg.priceCents,
    currency: pkg.currency,
    preview,
    expiresAt: expiresAt.toISOString(),
    proposalTtlMs: deps.config.PROPOSAL_TTL,
    paymentHoldMs: deps.config.PAYMENT_HOLD,
  };
  try {
    await startWorkflow(deps.temporal, 'bookingProposal', {
      workflowId: proposal.workflowId,
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [workflowInput],
      typedSearchAttributes: new TypedSearchAttributes([
        { key: TENANT_ID, value: tenant.id },
        { key: PROPOSAL_STATUS, value: 'AWAITING_CONFIRMATION' },
        { key: EVENT_DATE, value: input.date },
      ]),
      memo: { preview, sessionId },
      staticSummary: `${preview.service} on ${preview.date} for ${preview.customerName}`,
    });
  } catch (error) {
    // Without its workflow the proposal could never be confirmed: mark it so nobody waits on it.
    await proposals.update({ id: proposal.id, tenantId: tenant.id }, { status: 'FAILED', failureReason: 'workflow could not be started' });
    throw new AppError('SERVICE_UNAVAILABLE', 'The booking service is temporarily unavailable, please retry', { cause: String(error) });
  }
  return toProposalView(proposal);
}

/** A proposal for a past, closed, blacked-out or already booked date is refused up front. */
export async function assertDateBookable(db: DataSource, tenant: TenantEntity, date: string): Promise<void> {
  if (date < todayInTimeZone(tenant.timezone)) throw new AppError('DATE_UNAVAILABLE', `${date} is in the past`);
  if (!isBookableDay(date, tenant.businessHours, tenant.blackoutDates)) {
    throw new AppError('DATE_UNAVAILABLE', `${date} is not a working day`);
  }
  if (await isDateTaken(db, tenant.id, date)) throw new AppError('DATE_UNAVAILABLE', `${date} is already booked`);
}

/** The caller's session when it is this tenant's, else a new customer session. */
async function resolveSession(db: DataSource, tenantId: string, sessionId: string | undefined): Promise<string> {
  const sessions = db.getRepository(ChatSessionEntity);
  if (sessionId) {
    const session = await sessions.findOneBy({ id: sessionId, tenantId });
    if (!session) throw new AppError('INVALID_SESSION', 'Invalid or expired session');
    return session.id;
  }
  const created = await sessions.save({ tenantId, sessionType: 'CUSTOMER', messages: [] });
  return created.id;
}
