import { type BookingRow, judgeRun, type RunFacts } from '../../bench/chaos/audit';
import type { FakeCheckoutSession } from '../helpers/fake-stripe';

const TENANT = 'tenant-1';

function session(id: string, bookingId: string, paidWith?: string): FakeCheckoutSession {
  return {
    id,
    object: 'checkout.session',
    mode: 'payment',
    status: paidWith ? 'complete' : 'expired',
    payment_status: paidWith ? 'paid' : 'unpaid',
    url: null,
    amount_total: 15_000,
    currency: 'usd',
    customer_email: 'ann@example.test',
    client_reference_id: bookingId,
    expires_at: 0,
    metadata: { bookingId, tenantId: TENANT },
    payment_intent: paidWith ?? null,
    success_url: 'http://localhost/ok',
    cancel_url: 'http://localhost/cancel',
  };
}

const booking = (id: string, status: string, date: string): BookingRow => ({ id, tenant_id: TENANT, proposal_id: `p-${id}`, status, event_date: date });
const email = (kind: string, bookingId: string, code: string) => ({
  to: ['ann@example.test'],
  subject: `Booking confirmed: Portrait session (${code})`,
  messageId: `<${kind}.${bookingId}@localhost>`,
});

/** A run that went right: one booking paid and confirmed, one paid late and refunded, one never paid. */
function cleanRun(): RunFacts {
  return {
    bookings: [booking('b1', 'CONFIRMED', '2030-01-07'), booking('b2', 'REFUNDED', '2030-01-08'), booking('b3', 'EXPIRED', '2030-01-09')],
    proposals: [
      { id: 'p-b1', status: 'COMPLETED', workflow_id: 'proposal-p-b1' },
      { id: 'p-b2', status: 'PAYMENT_EXPIRED', workflow_id: 'proposal-p-b2' },
      { id: 'p-b3', status: 'PAYMENT_EXPIRED', workflow_id: 'proposal-p-b3' },
    ],
    knownWorkflowIds: new Set(),
    runningWorkflows: [],
    sessions: [session('cs_1', 'b1', 'pi_1'), session('cs_2', 'b2', 'pi_2'), session('cs_3', 'b3')],
    refunds: [{ id: 're_1', payment_intent: 'pi_2' }],
    emails: [email('customer_confirmation', 'b1', 'CODE1')],
    flows: [],
    webhooks: { sent: 3, retried: 0, undelivered: 0 },
  };
}

describe('the chaos audit', () => {
  it('finds nothing wrong in a run where every payment was settled once', () => {
    expect(judgeRun(cleanRun())).toMatchObject({ lost: 0, doubled: 0, stuck: 0, confirmedUnpaid: 0, problems: [] });
  });

  it('counts a payment whose booking is neither confirmed nor refunded as lost', () => {
    const run = cleanRun();
    run.sessions[2] = session('cs_3', 'b3', 'pi_3');
    const audit = judgeRun(run);
    expect(audit.lost).toBe(1);
    expect(audit.problems).toEqual([expect.stringMatching(/^LOST: session cs_3 was paid; booking b3 is EXPIRED/)]);
  });

  it('counts two active bookings on a date, two refunds, two checkout sessions and two different emails as doubled', () => {
    const run = cleanRun();
    run.bookings.push(booking('b4', 'PENDING', '2030-01-07'));
    run.refunds.push({ id: 're_2', payment_intent: 'pi_2' });
    run.sessions.push(session('cs_1b', 'b1'));
    run.emails.push({ ...email('customer_confirmation', 'b1', 'CODE1'), messageId: '<another@localhost>' });
    run.proposals.push({ id: 'p-b4', status: 'AWAITING_PAYMENT', workflow_id: 'proposal-p-b4' });
    run.knownWorkflowIds.add('proposal-p-b4');
    expect(judgeRun(run).doubled).toBe(4);
  });

  it('reports one email delivered twice with the same Message-ID apart, without failing the run', () => {
    const run = cleanRun();
    run.emails.push(email('customer_confirmation', 'b1', 'CODE1'));
    expect(judgeRun(run)).toMatchObject({ doubled: 0, emailRedeliveries: 1, problems: [], notes: [expect.stringContaining('customer_confirmation.b1')] });
  });

  it('counts what is not final as stuck, but not a proposal whose workflow never started', () => {
    const run = cleanRun();
    run.bookings.push(booking('b5', 'PENDING', '2030-01-10'), booking('b6', 'CONFIRMED', '2030-01-11'));
    run.sessions.push(session('cs_6', 'b6', 'pi_6'));
    run.proposals.push(
      { id: 'p-b5', status: 'AWAITING_PAYMENT', workflow_id: 'proposal-p-b5' },
      { id: 'p-orphan', status: 'AWAITING_CONFIRMATION', workflow_id: 'proposal-p-orphan' },
    );
    run.knownWorkflowIds.add('proposal-p-b5');
    run.runningWorkflows.push({ workflowId: 'late-payment-b2', type: 'settleLatePayment' }, { workflowId: 'cleanup', type: 'cleanupStaleRecords' });
    run.webhooks.undelivered = 1;
    const audit = judgeRun(run);
    // p-b5 and its PENDING booking, the late payment still running, b6 without its email, the webhook.
    expect(audit.stuck).toBe(5);
    expect(audit.orphanProposals).toBe(1);
    expect(audit.lost).toBe(0);
  });
});
