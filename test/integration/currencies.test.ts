import type { TProposal } from '../../src/schemas/proposal.schema';
import { buildTenant } from '../helpers/factories';
import { type FakeStripe, startFakeStripe } from '../helpers/fake-stripe';
import { confirmOverHttp, createProposalOverHttp, eventually, postSignedWebhook } from '../helpers/proposal-api';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp-capture';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { nextOpenDate } from '../helpers/test-dates';
import { startTestWorker, type TestWorker } from '../helpers/worker';

const WEBHOOK_SECRET = 'whsec_test_currencies';

// Intl writes a no-break space between a currency code and the amount; emails and previews keep it.
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('prices in the minor unit of every currency: preview, Stripe amount and email agree', () => {
  let fakeStripe: FakeStripe;
  let smtp: SmtpCapture;
  let t: TestApp;
  let worker: TestWorker;

  beforeAll(async () => {
    fakeStripe = await startFakeStripe();
    smtp = await startSmtpCapture();
    t = await createTestApp({ ...fakeStripe.configOverrides(), STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, SMTP_URL: smtp.url });
    worker = await startTestWorker(t.config, t.db);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await smtp?.close();
    await fakeStripe?.close();
  });

  it.each([
    ['usd', 15_000, '$150.00'],
    ['jpy', 15_000, '¥15,000'],
    ['kwd', 12_500, 'KWD 12.500'],
    ['eur', 9_900, '€99.00'],
  ])('%s: a package of %i minor units shows %s and Stripe is asked for exactly that', async (currency, priceCents, shown) => {
    const owner = await buildTenant(t.db, { currency });
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: { authorization: `Bearer ${owner.secretKey}` },
      payload: { name: `Session in ${currency}`, priceCents },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ priceCents, currency });

    const email = `buyer-${currency}@example.test`;
    const proposal = await createProposalOverHttp(t.app, owner, nextOpenDate(owner), { packageId: created.json().id, customerEmail: email });
    expect(plain(proposal.preview.price)).toBe(shown);

    const confirmed = await confirmOverHttp(t.app, owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    const { booking } = confirmed.json() as TProposal;
    const session = [...fakeStripe.sessions.values()].find((s) => s.client_reference_id === booking!.id)!;
    expect(session).toMatchObject({ amount_total: priceCents, currency });

    const paid = fakeStripe.markSessionPaid(session.id);
    const event = { id: `evt_currency_${currency}`, object: 'event', type: 'checkout.session.completed', data: { object: paid } };
    expect((await postSignedWebhook(t.app, event, WEBHOOK_SECRET)).statusCode).toBe(200);

    const mail = await eventually(async () => smtp.messages.find((m) => m.envelope.to.includes(email)));
    expect(plain(mail.parsed.text ?? '')).toContain(`Amount paid: ${shown}`);
  });
});
