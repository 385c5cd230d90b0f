import fs from 'node:fs';
import path from 'node:path';
import { modelOverrides, postChat } from '../chat/chat-test-kit';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { FakeAnthropic, textReply, toolUseReply } from '../helpers/fake-anthropic';
import { confirmOverHttp, eventually, getProposalOverHttp } from '../helpers/proposal-api';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { nextOpenDate } from '../helpers/test-dates';

/** Issue "Done when": a frontend goes from "hi" to a confirmed, paid booking through chat alone. */
describe('from "hi" to a paid booking through the chat API', () => {
  let fake: FakeAnthropic;
  let t: TestApp;
  let worker: TestWorker;
  let studio: TestTenant;

  beforeAll(async () => {
    fake = await FakeAnthropic.start();
    t = await createTestApp(modelOverrides(fake));
    worker = await startTestWorker(t.config, t.db);
    studio = await buildTenant(t.db);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await fake?.close();
  });

  it('chats, proposes, confirms, pays on the test-mode page and ends COMPLETED with one email', async () => {
    const [portrait] = studio.packages;
    const date = nextOpenDate(studio);
    fake.enqueue(textReply('Hello! I can help you book a session. What date would you like?'));
    const hello = await postChat(t, studio.publishableKey, { message: 'hi' });
    expect(hello.statusCode).toBe(200);
    const { sessionId } = hello.json();

    fake.enqueue(
      toolUseReply([{ name: 'list_services', input: {} }]),
      toolUseReply([{ name: 'book_service', input: { packageId: portrait.id, date, customerName: 'Jane Doe', customerEmail: 'jane@example.test' } }]),
      textReply('Here is your booking proposal: press Confirm to book it.'),
    );
    const booked = await postChat(t, studio.publishableKey, { sessionId, message: `A portrait on ${date} please, Jane Doe, jane@example.test` });
    expect(booked.statusCode).toBe(200);
    const proposal = booked.json().proposal;
    expect(proposal).toMatchObject({ sessionId, status: 'AWAITING_CONFIRMATION', preview: { date, customerName: 'Jane Doe' } });

    // The customer presses Confirm: the only write path, and it needs the session that made the proposal.
    const confirmed = await confirmOverHttp(t.app, studio.publishableKey, proposal.id, { sessionId });
    expect(confirmed.statusCode).toBe(200);
    const { checkoutUrl } = confirmed.json().booking;

    const page = await t.app.inject({ method: 'GET', url: new URL(checkoutUrl).pathname });
    expect(page.statusCode).toBe(200);
    const paid = await t.app.inject({ method: 'POST', url: `${new URL(checkoutUrl).pathname}/pay` });
    expect(paid.statusCode).toBeLessThan(400);

    const completed = await eventually(async () => {
      const view = (await getProposalOverHttp(t.app, studio.publishableKey, proposal.id, sessionId)).json();
      return view.status === 'COMPLETED' ? view : undefined;
    });
    expect(completed.booking).toMatchObject({ status: 'CONFIRMED', paidAt: expect.any(String) });
    const outbox = path.join(t.config.dataDir, 'outbox');
    expect(fs.readdirSync(outbox).filter((file) => file.endsWith('.eml'))).toHaveLength(1);
  });
});
