import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { TProposal } from '../../src/schemas/proposal.schema';
import { useWorkerTestbed } from '../helpers/worker-testbed';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { type FakeStripe, startFakeStripe } from '../helpers/fake-stripe';
import { confirmOverHttp, createProposalOverHttp, eventually, getProposalOverHttp, postSignedWebhook } from '../helpers/proposal-api';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp-capture';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { nextOpenDate } from '../helpers/test-dates';

// A name that would be markup if it reached the email's HTML raw.
const CUSTOMER_NAME = "Ann <b>O'Neil</b>";
const ESCAPED_NAME = 'Ann &lt;b&gt;O&#x27;Neil&lt;&#x2F;b&gt;';

/** The proposal as its customer sees it, once its status is `status`. */
async function proposalReaching(t: TestApp, owner: TestTenant, proposal: TProposal, status: string): Promise<TProposal> {
  return eventually(async () => {
    const read = (await getProposalOverHttp(t.app, owner.publishableKey, proposal.id, proposal.sessionId)).json();
    return read.status === status ? (read as TProposal) : undefined;
  });
}

const WEBHOOK_SECRET = 'whsec_test_x';

describe('booking flow over HTTP against Stripe (a local fake) and SMTP (a local capture)', () => {
  let fakeStripe: FakeStripe;
  let smtp: SmtpCapture;
  let t: TestApp;
  let worker: TestWorker;
  let owner: TestTenant;

  beforeAll(async () => {
    fakeStripe = await startFakeStripe();
    smtp = await startSmtpCapture();
    t = await createTestApp({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: fakeStripe.url, SMTP_URL: smtp.url });
    worker = await startTestWorker(t.config, t.db);
    owner = await buildTenant(t.db);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await smtp?.close();
    await fakeStripe?.close();
  });

  it('proposes, confirms into a Stripe checkout, completes on the signed webhook and sends one escaped email', async () => {
    const date = nextOpenDate(owner);
    const proposal = await createProposalOverHttp(t.app, owner, date, { customerName: CUSTOMER_NAME, customerEmail: 'ann@example.test' });
    const confirmed = await confirmOverHttp(t.app, owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    const { booking } = confirmed.json() as TProposal;

    const creates = fakeStripe.callsTo('POST', '/v1/checkout/sessions');
    expect(creates).toHaveLength(1);
    expect(creates[0].idempotencyKey).toBe(`chatbot-booking-${booking!.id}`);
    expect(creates[0].body.metadata).toEqual({
      tenantId: owner.tenant.id,
      bookingId: booking!.id,
      proposalId: proposal.id,
      packageId: owner.packages[0].id,
      eventDate: date,
      email: 'ann@example.test',
      customerName: CUSTOMER_NAME,
      confirmationCode: booking!.confirmationCode,
      source: 'customer_chatbot',
    });
    const [session] = fakeStripe.sessions.values();
    expect(booking!.checkoutUrl).toBe(session.url);

    // The customer pays on Stripe's page; Stripe sends the event and the customer back to success_url.
    const paidSession = fakeStripe.markSessionPaid(session.id);
    const event = { id: 'evt_flow_1', object: 'event', type: 'checkout.session.completed', data: { object: paidSession } };
    const delivered = await postSignedWebhook(t.app, event, WEBHOOK_SECRET);
    expect(delivered.statusCode).toBe(200);
    const successUrl = new URL(paidSession.success_url.replace('{CHECKOUT_SESSION_ID}', session.id));
    const returned = await t.app.inject({ method: 'GET', url: `${successUrl.pathname}${successUrl.search}` });
    expect(returned.statusCode).toBe(200);
    expect(returned.body).toContain(booking!.confirmationCode);

    const completed = await proposalReaching(t, owner, proposal, 'COMPLETED');
    expect(completed.booking).toMatchObject({ id: booking!.id, status: 'CONFIRMED', paidAt: expect.any(String) });

    const [mail] = await smtp.waitForMessages(1);
    expect(mail.envelope.to).toEqual(['ann@example.test']);
    expect(mail.parsed.subject).toContain(booking!.confirmationCode);
    expect(mail.parsed.html).toContain(ESCAPED_NAME);
    expect(mail.parsed.html).not.toContain('<b>');
    // A redelivery of the same event changes nothing: still one email, one checkout session.
    expect((await postSignedWebhook(t.app, event, WEBHOOK_SECRET)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages).toHaveLength(1);
    expect(fakeStripe.callsTo('POST', '/v1/checkout/sessions')).toHaveLength(1);
  });
});

describe('booking flow over HTTP, test mode (no Stripe keys, emails to the outbox)', () => {
  const bed = useWorkerTestbed();

  it('proposes, confirms, pays on the local checkout page, completes and writes one escaped email', async () => {
    const proposal = await createProposalOverHttp(bed.t.app, bed.owner, nextOpenDate(bed.owner), { customerName: CUSTOMER_NAME, customerEmail: 'ann@example.test' });
    const confirmed = await confirmOverHttp(bed.t.app, bed.owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    const { booking } = confirmed.json() as TProposal;
    const checkoutUrl = new URL(booking!.checkoutUrl);
    expect(checkoutUrl.origin).toBe(bed.t.config.publicBaseUrl);

    const page = await bed.t.app.inject({ method: 'GET', url: checkoutUrl.pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(booking!.confirmationCode);
    const action = /<form method="post" action="([^"]+)">/.exec(page.body)?.[1];
    expect(action).toBe(`${checkoutUrl.pathname}/pay`);
    const paid = await bed.t.app.inject({ method: 'POST', url: action!, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(paid.statusCode).toBe(200);

    const completed = await proposalReaching(bed.t, bed.owner, proposal, 'COMPLETED');
    expect(completed.booking).toMatchObject({ id: booking!.id, status: 'CONFIRMED', paidAt: expect.any(String) });

    const outbox = path.join(bed.t.config.dataDir, 'outbox');
    const files = fs.readdirSync(outbox).filter((file) => file.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const mail = await simpleParser(fs.readFileSync(path.join(outbox, files[0])));
    expect(mail.to).toMatchObject({ value: [{ address: 'ann@example.test' }] });
    expect(mail.subject).toContain(booking!.confirmationCode);
    expect(mail.html).toContain(ESCAPED_NAME);
    expect(mail.html).not.toContain('<b>');
  });
});
