import type { Client } from '@temporalio/client';

export interface HistoryCount {
  events: number;
  /** Events per kind (`activityTaskScheduled`, `workflowTaskCompleted`, ...). */
  byKind: Map<string, number>;
  /** Scheduled activities per activity type. */
  activities: Map<string, number>;
}

const increment = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** The events of one closed workflow's history, by kind; averaged by the caller over a sample. */
export async function countHistory(client: Client, workflowId: string): Promise<HistoryCount> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const byKind = new Map<string, number>();
  const activities = new Map<string, number>();
  for (const event of events) {
    const record = event as Record<string, unknown>;
    const kind = Object.keys(record).find((key) => key.endsWith('EventAttributes') && record[key]);
    increment(byKind, kind ? kind.replace(/EventAttributes$/, '') : 'unknown');
    const activityType = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (activityType) increment(activities, activityType);
  }
  return { events: events.length, byKind, activities };
}

/** "activityTaskScheduled 8, workflowTaskCompleted 9, ..." largest first. */
export function describeCounts(map: Map<string, number>): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${key} ${count}`)
    .join(', ');
}
