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

  it('refuses a payment hold Stripe could not honour', () => {
    expect(() => loadConfig({ PAYMENT_HOLD: '2d' })).toThrow(/PAYMENT_HOLD/);
  });
});
