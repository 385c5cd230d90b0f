import type { DataSource } from 'typeorm';
import type { Config } from '../src/config';

/** What every activity may use; the worker builds it once. */
export interface ActivityDeps {
  config: Config;
  db: DataSource;
}

/** Placeholder until the booking activities land: the worker registers whatever this returns. */
export function createActivities(_deps: ActivityDeps) {
  return {};
}

export type BookingActivities = ReturnType<typeof createActivities>;
