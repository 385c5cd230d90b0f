import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { WorkflowName } from './temporal-client';

export const CLEANUP_SCHEDULE_ID = 'cleanup-stale-records';
// Often enough that abandoned rows never linger long; rare enough to cost nothing.
const CLEANUP_EVERY = '1 hour';
const CLEANUP_WORKFLOW: WorkflowName = 'cleanupStaleRecords';

/** Creates the cleanup schedule once; every worker calls this at start and a repeat is a no-op. */
export async function ensureCleanupSchedule(client: Client, taskQueue: string): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: CLEANUP_SCHEDULE_ID,
      spec: { intervals: [{ every: CLEANUP_EVERY }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      action: { type: 'startWorkflow', workflowType: CLEANUP_WORKFLOW, taskQueue, args: [] },
      memo: {
        purpose: 'expire proposals that lost their workflow; release dates held by bookings whose workflow closed; remove customer chat sessions idle for 7 days',
      },
    });
    return 'created';
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return 'exists';
    throw error;
  }
}
