import { unsoldReasons } from '../../src/services/check-sold-payment';
import type { TCheckoutSessionObject, TStripeEventEnvelope } from '../../src/schemas/stripe-webhook.schema';
import { loadConfig } from '../../src/config';

const SOLD = { stripe_checkout_session_id: 'cs_live_1', currency: 'eur', total_cents: 12_000 };
const SESSION = { id: 'cs_live_1', currency: 'EUR', amount_total: 12_000 } as TCheckoutSessionObject;
const event = (livemode?: boolean) => ({ id: 'evt_1', type: 'checkout.session.completed', livemode, data: { object: SESSION } }) as TStripeEventEnvelope;

/** Which mode each configuration expects of Stripe's events. */
describe('unsoldReasons: livemode follows the configured key', () => {
  const config = (key?: string) =>
    loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/unused', ...(key && { STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: 'whsec_x' }) });

  it.each([
    ['a live key, a live event', 'sk_live_x', true, []],
    ['a live key, a test event', 'sk_live_x', false, ['livemode']],
    ['a live key, an event without livemode', 'sk_live_x', undefined, ['livemode']],
    ['a test key, a test event', 'sk_test_x', false, []],
    ['a test key, a live event', 'sk_test_x', true, ['livemode']],
    ['no key (test-mode page), a test event', undefined, false, []],
    ['no key, a live event', undefined, true, ['livemode']],
  ])('%s', (_name, key, livemode, expected) => {
    expect(unsoldReasons(config(key), SOLD, event(livemode), SESSION)).toEqual(expected);
  });

  it('names every other difference (currency compared case-insensitively)', () => {
    const other = { ...SESSION, id: 'cs_other', currency: 'usd', amount_total: 1 } as TCheckoutSessionObject;
    expect(unsoldReasons(config('sk_test_x'), SOLD, event(false), other)).toEqual(['checkout_session', 'currency', 'amount']);
  });
});
