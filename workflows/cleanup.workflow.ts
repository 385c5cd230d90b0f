import { log, proxyActivities } from '@temporalio/workflow';
import type { CleanupActivities, CleanupResult } from '../activities/cleanup.activities';

// Plain SQL statements: a minute is plenty, and the schedule runs again within the hour anyway.
const { expireAbandonedProposals, purgeIdleChatSessions } = proxyActivities<CleanupActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

/** Run by the `cleanup-stale-records` Temporal Schedule (visible in the UI under Schedules). */
export async function cleanupStaleRecords(): Promise<CleanupResult> {
  const expiredProposals = await expireAbandonedProposals();
  const deletedSessions = await purgeIdleChatSessions();
  log.info('cleanup done', { expiredProposals, deletedSessions });
  return { expiredProposals, deletedSessions };
}
