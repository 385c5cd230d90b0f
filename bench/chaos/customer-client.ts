import { sleep } from './random';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface ClientCounters {
  /** Connection refused/reset or no answer in time: the API was down. */
  connectionErrors: number;
  /** 5xx answers (retried). */
  serverErrors: number;
}

const ATTEMPT_TIMEOUT_MS = 45_000;
const MAX_BACKOFF_MS = 3_000;

/**
 * The API as a browser frontend calls it: connection errors, 5xx and 409 CONFLICT ("being
 * confirmed right now") are retried with backoff until `deadline`; any other answer is returned.
 * Each customer comes from its own address (X-Forwarded-For through a trusted proxy), so the
 * per-client rate limits count customers, not the harness.
 */
export class CustomerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly counters: ClientCounters,
    private readonly clientAddress: string,
  ) {}

  async call(method: 'GET' | 'POST', path: string, options: { tenantKey: string; body?: unknown; deadline: number }): Promise<ApiAnswer> {
    let backoff = 200;
    for (;;) {
      const answer = await this.attempt(method, path, options.tenantKey, options.body);
      const retryable = answer === undefined || answer.status >= 500 || (answer.status === 409 && answer.body.code === 'CONFLICT');
      if (!retryable) return answer;
      if (Date.now() > options.deadline) {
        throw new Error(`${method} ${path}: still ${answer ? `${answer.status} ${String(answer.body.code)}` : 'unreachable'} at the flow's deadline`);
      }
      await sleep(backoff);
      backoff = Math.min(backoff * 1.5, MAX_BACKOFF_MS);
    }
  }

  private async attempt(method: string, path: string, tenantKey: string, body: unknown): Promise<ApiAnswer | undefined> {
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          'x-tenant-key': tenantKey,
          'x-forwarded-for': this.clientAddress,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status >= 500) this.counters.serverErrors += 1;
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } catch {
      this.counters.connectionErrors += 1;
      return undefined;
    }
  }
}
