import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { ProposalStatus } from '../src/domain/statuses';
import { updateReturning } from '../src/db/update-returning';
import { proposalsFinished } from '../src/metrics';

// Where a proposal's workflow ends: COMPLETED is a paid booking; the others hold no date.
const FINAL_STATUSES = new Set<ProposalStatus>(['COMPLETED', 'EXPIRED', 'FAILED', 'PAYMENT_EXPIRED']);

export interface RecordProposalStatusInput {
  tenantId: string;
  proposalId: string;
  status: ProposalStatus;
  bookingId?: string;
  failureReason?: string;
  /** ISO time the confirm was accepted (workflow time); the first value written stays. */
  confirmedAt?: string;
}

/** Mirrors the workflow's status into the proposals row, for GETs after the workflow is gone and for cleanup. */
export function createProposalStatusActivities({ db }: { db: DataSource }) {
  return {
    /** Idempotent: the same input writes the same row; set fields are never cleared. */
    async recordProposalStatus(input: RecordProposalStatusInput): Promise<boolean> {
      const rows = await updateReturning<{ id: string }>(
        db.manager,
        `UPDATE proposals
            SET status = $3, booking_id = COALESCE($4, booking_id), failure_reason = COALESCE($5, failure_reason),
                confirmed_at = COALESCE(confirmed_at, $6::timestamptz), updated_at = now()
          WHERE id = $1 AND tenant_id = $2
          RETURNING id`,
        [input.proposalId, input.tenantId, input.status, input.bookingId ?? null, input.failureReason ?? null, input.confirmedAt ?? null],
      );
      if (rows.length > 0 && FINAL_STATUSES.has(input.status)) proposalsFinished.inc({ status: input.status });
      if (rows.length === 0) log.warn('no proposal row to record the status on', { proposalId: input.proposalId, status: input.status });
      return rows.length > 0;
    },
  };
}
