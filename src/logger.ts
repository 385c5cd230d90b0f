import pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';

export type { Logger };

/**
 * Fields that hold credentials or a customer's session, wherever a log line carries them: the
 * request headers, and the top level or one level down of the objects we log.
 */
const SECRET_FIELDS = ['sessionId', 'session_id', 'token', 'apiKey', 'secretKey', 'publishableKey', 'password'];
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-tenant-key"]',
  'req.headers["stripe-signature"]',
  'req.headers.cookie',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
];

// Query parameters whose values are credentials (`GET /v1/proposals/:id?sessionId=…`, checkout returns).
const SECRET_QUERY_PARAM = /session|token|key|secret|signature|password/i;

/** The URL with every secret query value replaced, so a request log line never carries one. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const name of new Set(params.keys())) {
    if (SECRET_QUERY_PARAM.test(name)) params.set(name, '[Redacted]');
  }
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}

interface SerializableRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** pino options shared by the process loggers and Fastify's request logger. */
export function loggerOptions(level: string, name?: string): LoggerOptions {
  return {
    ...(name && { name }),
    level,
    redact: REDACT_PATHS,
    serializers: {
      req: (request: SerializableRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.hostname,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}

/** One pino logger per process; secrets never reach it (redacted above). */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level, name), destination) : pino(loggerOptions(level, name));
}
