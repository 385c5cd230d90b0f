import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('applies the defaults of docs/api.md', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
    expect(config.TEMPORAL_TASK_QUEUE).toBe('booking');
    expect(config.TEMPORAL_DEV_PORT).toBe(7233);
    expect(config.PROPOSAL_TTL).toBe(30 * 60_000);
    expect(config.PAYMENT_HOLD).toBe(60 * 60_000);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.stripeTestMode).toBe(true);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reports one line per bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', PROPOSAL_TTL: 'soon', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.map((line) => line.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'PORT', 'PROPOSAL_TTL', 'SMTP_URL']);
  });

  it('refuses half a Stripe configuration and test mode in production', () => {
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_123' })).toThrow(/set both or neither/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/STRIPE_SECRET_KEY: required when NODE_ENV=production/);
  });

  it('trusts no proxy by default and reads TRUST_PROXY as a hop count or an address list', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
  });

  it('reads the Temporal connection the way the Temporal CLI does: namespace, API key, TLS files', () => {
    expect(loadConfig({}).temporalConnection).toEqual({ tls: undefined, apiKey: undefined, metadata: undefined });
    const cloud = loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: 'key-123' });
    expect(cloud).toMatchObject({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct' });
    // An API key turns TLS on, as Temporal Cloud requires.
    expect(cloud.temporalConnection).toMatchObject({ apiKey: 'key-123', tls: true });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-tls-'));
    try {
      for (const name of ['ca.pem', 'client.pem', 'client.key']) fs.writeFileSync(path.join(dir, name), `-----${name}-----`);
      const mtls = loadConfig({
        TEMPORAL_ADDRESS: 'temporal.internal:7233',
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'ca.pem'),
        TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'client.pem'),
        TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(dir, 'client.key'),
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      }).temporalConnection.tls;
      expect(mtls).toMatchObject({ serverNameOverride: 'temporal.internal' });
      const tls = mtls as { serverRootCACertificate: Uint8Array; clientCertPair: { crt: Uint8Array; key: Uint8Array } };
      expect(Buffer.from(tls.serverRootCACertificate).toString()).toBe('-----ca.pem-----');
      expect(Buffer.from(tls.clientCertPair.key).toString()).toBe('-----client.key-----');
      expect(() => loadConfig({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'missing.pem') })).toThrow(/TEMPORAL_/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sizes the worker from WORKER_* with the documented defaults, and refuses a count that is not one', () => {
    const defaults = loadConfig({});
    expect([defaults.WORKER_MAX_CACHED_WORKFLOWS, defaults.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, defaults.WORKER_MAX_CONCURRENT_ACTIVITIES]).toEqual([100, 40, 100]);
    const sized = loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8', WORKER_MAX_CONCURRENT_ACTIVITIES: '20' });
    expect([sized.WORKER_MAX_CACHED_WORKFLOWS, sized.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, sized.WORKER_MAX_CONCURRENT_ACTIVITIES]).toEqual([0, 8, 20]);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'lots' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
  });

  it('refuses a payment hold Stripe could not honour', () => {
    expect(() => loadConfig({ PAYMENT_HOLD: '2d' })).toThrow(/PAYMENT_HOLD/);
  });
});
