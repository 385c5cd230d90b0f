import { addDays, daysBetween } from './calendar';

/** A closed day, or a run of them with both ends included (`YYYY-MM-DD`). */
export type ClosedDateItem = string | { from: string; to: string };

/** Each date the items name, once. */
export function expandClosedDates(items: readonly ClosedDateItem[]): Set<string> {
  const dates = new Set<string>();
  for (const item of items) {
    if (typeof item === 'string') {
      dates.add(item);
      continue;
    }
    const days = daysBetween(item.from, item.to);
    for (let offset = 0; offset < days; offset += 1) dates.add(addDays(item.from, offset));
  }
  return dates;
}

export interface ClosedDatesChange {
  add?: readonly ClosedDateItem[];
  remove?: readonly ClosedDateItem[];
}

/** Why the change cannot apply, or the new list: today and later only (a past day is never bookable anyway), ascending. */
export function applyClosedDates(
  current: readonly string[],
  change: ClosedDatesChange,
  today: string,
  maxDates: number,
): { dates: string[] } | { problem: string } {
  const added = expandClosedDates(change.add ?? []);
  const removed = expandClosedDates(change.remove ?? []);
  const both = [...added].find((date) => removed.has(date));
  if (both) return { problem: `${both} is both added and removed` };
  const dates = new Set(current.filter((date) => date >= today && !removed.has(date)));
  for (const date of added) if (date >= today) dates.add(date);
  if (dates.size > maxDates) return { problem: `at most ${maxDates} closed dates from today on (this change would make ${dates.size})` };
  return { dates: [...dates].sort() };
}
