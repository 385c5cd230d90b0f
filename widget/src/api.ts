import type { Strings } from './strings';

export interface Proposal {
  id: string;
  sessionId: string;
  status: string;
  expiresAt: string;
  preview: { service: string; date: string; price: string; customerName: string; customerEmail: string };
  booking?: { id: string; status: string; confirmationCode: string; checkoutUrl: string };
}
export interface Catalog {
  packages: Array<{ id: string; name: string; description?: string | null; priceCents: number; currency: string }>;
}
export interface ChatReply {
  sessionId: string;
  message: string;
  proposal?: Proposal;
}

/** A failed call, with the sentence to show the customer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sentence(t: Strings, status: number, code: string): string {
  if (code === 'DATE_UNAVAILABLE') return t.errTaken;
  if (code === 'PROPOSAL_EXPIRED') return t.errExpired;
  if (status === 429) return t.errBusy;
  if (status === 401) return t.errKey;
  if (status === 404) return t.errNotFound;
  if (status >= 400 && status < 500) return t.errInput;
  return t.errServer;
}

/** The frontend routes of docs/api.md, called with the publishable key. */
export function createApi(base: string, key: string, t: Strings) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(base + path, {
        method,
        headers: { 'X-Tenant-Key': key, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        credentials: 'omit',
      });
    } catch {
      // Offline, or a page whose origin the tenant has not allowed (the browser hides which).
      throw new ApiError(0, 'NETWORK', t.errNetwork);
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const code = typeof data.code === 'string' ? data.code : '';
      throw new ApiError(response.status, code, sentence(t, response.status, code));
    }
    return data as T;
  }
  const q = encodeURIComponent;
  return {
    catalog: () => call<Catalog>('GET', '/v1/catalog'),
    availability: (from: string, to: string) => call<{ dates: Array<{ date: string; available: boolean }> }>('GET', `/v1/availability?from=${from}&to=${to}`),
    chat: (message: string, sessionId?: string) => call<ChatReply>('POST', '/v1/chat/messages', { message, sessionId }),
    transcript: (sessionId: string) => call<{ messages: Array<{ role: string; content: string }> }>('GET', `/v1/chat/sessions/${q(sessionId)}`),
    propose: (input: { sessionId?: string; packageId: string; date: string; customerName: string; customerEmail: string }) =>
      call<Proposal>('POST', '/v1/proposals', input),
    proposal: (id: string, sessionId: string) => call<Proposal>('GET', `/v1/proposals/${q(id)}?sessionId=${q(sessionId)}`),
    confirm: (id: string, sessionId: string) => call<Proposal>('POST', `/v1/proposals/${q(id)}/confirm`, { sessionId }),
  };
}
export type Api = ReturnType<typeof createApi>;
