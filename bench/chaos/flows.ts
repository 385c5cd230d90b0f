import { randomBytes } from 'node:crypto';
import type { FakeCheckoutSession, FakeStripe } from '../../test/helpers/fake-stripe';
import { type ClientCounters, CustomerClient } from './customer-client';
import { type Random, sleep } from './random';
import { type CheckoutEventType, checkoutEvent, deliverWebhook, type WebhookCounters } from './stripe-events';

/** The stages a booking is driven to (and left at) while parts of the service are killed. */
export const STAGES = [
  'unconfirmed',
  'abandoned',
  'paid',
  'duplicate-webhooks',
  'out-of-order-webhooks',
  'paid-at-hold-end',
  'late-payment',
  'late-payment-date-taken',
] as const;
export type Stage = (typeof STAGES)[number];

export interface FlowTenant {
  id: string;
  publishableKey: string;
  packageId: string;
}

export interface FlowContext {
  apiUrl: string;
  webhookSecret: string;
  stripe: FakeStripe;
  ttlMs: number;
  holdMs: number;
  clientCounters: ClientCounters;
  webhookCounters: WebhookCounters;
  /** When clients and Stripe give up retrying. */
  deadline: () => number;
}

export interface FlowRecord {
  index: number;
  stage: Stage;
  tenantId: string;
  date: string;
  proposalIds: string[];
  /** Sessions the harness paid (as the customer): each must end confirmed or refunded. */
  paidSessionIds: string[];
  /** What the customer saw, for the progress log. */
  steps: string[];
  error?: string;
}

interface Proposal {
  id: string;
  sessionId: string;
}

const PAYMENT_PAGE = /\/c\/pay\/(cs_[A-Za-z0-9_]+)$/;

/** One customer's booking, driven to its stage against the live service. */
export class Flow {
  readonly record: FlowRecord;
  private readonly client: CustomerClient;

  constructor(
    private readonly ctx: FlowContext,
    private readonly tenant: FlowTenant,
    index: number,
    stage: Stage,
    date: string,
    private readonly random: Random,
  ) {
    this.record = { index, stage, tenantId: tenant.id, date, proposalIds: [], paidSessionIds: [], steps: [] };
    this.client = new CustomerClient(ctx.apiUrl, ctx.clientCounters, `10.77.${(index >> 8) & 255}.${index & 255}`);
  }

  async run(): Promise<FlowRecord> {
    try {
      await this.drive();
    } catch (error) {
      this.record.error = error instanceof Error ? error.message : String(error);
    }
    return this.record;
  }

  private async drive(): Promise<void> {
    const { stage } = this.record;
    const proposal = await this.propose(this.record.date);
    if (!proposal || stage === 'unconfirmed') return;
    await sleep(this.random.int(0, this.ctx.ttlMs / 4));
    const sessionId = await this.confirm(proposal);
    if (!sessionId) return;
    const confirmedAt = Date.now();
    switch (stage) {
      case 'abandoned':
        await this.waitForSession(sessionId, 'expired');
        await this.send('checkout.session.expired', sessionId);
        return;
      case 'paid':
        await sleep(this.random.int(0, this.ctx.holdMs / 2));
        if (this.pay(sessionId)) await this.send('checkout.session.completed', sessionId);
        return;
      case 'duplicate-webhooks':
        return this.payWithDuplicates(sessionId);
      case 'out-of-order-webhooks':
        return this.payAsyncOutOfOrder(sessionId);
      case 'paid-at-hold-end':
        await sleep(Math.max(0, confirmedAt + this.ctx.holdMs + this.random.int(-2_000, 1_000) - Date.now()));
        if (this.pay(sessionId)) await this.send('checkout.session.completed', sessionId);
        return;
      case 'late-payment':
        await this.waitForSession(sessionId, 'expired');
        // Mostly within moments of the expiry, while the workflow is still closing the hold.
        await sleep(this.random.next() < 0.7 ? this.random.int(0, 400) : this.random.int(0, 3_000));
        await this.payLate(sessionId);
        return;
      case 'late-payment-date-taken':
        await this.waitForSession(sessionId, 'expired');
        await this.rivalTakesTheDate();
        await this.payLate(sessionId);
        return;
    }
  }

  private async propose(date: string, retryTakenUntil = 0): Promise<Proposal | undefined> {
    for (;;) {
      const answer = await this.client.call('POST', '/v1/proposals', {
        tenantKey: this.tenant.publishableKey,
        deadline: this.ctx.deadline(),
        body: { packageId: this.tenant.packageId, date, customerName: `Chaos ${this.record.index}`, customerEmail: `chaos-${this.record.index}-${randomBytes(3).toString('hex')}@example.test` },
      });
      if (answer.status === 201) {
        const proposal = answer.body as unknown as Proposal;
        this.record.proposalIds.push(proposal.id);
        return proposal;
      }
      this.record.steps.push(`propose ${answer.status} ${String(answer.body.code)}`);
      if (answer.status !== 409 || Date.now() > retryTakenUntil) return undefined;
      await sleep(1_000);
    }
  }

