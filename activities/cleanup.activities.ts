import type { DataSource } from 'typeorm';
import { updateReturning } from '../src/db/update-returning';

/** A workflow whose own timer should have expired it is this late at most before cleanup steps in. */
const ABANDONED_GRACE = '1 hour';
/** Chat sessions idle this long are removed (docs/design.md: 7 days). */
const IDLE_SESSION_AGE = '7 days';
/** Bounded work per run: the schedule comes back soon anyway. */
const BATCH_SIZE = 1000;

export interface CleanupResult {
  expiredProposals: number;
  deletedSessions: number;
}

/**
 * Platform maintenance across all tenants (the one place that does not filter on tenant_id, on
 * purpose): both statements are idempotent, so a retried activity changes nothing more.
 */
export function createCleanupActivities(db: DataSource) {
  return {
    /** Proposals still AWAITING_CONFIRMATION long after expiry had lost their workflow. */
    async expireAbandonedProposals(): Promise<number> {
      const rows = await updateReturning(
        db,
        `UPDATE proposals SET status = 'EXPIRED', failure_reason = 'expired without a running workflow', updated_at = now()
          WHERE id IN (SELECT id FROM proposals
                        WHERE status = 'AWAITING_CONFIRMATION' AND expires_at < now() - $1::interval
                        LIMIT $2)
          RETURNING id`,
        [ABANDONED_GRACE, BATCH_SIZE],
      );
      return rows.length;
    },

    /** Idle customer chats go; a session that led to a proposal stays, since the booking refers to it. */
    async purgeIdleChatSessions(): Promise<number> {
      const rows = await updateReturning(
        db,
        `DELETE FROM chat_sessions
          WHERE id IN (SELECT s.id FROM chat_sessions s
                        WHERE s.session_type = 'CUSTOMER' AND s.updated_at < now() - $1::interval
                          AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.session_id = s.id AND p.tenant_id = s.tenant_id)
                        LIMIT $2)
          RETURNING id`,
        [IDLE_SESSION_AGE, BATCH_SIZE],
      );
      return rows.length;
    },
  };
}

export type CleanupActivities = ReturnType<typeof createCleanupActivities>;
