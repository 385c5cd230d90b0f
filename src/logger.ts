import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** One pino logger per process; secrets never reach it (redacted below). */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: ['req.headers.authorization', 'req.headers["x-tenant-key"]', 'req.headers["stripe-signature"]'],
  });
}