  /** The checkout session id of the booking, or undefined when the confirm was refused. */
  private async confirm(proposal: Proposal): Promise<string | undefined> {
    const answer = await this.client.call('POST', `/v1/proposals/${proposal.id}/confirm`, {
      tenantKey: this.tenant.publishableKey,
      deadline: this.ctx.deadline(),
      body: { sessionId: proposal.sessionId },
    });
    const booking = answer.body.booking as { checkoutUrl?: string } | undefined;
    const sessionId = answer.status === 200 ? PAYMENT_PAGE.exec(booking?.checkoutUrl ?? '')?.[1] : undefined;
    if (!sessionId) this.record.steps.push(`confirm ${answer.status} ${String(answer.body.code ?? answer.body.status)}`);
    return sessionId;
  }

  private session(sessionId: string): FakeCheckoutSession {
    const session = this.ctx.stripe.sessions.get(sessionId);
    if (!session) throw new Error(`fake Stripe has no session ${sessionId}`);
    return session;
  }

  private async waitForSession(sessionId: string, status: FakeCheckoutSession['status']): Promise<void> {
    while (this.session(sessionId).status !== status) {
      if (Date.now() > this.ctx.deadline()) throw new Error(`session ${sessionId} never became ${status}`);
      await sleep(50);
    }
  }

  /** The customer pays on the open payment page; false when the page had closed already. */
  private pay(sessionId: string): boolean {
    if (this.session(sessionId).status !== 'open') {
      this.record.steps.push('payment page already closed');
      return false;
    }
    this.ctx.stripe.markSessionPaid(sessionId);
    this.record.paidSessionIds.push(sessionId);
    return true;
  }

  /** A delayed payment method (a bank debit) that settles after the hold ended. */
  private async payLate(sessionId: string): Promise<void> {
    this.ctx.stripe.markSessionPaid(sessionId);
    this.record.paidSessionIds.push(sessionId);
    await this.send('checkout.session.async_payment_succeeded', sessionId);
  }

  private async payWithDuplicates(sessionId: string): Promise<void> {
    await sleep(this.random.int(0, this.ctx.holdMs / 2));
    if (!this.pay(sessionId)) return;
    const event = checkoutEvent('checkout.session.completed', this.session(sessionId));
    await Promise.all([1, 2, 3].map(() => this.deliver(event)));
    await sleep(this.random.int(0, 3_000));
    await this.deliver(event);
  }

  /** An async payment: completed (unpaid) and async_payment_succeeded, delivered the wrong way round. */
  private async payAsyncOutOfOrder(sessionId: string): Promise<void> {
    await sleep(this.random.int(0, this.ctx.holdMs / 2));
    const session = this.session(sessionId);
    if (session.status !== 'open') {
      this.record.steps.push('payment page already closed');
      return;
    }
    Object.assign(session, { status: 'complete', payment_status: 'unpaid', payment_intent: `pi_chaos_${randomBytes(8).toString('hex')}` });
    const completed = checkoutEvent('checkout.session.completed', session);
    session.payment_status = 'paid';
    this.record.paidSessionIds.push(sessionId);
    const succeeded = checkoutEvent('checkout.session.async_payment_succeeded', session);
    await this.deliver(succeeded);
    await this.deliver(completed);
  }

  /** Another customer books and pays the date this flow's hold released. */
  private async rivalTakesTheDate(): Promise<void> {
    const rival = await this.propose(this.record.date, Date.now() + 60_000);
    const sessionId = rival && (await this.confirm(rival));
    if (!sessionId || !this.pay(sessionId)) return;
    await this.send('checkout.session.completed', sessionId);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const read = await this.client.call('GET', `/v1/proposals/${rival.id}?sessionId=${rival.sessionId}`, { tenantKey: this.tenant.publishableKey, deadline: this.ctx.deadline() });
      if (read.body.status === 'COMPLETED') return;
      await sleep(500);
    }
  }

  private send(type: CheckoutEventType, sessionId: string): Promise<boolean> {
    return this.deliver(checkoutEvent(type, this.session(sessionId)));
  }

  private deliver(event: ReturnType<typeof checkoutEvent>): Promise<boolean> {
    return deliverWebhook(`${this.ctx.apiUrl}/v1/webhooks/stripe`, this.ctx.webhookSecret, event, this.ctx.webhookCounters, this.ctx.deadline);
  }
}
