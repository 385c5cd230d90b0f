import path from 'node:path';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import validator from 'validator';
import { z } from 'zod';
import { parseDuration } from './duration';
import { parsePayloadKeys } from './integrations/payload-codec';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Signs manage links when MANAGE_LINK_SECRET is unset; loadConfig refuses that in production. */
const DEVELOPMENT_MANAGE_LINK_SECRET = 'development-manage-link-secret-not-for-production';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url().optional());
const port = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(fallback));
const count = (fallback: number, min: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).default(fallback));
const duration = (fallback: string, maxMs: number) =>
  z
    .preprocess(emptyToUndefined, z.string().default(fallback))
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0 || ms > maxMs) {
        ctx.addIssue({ code: 'custom', message: `expected a duration like 30m, 1h or 45s (at most ${maxMs / DAY_MS} days), got "${text}"` });
        return z.NEVER;
      }
      return ms;
    });

/** The worker's defaults (WORKER_* variables); the bench's measurements behind them are in README "Performance". */
export const WORKER_DEFAULTS = {
  maxCachedWorkflows: 100,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentActivityTaskExecutions: 100,
} as const;

// proxy-addr's names for whole ranges, accepted beside addresses and CIDRs.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Which proxies may set X-Forwarded-For, in Fastify's `trustProxy` terms: off (the client is the
 * socket's peer), a hop count, or a list of addresses/CIDRs. Trusting any sender would let one
 * client pass as many and walk past the rate limits.
 */
const trustProxy = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default('false')
    .transform((text, ctx): false | number | string[] => {
      const value = text.trim();
      if (value === 'false' || value === '0') return false;
      if (/^\d+$/.test(value)) return Number(value);
      const entries = value.split(',').map((entry) => entry.trim());
      const bad = entries.filter((entry) => !PROXY_RANGE_NAMES.has(entry) && !validator.isIP(entry) && !validator.isIPRange(entry));
      if (bad.length > 0 || entries.length === 0) {
        ctx.addIssue({ code: 'custom', message: `expected false, a hop count, or a comma-separated list of addresses/CIDRs; not ${bad.join(', ') || 'empty'}` });
        return z.NEVER;
      }
      return entries;
    }),
);

/** Every environment variable the service reads; the single source of the README's configuration table. */
export const ZEnvironment = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  PORT: port(3000),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  TRUST_PROXY: trustProxy,
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
  ),
  EMBEDDED_POSTGRES_PORT: port(54329),
  TEMPORAL_ADDRESS: optionalString,
  // Unset: the TOML profile's namespace (TEMPORAL_CONFIG_FILE), else `default`.
  TEMPORAL_NAMESPACE: optionalString,
  // Read by @temporalio/envconfig (loadTemporalConnection below); listed here so they are documented and checked.
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_TLS: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalString,
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalString,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  TEMPORAL_CONFIG_FILE: optionalString,
  TEMPORAL_PROFILE: optionalString,
  TEMPORAL_TASK_QUEUE: z.preprocess(emptyToUndefined, z.string().default('booking')),
  TEMPORAL_DEV_PORT: port(7233),
  // `id:base64key,...` (32-byte AES keys): workflow payloads are encrypted with the first, any decrypts.
  PAYLOAD_KEYS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return undefined;
        try {
          return parsePayloadKeys(text);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
  ),
  // The worker's own /metrics (service metrics plus the Temporal SDK's, merged); 0.0.0.0 in a container.
  WORKER_METRICS_PORT: port(9464),
  WORKER_METRICS_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  // The SDK's Prometheus exporter, on loopback only: the worker's /metrics appends what it serves.
  TEMPORAL_SDK_METRICS_PORT: port(9465),
  TEMPORAL_CLI_PATH: optionalString,
  STRIPE_SECRET_KEY: z.preprocess(emptyToUndefined, z.string().startsWith('sk_', 'expected a Stripe secret key (sk_...)').optional()),
  STRIPE_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().startsWith('whsec_', 'expected a webhook secret (whsec_...)').optional()),
  STRIPE_API_URL: optionalUrl,
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl,
  ANTHROPIC_MODEL: z.preprocess(emptyToUndefined, z.string().default('claude-haiku-4-5')),
  SMTP_URL: z.preprocess(emptyToUndefined, z.string().regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL').optional()),
  MAIL_FROM: z.preprocess(emptyToUndefined, z.string().default('Bookings <bookings@localhost>')),
  PROPOSAL_TTL: duration('30m', DAY_MS),
  // Stripe Checkout sessions live at most 24 hours, so a longer hold could not be paid.
  PAYMENT_HOLD: duration('1h', DAY_MS),
  PUBLIC_BASE_URL: optionalUrl,
  // Linked from the page at `/`; `npm start` sets it to its dev server's UI.
  TEMPORAL_UI_URL: optionalUrl,
  PLATFORM_ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'use at least 16 characters').optional()),
  // How long a rotated key keeps working, so a deployment can switch to the new one without downtime.
  KEY_ROTATION_GRACE: duration('24h', 30 * DAY_MS),
  // HMAC key of the customers' manage links; unset outside production: a fixed development key.
  MANAGE_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'use at least 32 characters').optional()),
  MANAGE_LINK_TTL: duration('90d', 366 * DAY_MS),
  // How long the manage page and the back-office cancel wait for their workflow before answering
  // "still in progress" (the workflow goes on either way).
  BOOKING_CHANGE_WAIT: duration('15s', 60 * 1000),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
  // Worker sizing, chosen with `BENCH_OPEN=1000 npm run bench` (README "Performance"): a cached
  // workflow answers its next task without a replay but stays in memory until evicted.
  WORKER_MAX_CACHED_WORKFLOWS: count(WORKER_DEFAULTS.maxCachedWorkflows, 0),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: count(WORKER_DEFAULTS.maxConcurrentWorkflowTaskExecutions, 2),
  WORKER_MAX_CONCURRENT_ACTIVITIES: count(WORKER_DEFAULTS.maxConcurrentActivityTaskExecutions, 1),
});

