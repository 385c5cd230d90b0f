import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { TProposal } from '../../src/schemas/proposal.schema';
import { buildTenant, futureDate, type TestTenant } from '../helpers/factories';
import { confirmOverHttp, createProposalOverHttp, eventually, getProposalOverHttp } from '../helpers/proposal-api';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTestWorker, type TestWorker } from '../helpers/worker';

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

describe('booking flow over HTTP, test mode (no Stripe keys, emails to the outbox)', () => {
  let t: TestApp;
  let worker: TestWorker;
  let owner: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startTestWorker(t.config, t.db);
    owner = await buildTenant(t.db);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('proposes, confirms, pays on the local checkout page, completes and writes one escaped email', async () => {
    const proposal = await createProposalOverHttp(t.app, owner, futureDate(30), { customerName: CUSTOMER_NAME, customerEmail: 'ann@example.test' });
    const confirmed = await confirmOverHttp(t.app, owner.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    expect(confirmed.statusCode).toBe(200);
    const { booking } = confirmed.json() as TProposal;
    const checkoutUrl = new URL(booking!.checkoutUrl);
    expect(checkoutUrl.origin).toBe(t.config.publicBaseUrl);

    const page = await t.app.inject({ method: 'GET', url: checkoutUrl.pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(booking!.confirmationCode);
    const action = /<form method="post" action="([^"]+)">/.exec(page.body)?.[1];
    expect(action).toBe(`${checkoutUrl.pathname}/pay`);
    const paid = await t.app.inject({ method: 'POST', url: action!, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(paid.statusCode).toBe(200);

    const completed = await proposalReaching(t, owner, proposal, 'COMPLETED');
    expect(completed.booking).toMatchObject({ id: booking!.id, status: 'CONFIRMED', paidAt: expect.any(String) });

    const outbox = path.join(t.config.dataDir, 'outbox');
    const files = fs.readdirSync(outbox).filter((file) => file.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const mail = await simpleParser(fs.readFileSync(path.join(outbox, files[0])));
    expect(mail.to).toMatchObject({ value: [{ address: 'ann@example.test' }] });
    expect(mail.subject).toContain(booking!.confirmationCode);
    expect(mail.html).toContain(ESCAPED_NAME);
    expect(mail.html).not.toContain('<b>');
  });
});
