import fs from 'node:fs';
import path from 'node:path';
import { type Client, Connection, Client as TemporalClient } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { openDatabase } from '../../src/db/data-source';
import { PackageEntity, TenantEntity } from '../../src/db/entities';
import { freePort } from '../../src/integrations/embedded/free-port';
import { resolveTemporalBinary, TEMPORAL_CLI } from '../../src/integrations/embedded/temporal-cli';
import { createTenant } from '../../src/services/create-tenant';
import { type FakeStripe, startFakeStripe } from '../../test/helpers/fake-stripe';
import { type SmtpCapture, startSmtpCapture } from '../../test/helpers/smtp-capture';
import type { CalendarTenant } from '../../test/helpers/test-dates';
import type { FlowTenant } from './flows';
import { apiLauncher, type Layout, type PartName, postgresLauncher, SupervisedPart, temporalLauncher, workerLauncher } from './parts';
import { waitFor } from './processes';

export interface ServiceOptions {
  /** The repository (for .tools/). */
  rootDir: string;
  /** The compiled service: <buildDir>/src/server.js and worker.js. */
  buildDir: string;
  /** Emptied first; holds Postgres, the Temporal database and every part's log. */
  dataDir: string;
  tenants: number;
  proposalTtl: string;
  paymentHold: string;
  log: (line: string) => void;
}

export interface ChaosTenant extends FlowTenant {
  calendar: CalendarTenant;
}

/** The service from real parts, each its own process under a supervisor, plus the fakes it talks to. */
export interface Service {
  parts: Record<PartName, SupervisedPart>;
  stripe: FakeStripe;
  mail: SmtpCapture;
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  webhookSecret: string;
  tenants: ChaosTenant[];
  /** A Postgres connection and a Temporal client for the audit (everything is up by then). */
  connectAuditors(): Promise<{ pg: PgClient; temporal: Client; close(): Promise<void> }>;
  stop(): Promise<void>;
}

async function seedTenants(databaseUrl: string, count: number): Promise<ChaosTenant[]> {
  const db = await openDatabase(databaseUrl, { poolSize: 2 });
  try {
    const tenants: ChaosTenant[] = [];
    for (let index = 0; index < count; index += 1) {
      const created = await createTenant(db, { name: `Chaos Studio ${index + 1}`, contactEmail: `studio-${index + 1}@example.test` });
      const tenant = await db.getRepository(TenantEntity).findOneByOrFail({ id: created.id });
      const pkg = await db.getRepository(PackageEntity).save({ tenantId: tenant.id, name: 'Portrait session', priceCents: 15_000, currency: tenant.currency });
      tenants.push({ id: tenant.id, publishableKey: created.publishableKey, packageId: pkg.id, calendar: tenant });
    }
    return tenants;
  } finally {
    await db.destroy();
  }
}

export async function startService(options: ServiceOptions): Promise<Service> {
  fs.rmSync(options.dataDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(options.dataDir, 'logs'), { recursive: true, mode: 0o755 });
  fs.chmodSync(options.dataDir, 0o755);
  const binary = await resolveTemporalBinary(TEMPORAL_CLI, { toolsDir: path.join(options.rootDir, '.tools'), configuredPath: process.env.TEMPORAL_CLI_PATH });
  if (binary.kind !== 'path') throw new Error(`no temporal binary found (tried ${binary.tried.join('; ')})`);
  const stripe = await startFakeStripe();
  const mail = await startSmtpCapture();
  const ports = { api: await freePort(), postgres: await freePort(), temporal: await freePort(), workerMetrics: await freePort(), sdkMetrics: await freePort() };
  const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${ports.postgres}/chaos`;
  const temporalAddress = `127.0.0.1:${ports.temporal}`;
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const fakeStripeConfig = stripe.configOverrides();
  const layout: Layout = {
    dataDir: options.dataDir,
    buildDir: options.buildDir,
    temporalBinary: binary.path,
    ports,
    serviceEnv: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(ports.api),
      WORKER_METRICS_PORT: String(ports.workerMetrics),
      TEMPORAL_SDK_METRICS_PORT: String(ports.sdkMetrics),
      // The harness stands in for the load balancer: each customer's address comes in X-Forwarded-For.
      TRUST_PROXY: 'loopback',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      DATA_DIR: path.join(options.dataDir, 'service'),
      SMTP_URL: mail.url,
      PROPOSAL_TTL: options.proposalTtl,
      PAYMENT_HOLD: options.paymentHold,
      PUBLIC_BASE_URL: apiUrl,
      ...fakeStripeConfig,
    },
  };
  const parts = {
    postgres: new SupervisedPart('postgres', postgresLauncher(layout), options.log),
    temporal: new SupervisedPart('temporal', temporalLauncher(layout), options.log),
    worker: new SupervisedPart('worker', workerLauncher(layout), options.log),
    api: new SupervisedPart('api', apiLauncher(layout), options.log),
  } satisfies Record<PartName, SupervisedPart>;

  const stop = async () => {
    for (const name of ['api', 'worker', 'temporal', 'postgres'] as const) await parts[name].stop().catch(() => undefined);
    await stripe.close();
    await mail.close();
  };
  try {
    await parts.postgres.start();
    options.log(`Postgres up on ${ports.postgres}; migrating and seeding ${options.tenants} tenants`);
    const tenants = await seedTenants(databaseUrl, options.tenants);
    await parts.temporal.start();
    options.log(`Temporal dev server up on ${temporalAddress}`);
    await Promise.all([parts.worker.start(), parts.api.start()]);
    await waitFor('the API /readyz', async () => (await fetch(`${apiUrl}/readyz`)).status === 200, 120_000);
    options.log(`API ready on ${apiUrl}; worker started`);
    return {
      parts,
      stripe,
      mail,
      apiUrl,
      databaseUrl,
      temporalAddress,
      webhookSecret: fakeStripeConfig.STRIPE_WEBHOOK_SECRET,
      tenants,
      async connectAuditors() {
        const pg = new PgClient({ connectionString: databaseUrl });
        await pg.connect();
        const connection = await Connection.connect({ address: temporalAddress });
        return {
          pg,
          temporal: new TemporalClient({ connection }),
          close: async () => {
            await pg.end();
            await connection.close();
          },
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

