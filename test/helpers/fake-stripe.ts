import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Ids unique across every fake in the run, as Stripe's are across accounts (fakes of parallel test files must not collide). */
function uniqueSuffix(): string {
  return randomBytes(12).toString('hex');
}

/** One request as the fake received it: the form body parsed into Stripe's nested shape. */
export interface RecordedStripeCall {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
  status: number;
}

export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  url: string | null;
  amount_total: number;
  currency: string;
  customer_email: string | null;
  client_reference_id: string | null;
  expires_at: number;
  metadata: Record<string, string>;
  payment_intent: string | null;
  success_url: string;
  cancel_url: string;
}

export interface FakeStripe {
  url: string;
  calls: RecordedStripeCall[];
  sessions: Map<string, FakeCheckoutSession>;
  refunds: Array<{ id: string; payment_intent: string }>;
  callsTo(method: string, pathPrefix: string): RecordedStripeCall[];
  /** What a customer finishing the payment page does. */
  markSessionPaid(sessionId: string, paymentIntentId?: string): FakeCheckoutSession;
  /** The next `count` requests answer `status` (503: an outage, 400: a rejected request). */
  failNext(count: number, status?: number): void;
  /** Config overrides that point stripe-node at this fake. */
  configOverrides(): Record<string, string>;
  close(): Promise<void>;
}

/** `a[b][0][c]=1` -> { a: { b: [{ c: '1' }] } }, as Stripe reads form bodies. */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = [...key.matchAll(/[^[\]]+/g)].map((match) => match[0]);
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const container = node as Record<string, unknown>;
      if (last) {
        container[segment] = value;
        return;
      }
      container[segment] ??= /^\d+$/.test(path[index + 1]) ? [] : {};
      node = container[segment] as Record<string, unknown>;
    });
  }
  return root;
}

/** A tiny local Stripe API: checkout sessions (create, retrieve, expire) and refunds, with idempotency keys. */
export async function startFakeStripe(): Promise<FakeStripe> {
  const calls: RecordedStripeCall[] = [];
  const sessions = new Map<string, FakeCheckoutSession>();
  const refunds: Array<{ id: string; payment_intent: string }> = [];
  const idempotent = new Map<string, { rawBody: string; status: number; response: unknown }>();
  let failures: { count: number; status: number } = { count: 0, status: 503 };

  /** An injected failure answers before any idempotency bookkeeping, as a request Stripe never processed. */
  function injectedFailure(): [number, unknown] | undefined {
    if (failures.count === 0) return undefined;
    failures.count -= 1;
    const type = failures.status >= 500 ? 'api_error' : 'invalid_request_error';
    return [failures.status, { error: { type, message: `fake Stripe answers ${failures.status}` } }];
  }

  function handle(method: string, path: string, body: Record<string, unknown>): [number, unknown] {
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    if (method === 'POST' && path === '/v1/checkout/sessions') return [200, createSession(body)];
    if (sessionMatch) {
      const session = sessions.get(sessionMatch[1]);
      if (!session) return [404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such checkout.session: '${sessionMatch[1]}'` } }];
      if (method === 'GET' && !sessionMatch[2]) return [200, session];
      if (method === 'POST' && sessionMatch[2]) {
        if (session.status !== 'open') {
          return [400, { error: { type: 'invalid_request_error', message: 'Only Checkout Sessions with a status in ["open"] can be expired.' } }];
        }
        session.status = 'expired';
        session.url = null;
        return [200, session];
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const refund = { id: `re_fake_${uniqueSuffix()}`, object: 'refund', payment_intent: String(body.payment_intent), status: 'succeeded' };
      refunds.push(refund);
      return [200, refund];
    }
    return [404, { error: { type: 'invalid_request_error', message: `fake Stripe has no ${method} ${path}` } }];
  }

  function createSession(body: Record<string, unknown>): FakeCheckoutSession {
    const lineItems = body.line_items as Array<{ quantity: string; price_data: { currency: string; unit_amount: string } }>;
    const id = `cs_test_fake_${uniqueSuffix()}`;
    const session: FakeCheckoutSession = {
      id,
      object: 'checkout.session',
      mode: String(body.mode),
      status: 'open',
      payment_status: 'unpaid',
      url: `https://checkout.stripe.test/c/pay/${id}`,
      amount_total: lineItems.reduce((sum, item) => sum + Number(item.price_data.unit_amount) * Number(item.quantity), 0),
      currency: lineItems[0].price_data.currency,
      customer_email: (body.customer_email as string | undefined) ?? null,
      client_reference_id: (body.client_reference_id as string | undefined) ?? null,
      expires_at: Number(body.expires_at),
      metadata: (body.metadata as Record<string, string> | undefined) ?? {},
      payment_intent: null,
      success_url: String(body.success_url),
      cancel_url: String(body.cancel_url),
    };
    sessions.set(id, session);
    return session;
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const method = request.method ?? 'GET';
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
      const body = parseStripeForm(rawBody);
      let status: number;
      let payload: unknown;
      const previous = idempotencyKey ? idempotent.get(`${method} ${path} ${idempotencyKey}`) : undefined;
      const injected = injectedFailure();
      if (injected) {
        [status, payload] = injected;
      } else if (previous && previous.rawBody !== rawBody) {
        status = 400;
        payload = { error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' } };
      } else if (previous) {
        [status, payload] = [previous.status, previous.response];
      } else {
        [status, payload] = handle(method, path, body);
        if (idempotencyKey) idempotent.set(`${method} ${path} ${idempotencyKey}`, { rawBody, status, response: payload });
      }
      calls.push({ method, path, idempotencyKey, body, status });
      response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${calls.length}`, 'stripe-should-retry': 'false' });
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    calls,
    sessions,
    refunds,
    callsTo: (method, pathPrefix) => calls.filter((call) => call.method === method && call.path.startsWith(pathPrefix)),
    markSessionPaid(sessionId, paymentIntentId = `pi_fake_${uniqueSuffix()}`) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`fake Stripe has no session ${sessionId}`);
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: paymentIntentId });
      return session;
    },
    failNext(count, status = 503) {
      failures = { count, status };
    },
    configOverrides: () => ({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_API_URL: url }),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
