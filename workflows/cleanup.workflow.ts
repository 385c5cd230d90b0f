import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { CleanupActivities, CleanupResult } from '../activities/cleanup.activities';
import type { HoldSweepActivities } from '../activities/hold-sweep.activities';

// Plain SQL statements: a minute is plenty, and the schedule runs again within the hour anyway.
const { expireAbandonedProposals, purgeIdleChatSessions } = proxyActivities<CleanupActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});
// One describe (and at most one Stripe call) per abandoned hold, in batches of 50: minutes at worst;
// the heartbeat notices a worker that died mid-batch long before that.
const { releaseAbandonedHolds } = proxyActivities<HoldSweepActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 5 },
});

/** Runs that started before the hold sweep existed (test/workflows/histories/v1-cleanup.json) end without it. */
export const HOLD_SWEEP_PATCH = 'release-abandoned-holds';

export interface CleanupRunResult extends CleanupResult {
  releasedHolds: number;
}

/** Run by the `cleanup-stale-records` Temporal Schedule (visible in the UI under Schedules). */
export async function cleanupStaleRecords(): Promise<CleanupRunResult> {
  const expiredProposals = await expireAbandonedProposals();
  const deletedSessions = await purgeIdleChatSessions();
  const releasedHolds = patched(HOLD_SWEEP_PATCH) ? await releaseAbandonedHolds() : 0;
  log.info('cleanup done', { expiredProposals, deletedSessions, releasedHolds });
  return { expiredProposals, deletedSessions, releasedHolds };
}
