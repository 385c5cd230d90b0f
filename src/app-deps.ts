import type { Client } from '@temporalio/client';
import type { DestinationStream } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from './config';

/** What the HTTP app needs from the outside; tests pass their own. */
export interface AppDeps {
  config: Config;
  db: DataSource;
  temporal: Client;
  /** Where request logs go; stdout when unset (tests capture them). */
  logStream?: DestinationStream;
}
