import { LLM_MAX_RETRIES } from '../../src/chat/anthropic-client';
import { ProposalEntity } from '../../src/db/entities';
import {
  CUT_SHORT_NOTE,
  ITERATION_LIMIT_ANSWER,
  MAX_MODEL_CALLS_PER_TURN,
  MODEL_UNAVAILABLE_MESSAGE,
  PROPOSAL_READY_ANSWER,
  REFUSAL_ANSWER,
} from '../../src/chat/orchestrator';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { nextOpenDate } from '../helpers/test-dates';
import { errorReply, FakeAnthropic, messageReply, textReply, toolUseReply } from '../helpers/fake-anthropic';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { getSession, modelOverrides, postChat, toolResults } from './chat-test-kit';

describe('chat: tool errors, stop reasons and model failures', () => {
  let fake: FakeAnthropic;
  let t: TestApp;
  let studio: TestTenant;

  beforeAll(async () => {
    fake = await FakeAnthropic.start();
    t = await createTestApp(modelOverrides(fake));
    studio = await buildTenant(t.db);
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('returns failing tools to the model as is_error results and carries on to its answer', async () => {
    const [portrait] = studio.packages;
    const customer = { customerName: 'Jane Doe', customerEmail: 'jane@example.com' };
    fake.enqueue(
      toolUseReply([
        { name: 'book_service', input: { packageId: portrait.id, date: '2020-01-06', ...customer } },
        { name: 'book_service', input: { packageId: portrait.id, date: nextOpenDate(studio), customerName: 'Jane', customerEmail: 'not-an-email' } },
        { name: 'book_service', input: { packageId: portrait.id, date: nextOpenDate(studio), ...customer, tenantId: studio.tenant.id } },
      ]),
      (request) => {
        const [pastDate, badEmail, smuggledTenant] = toolResults(request);
        expect(pastDate).toMatchObject({ is_error: true, content: '2020-01-06 is in the past' });
        expect(badEmail).toMatchObject({ is_error: true, content: expect.stringContaining('customerEmail: expected an email address') });
        expect(smuggledTenant).toMatchObject({ is_error: true, content: expect.stringContaining('tenantId') });
        return toolUseReply([
          { name: 'book_service', input: { packageId: '00000000-0000-4000-8000-000000000000', date: nextOpenDate(studio), ...customer } },
          { name: 'cancel_booking', input: {} },
        ]);
      },
      (request) => {
        expect(toolResults(request)).toEqual([
          expect.objectContaining({ is_error: true, content: 'No active package with that id' }),
          expect.objectContaining({ is_error: true, content: 'There is no tool named cancel_booking.' }),
        ]);
        return textReply('Sorry, that date has passed. Which other date would suit you?');
      },
    );
    const response = await postChat(t, studio.publishableKey, { message: 'Book the portrait on 2020-01-06 please' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ sessionId: expect.any(String), message: 'Sorry, that date has passed. Which other date would suit you?' });
    expect(await t.db.getRepository(ProposalEntity).countBy({ tenantId: studio.tenant.id })).toBe(0);
  });

  it('answers a refusal politely and keeps the refused exchange from the model afterwards', async () => {
    fake.enqueue(messageReply([], 'refusal'));
    const refused = await postChat(t, studio.publishableKey, { message: 'Tell me something terrible' });
    expect(refused.statusCode).toBe(200);
    expect(refused.json().message).toBe(REFUSAL_ANSWER);

    fake.enqueue(textReply('We have two packages.'));
    await postChat(t, studio.publishableKey, { sessionId: refused.json().sessionId, message: 'What packages do you have?' });
    expect(JSON.stringify(fake.requests[1].body.messages)).not.toContain('terrible');
    expect(fake.requests[1].body.messages).toHaveLength(1);
  });

  it('returns the text of a max_tokens answer with a note that it was cut short', async () => {
    fake.enqueue(textReply('Our wedding package covers the ceremony, the', 'max_tokens'));
    const response = await postChat(t, studio.publishableKey, { message: 'Tell me all about the wedding package' });
    expect(response.json().message).toBe(`Our wedding package covers the ceremony, the\n\n${CUT_SHORT_NOTE}`);
  });

  it('continues a pause_turn by sending the paused content back', async () => {
    fake.enqueue(messageReply([{ type: 'text', text: 'Let me look that up.', citations: null }], 'pause_turn'), textReply('We are open Monday to Saturday.'));
    const response = await postChat(t, studio.publishableKey, { message: 'When are you open?' });
    expect(response.json().message).toBe('We are open Monday to Saturday.');
    expect(fake.requests[1].body.messages.at(-1)).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Let me look that up.', citations: null }] });
  });

  it('stops a model that keeps calling tools after the iteration bound', async () => {
    fake.respondAlways(() => toolUseReply([{ name: 'list_services', input: {} }]));
    const response = await postChat(t, studio.publishableKey, { message: 'What do you offer?' });
    expect(response.statusCode).toBe(200);
    expect(response.json().message).toBe(ITERATION_LIMIT_ANSWER);
    expect(fake.requests).toHaveLength(MAX_MODEL_CALLS_PER_TURN);
  });

  it.each([
    [529, 'overloaded_error'],
    [500, 'api_error'],
    [429, 'rate_limit_error'],
    [401, 'authentication_error'],
  ])('answers 503 LLM_UNAVAILABLE when the API answers %i, and keeps the customer message', async (status, type) => {
    fake.respondAlways(errorReply(status, type));
    const response = await postChat(t, studio.publishableKey, { message: 'Is Saturday free?' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: MODEL_UNAVAILABLE_MESSAGE, code: 'LLM_UNAVAILABLE' });
    // Transient failures get the client's one quick retry; a rejected key does not.
    expect(fake.requests).toHaveLength(status === 401 ? 1 : 1 + LLM_MAX_RETRIES);
    const [{ session_id: sessionId }] = await t.db.query(
      `SELECT id AS session_id FROM chat_sessions WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [studio.tenant.id],
    );
    const transcript = await getSession(t, studio.publishableKey, sessionId);
    expect(transcript.json().messages).toEqual([{ role: 'user', content: 'Is Saturday free?', createdAt: expect.any(String) }]);
  });

  it('hands over a proposal made before the model failed instead of hiding it behind a 503', async () => {
    const [portrait] = studio.packages;
    const date = nextOpenDate(studio);
    fake.enqueue(toolUseReply([{ name: 'book_service', input: { packageId: portrait.id, date, customerName: 'Jo Lee', customerEmail: 'jo@example.com' } }]));
    fake.respondAlways(errorReply(529, 'overloaded_error'));
    const response = await postChat(t, studio.publishableKey, { message: `Book the portrait on ${date} for Jo Lee, jo@example.com` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ message: PROPOSAL_READY_ANSWER, proposal: { status: 'AWAITING_CONFIRMATION', preview: { date } } });
    await t.temporal.client.workflow.getHandle(`proposal-${response.json().proposal.id}`).terminate('test done');
  });
});

describe('chat without ANTHROPIC_API_KEY', () => {
  let t: TestApp;
  let studio: TestTenant;

  beforeAll(async () => {
    t = await createTestApp({ ANTHROPIC_API_KEY: undefined });
    studio = await buildTenant(t.db);
  });
  afterAll(async () => t.close());

  it('answers 503 LLM_UNAVAILABLE with a clear message while the rest of the API keeps working', async () => {
    const chat = await postChat(t, studio.publishableKey, { message: 'Hello' });
    expect(chat.statusCode).toBe(503);
    expect(chat.json()).toEqual({ error: expect.stringContaining('no language model is configured'), code: 'LLM_UNAVAILABLE' });

    const catalog = await t.app.inject({ method: 'GET', url: '/v1/catalog', headers: { 'x-tenant-key': studio.publishableKey } });
    expect(catalog.statusCode).toBe(200);
    expect(catalog.json().packages).toHaveLength(2);
  });
});