export type TEnvironment = z.infer<typeof ZEnvironment>;

/** How to reach Temporal beyond its address: TLS (server CA, client certificate) and an API key (Temporal Cloud). */
export type TemporalConnectionOptions = Pick<NativeConnectionOptions, 'tls' | 'apiKey' | 'metadata'>;

export interface Config extends Omit<TEnvironment, 'TEMPORAL_NAMESPACE'> {
  TEMPORAL_NAMESPACE: string;
  temporalConnection: TemporalConnectionOptions;
  /** Absolute path of DATA_DIR. */
  dataDir: string;
  publicBaseUrl: string;
  /** Without Stripe keys the service serves its own test-mode checkout page. */
  stripeTestMode: boolean;
  /** MANAGE_LINK_SECRET, or the development key outside production. */
  manageLinkSecret: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnvironment.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  const problems: string[] = [];
  if (Boolean(values.STRIPE_SECRET_KEY) !== Boolean(values.STRIPE_WEBHOOK_SECRET)) {
    problems.push('STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET: set both or neither');
  }
  const stripeTestMode = !values.STRIPE_SECRET_KEY;
  if (stripeTestMode && values.NODE_ENV === 'production') {
    problems.push('STRIPE_SECRET_KEY: required when NODE_ENV=production (the local test-mode checkout is for development only)');
  }
  if (!values.MANAGE_LINK_SECRET && values.NODE_ENV === 'production') {
    problems.push('MANAGE_LINK_SECRET: required when NODE_ENV=production (it signs the customers\' manage links)');
  }
  const temporal = loadTemporalConnection(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...values,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    temporalConnection: temporal.connection,
    dataDir: path.resolve(values.DATA_DIR),
    publicBaseUrl: (values.PUBLIC_BASE_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ''),
    stripeTestMode,
    manageLinkSecret: values.MANAGE_LINK_SECRET ?? DEVELOPMENT_MANAGE_LINK_SECRET,
  };
}

/**
 * Temporal's own variables (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*,
 * TEMPORAL_GRPC_META_*) through @temporalio/envconfig, as the Temporal CLI and samples read them;
 * a TOML profile only when TEMPORAL_CONFIG_FILE names one, so a developer's home file never leaks in.
 */
function loadTemporalConnection(env: NodeJS.ProcessEnv, problems: string[]) {
  const given = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])));
  try {
    const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars: given, disableFile: !given.TEMPORAL_CONFIG_FILE });
    const { address, tls, apiKey, metadata } = connectionOptions;
    return { address, namespace: namespace ?? 'default', connection: { tls, apiKey, metadata } };
  } catch (error) {
    problems.push(`TEMPORAL_*: ${error instanceof Error ? error.message : String(error)}`);
    return { address: undefined, namespace: 'default', connection: {} };
  }
}

/** For process entry points: a bad configuration prints its lines and exits 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
