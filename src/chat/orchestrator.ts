import type {
  ContentBlock,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { AppDeps } from '../app-deps';
import type { ChatSessionEntity, TenantEntity } from '../db/entities';
import { AppError } from '../errors';
import { chatModelCalls, chatModelTokens } from '../metrics';
import type { TChatReply } from '../schemas/chat.schema';
import { appendChatMessages, createCustomerSession, findActiveCustomerSession } from '../services/chat-sessions';
import { type ChatModel, isModelError, isTransientModelError } from './anthropic-client';
import { buildModelHistory, storedTurn } from './history';
import { detectPromptInjection } from './prompt-guard';
import { buildSystemPrompt, wrapCustomerMessage } from './system-prompt';
import { type ChatLog, runToolCall, TOOL_DEFINITIONS, type ToolContext } from './tools';

// Model calls in one customer turn: a booking needs about four (services, availability, book,
// answer); the bound stops a model that keeps calling tools from holding the request forever.
export const MAX_MODEL_CALLS_PER_TURN = 8;
// A chat answer is a few sentences; this is room for them plus a tool call's input.
export const MAX_OUTPUT_TOKENS = 1024;
const PREVIEW_CHARS = 100;

export const GUARD_ANSWER = "I'm here to help you with booking questions. How can I assist you today?";
export const REFUSAL_ANSWER = "I'm sorry, I can't help with that. I'm happy to help with our services and bookings, though.";
export const ITERATION_LIMIT_ANSWER =
  "I'm sorry, I couldn't finish that just now. Could you tell me again, in a few words, what you would like to book?";
export const EMPTY_ANSWER = "I'm sorry, I don't have an answer to that. How can I help with your booking?";
export const CUT_SHORT_NOTE = '(My answer was cut short. Ask me to continue if you need more.)';
export const PROPOSAL_READY_ANSWER = 'Your booking proposal is ready: please check the details and press Confirm to book.';
export const NOT_CONFIGURED_MESSAGE = 'The chat assistant is not available: no language model is configured. Booking without chat still works.';
export const MODEL_UNAVAILABLE_MESSAGE = 'The chat assistant is temporarily unavailable, please try again in a moment.';

export interface ChatDeps extends AppDeps {
  model: ChatModel | undefined;
}

export interface ChatTurn {
  tenant: TenantEntity;
  sessionId?: string;
  message: string;
  log: ChatLog;
}

interface ModelAnswer {
  text: string;
  /** False when the model must not see this exchange again (it refused it). */
  visibleToModel: boolean;
}

/** docs/api.md `POST /v1/chat/messages`: one customer message in, the assistant's answer out. */
export async function answerChatMessage(deps: ChatDeps, turn: ChatTurn): Promise<TChatReply> {
  if (!deps.model) throw new AppError('LLM_UNAVAILABLE', NOT_CONFIGURED_MESSAGE);
  const { tenant, message, log } = turn;
  const session = await openSession(deps, tenant, turn.sessionId);

  if (detectPromptInjection(message)) {
    log.warn({ tenantId: tenant.id, sessionId: session.id, messagePreview: message.slice(0, PREVIEW_CHARS) }, 'Potential prompt injection attempt detected');
    await appendChatMessages(deps.db, tenant.id, session.id, [storedTurn('user', message, null), storedTurn('assistant', GUARD_ANSWER, null)]);
    return { sessionId: session.id, message: GUARD_ANSWER };
  }

  // Stored before the model is asked, so the customer's words survive a model outage.
  const userTurn = storedTurn('user', message, wrapCustomerMessage(message));
  await appendChatMessages(deps.db, tenant.id, session.id, [userTurn]);
  const context: ToolContext = { deps, tenant, sessionId: session.id, log, proposals: [] };
  const answer = await askModel(deps.model, buildSystemPrompt(tenant), buildModelHistory([...session.messages, userTurn]), context);
  await appendChatMessages(deps.db, tenant.id, session.id, [storedTurn('assistant', answer.text, answer.visibleToModel ? answer.text : null)]);
  const proposal = context.proposals.at(-1);
  return { sessionId: session.id, message: answer.text, ...(proposal ? { proposal } : {}) };
}

async function openSession(deps: ChatDeps, tenant: TenantEntity, sessionId: string | undefined): Promise<ChatSessionEntity> {
  if (sessionId === undefined) return createCustomerSession(deps.db, tenant.id);
  const session = await findActiveCustomerSession(deps.db, tenant.id, sessionId);
  if (!session) throw new AppError('INVALID_SESSION', 'Invalid or expired session');
  return session;
}

/** The tool loop, with Messages API failures turned into 503 LLM_UNAVAILABLE. */
async function askModel(model: ChatModel, system: string, history: MessageParam[], context: ToolContext): Promise<ModelAnswer> {
  try {
    return await runToolLoop(model, system, history, context);
  } catch (error) {
    if (!isModelError(error)) throw error;
    const details = { tenantId: context.tenant.id, sessionId: context.sessionId, err: { name: error.name, message: error.message } };
    // A 4xx other than 408/429 is our mistake (key, model name, request shape): louder.
    if (isTransientModelError(error)) context.log.warn(details, 'language model unavailable');
    else context.log.error(details, 'language model request failed');
    // A proposal already made in this turn is real: hand it over rather than hide it behind a 503.
    if (context.proposals.length > 0) return { text: PROPOSAL_READY_ANSWER, visibleToModel: true };
    throw new AppError('LLM_UNAVAILABLE', MODEL_UNAVAILABLE_MESSAGE);
  }
}

/** One Messages API call, counted in the chat metrics (calls by outcome, tokens by direction). */
async function callModel(model: ChatModel, request: MessageCreateParamsNonStreaming): Promise<Message> {
  try {
    const response = await model.client.messages.create(request);
    chatModelCalls.inc({ outcome: 'ok' });
    chatModelTokens.inc({ direction: 'input' }, response.usage.input_tokens);
    chatModelTokens.inc({ direction: 'output' }, response.usage.output_tokens);
    return response;
  } catch (error) {
    chatModelCalls.inc({ outcome: isTransientModelError(error) ? 'transient_error' : 'error' });
    throw error;
  }
}

async function runToolLoop(model: ChatModel, system: string, history: MessageParam[], context: ToolContext): Promise<ModelAnswer> {
  const messages = [...history];
  for (let call = 0; call < MAX_MODEL_CALLS_PER_TURN; call += 1) {
    const response = await callModel(model, { model: model.model, max_tokens: MAX_OUTPUT_TOKENS, system, tools: TOOL_DEFINITIONS, messages });
    const text = textOf(response.content);
    const toolCalls = response.content.filter((block) => block.type === 'tool_use');
    switch (response.stop_reason) {
      case 'tool_use':
        if (toolCalls.length === 0) return { text: text || EMPTY_ANSWER, visibleToModel: true };
        messages.push({ role: 'assistant', content: response.content });
        messages.push({ role: 'user', content: await runToolCalls(context, toolCalls) });
        break;
      case 'pause_turn':
        // The API paused a long turn: sending its content back as is lets the model go on.
        messages.push({ role: 'assistant', content: response.content });
        break;
      case 'refusal':
        return { text: REFUSAL_ANSWER, visibleToModel: false };
      case 'max_tokens':
      case 'model_context_window_exceeded':
        return { text: text ? `${text}\n\n${CUT_SHORT_NOTE}` : CUT_SHORT_NOTE, visibleToModel: true };
      default:
        // end_turn and stop_sequence: the answer is the text.
        return { text: text || EMPTY_ANSWER, visibleToModel: true };
    }
  }
  return { text: ITERATION_LIMIT_ANSWER, visibleToModel: true };
}

/** One after the other: book_service writes, and results keep the order of the calls. */
async function runToolCalls(context: ToolContext, calls: Array<Extract<ContentBlock, { type: 'tool_use' }>>): Promise<ToolResultBlockParam[]> {
  const results: ToolResultBlockParam[] = [];
  for (const call of calls) results.push(await runToolCall(context, call));
  return results;
}

function textOf(content: readonly ContentBlock[]): string {
  return content
    .filter((block) => block.type === 'text')
    .map((block) => block.text)
    .join('')
    .trim();
}
