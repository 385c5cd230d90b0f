import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake Messages API received it. */
export interface RecordedRequest {
  headers: http.IncomingHttpHeaders;
  body: FakeMessagesBody;
}

export interface FakeMessagesBody {
  model: string;
  max_tokens: number;
  system?: unknown;
  tools?: Array<{ name: string; input_schema: unknown }>;
  messages: Array<{ role: 'user' | 'assistant'; content: string | FakeBlock[] }>;
}

export type FakeBlock = { type: string; [field: string]: unknown };

export interface FakeReply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Answer this late (for client timeouts). */
  delayMs?: number;
}

export type FakeScript = FakeReply | ((request: RecordedRequest) => FakeReply);

let counter = 0;
const nextId = (prefix: string) => `${prefix}_fake_${(counter += 1)}`;

/** A Messages API message object, as `POST /v1/messages` answers it. */
export function messageReply(content: FakeBlock[], stopReason: string): FakeReply {
  return {
    body: {
      id: nextId('msg'),
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      stop_details: null,
      usage: { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  };
}

export function textReply(text: string, stopReason = 'end_turn'): FakeReply {
  return messageReply([{ type: 'text', text, citations: null }], stopReason);
}

/** The model asks for one or more tools (stop_reason tool_use), optionally saying something first. */
export function toolUseReply(calls: Array<{ name: string; input: unknown }>, text?: string): FakeReply {
  const blocks: FakeBlock[] = calls.map((call) => ({ type: 'tool_use', id: nextId('toolu'), name: call.name, input: call.input }));
  return messageReply(text ? [{ type: 'text', text, citations: null }, ...blocks] : blocks, 'tool_use');
}

/** An API error in the real shape; retry-after-ms keeps the SDK's retry fast in tests. */
export function errorReply(status: number, type: string, message = type): FakeReply {
  return { status, body: { type: 'error', error: { type, message } }, headers: { 'retry-after-ms': '10' } };
}

const blocksOf = (message: FakeMessagesBody['messages'][number] | undefined): FakeBlock[] =>
  message === undefined || typeof message.content === 'string' ? [] : message.content;
const idsOf = (blocks: FakeBlock[], type: string, field: string) =>
  blocks.filter((block) => block.type === type).map((block) => String(block[field])).sort().join(',');

/** The API key a request carried: `x-api-key`, or `Authorization: Bearer` as SDK 1.x sends it. */
export function apiKeyOf(request: Pick<RecordedRequest, 'headers'>): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string') return header;
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
}

/** What the real API answers 400 for, so a wrong conversation shape fails a test. */
function protocolProblem(body: FakeMessagesBody): string | undefined {
  if (!body.model || !body.max_tokens) return 'model and max_tokens are required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  if (body.messages[0].role !== 'user') return 'messages: the first message must use the "user" role';
  if (idsOf(blocksOf(body.messages[0]), 'tool_result', 'tool_use_id') !== '') return 'messages.0: tool_result without a tool_use before it';
  for (const [index, message] of body.messages.entries()) {
    if (typeof message.content !== 'string' && message.content.length === 0) return `messages.${index}: content must not be empty`;
    // Every tool_use is answered by the very next (user) message, and every tool_result answers one.
    const uses = message.role === 'assistant' ? idsOf(blocksOf(message), 'tool_use', 'id') : '';
    const results = idsOf(blocksOf(body.messages[index + 1]), 'tool_result', 'tool_use_id');
    if (uses !== results && (uses !== '' || body.messages[index + 1]?.role === 'user')) {
      return `messages.${index + 1}: tool_result blocks [${results}] do not answer the tool_use blocks [${uses}] before them`;
    }
  }
  return undefined;
}

/** A local `POST /v1/messages`, scripted per test; the real SDK reaches it via ANTHROPIC_BASE_URL. */
export class FakeAnthropic {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: FakeScript[] = [];
  private fallback: FakeScript | undefined;
  private readonly scriptErrors: unknown[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeAnthropic> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeAnthropic(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => void fake.handle(request, response));
    return fake;
  }

  /** Answers for the next requests, in order. */
  enqueue(...scripts: FakeScript[]): void {
    this.queue.push(...scripts);
  }

  /** The answer once the queue is empty (default: a 500 naming the unscripted request). */
  respondAlways(script: FakeScript | undefined): void {
    this.fallback = script;
  }

  /** Clears the script and the record; rethrows the first failed assertion of a script. */
  reset(): void {
    const [firstError] = this.scriptErrors.splice(0);
    this.requests.length = 0;
    this.queue.length = 0;
    this.fallback = undefined;
    if (firstError) throw firstError;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/messages') {
      return send(response, errorReply(404, 'not_found_error', `no route ${request.method} ${request.url}`));
    }
    const recorded: RecordedRequest = { headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeMessagesBody };
    this.requests.push(recorded);
    if (!apiKeyOf(recorded)) return send(response, errorReply(401, 'authentication_error', 'x-api-key header is required'));
    const problem = protocolProblem(recorded.body);
    if (problem) {
      // Our request broke the protocol: the real API would refuse it too, and the test must fail.
      this.scriptErrors.push(new Error(`fake Anthropic: ${problem}`));
      return send(response, errorReply(400, 'invalid_request_error', problem));
    }
    const script = this.queue.shift() ?? this.fallback ?? errorReply(500, 'api_error', `fake Anthropic: no reply scripted for request ${this.requests.length}`);
    let reply: FakeReply;
    try {
      reply = typeof script === 'function' ? script(recorded) : script;
    } catch (error) {
      // An assertion inside a script: fail the request at once (400, not retried) and the test in reset().
      this.scriptErrors.push(error);
      return send(response, errorReply(400, 'invalid_request_error', `fake Anthropic script failed: ${String(error)}`));
    }
    if (reply.delayMs) await waitUnlessClosed(response, reply.delayMs);
    send(response, reply);
  }
}

/** A delay that ends early when the client gives up, so no timer outlives a test. */
function waitUnlessClosed(response: http.ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    response.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function send(response: http.ServerResponse, reply: FakeReply): void {
  if (response.destroyed) return;
  response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'request-id': nextId('req'), ...reply.headers });
  response.end(JSON.stringify(reply.body));
}
