import { BookingEntity } from '../../src/db/entities';
import { isBookableDay } from '../../src/domain/calendar';
import type { TProposal } from '../../src/schemas/proposal.schema';
import { createManageToken } from '../../src/services/manage-link';
import { insertBooking } from '../helpers/booking-rows';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { type FakeStripe, startFakeStripe } from '../helpers/fake-stripe';
import { confirmOverHttp, createProposalOverHttp, eventually, postSignedWebhook } from '../helpers/proposal-api';
import { type CapturedEmail, type SmtpCapture, startSmtpCapture } from '../helpers/smtp-capture';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { daysFromToday, nextOpenDate, openDates } from '../helpers/test-dates';
import { startTestWorker, type TestWorker } from '../helpers/worker';

const WEBHOOK_SECRET = 'whsec_self_service';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('customer self-service from the link in the confirmation email', () => {
  let fakeStripe: FakeStripe;
  let smtp: SmtpCapture;
  let t: TestApp;
  let worker: TestWorker;
  let owner: TestTenant;
  let other: TestTenant;
  let eventCount = 0;

  beforeAll(async () => {
    fakeStripe = await startFakeStripe();
    smtp = await startSmtpCapture();
    t = await createTestApp({ ...fakeStripe.configOverrides(), STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, SMTP_URL: smtp.url });
    worker = await startTestWorker(t.config, t.db);
    // UTC+14: "today" for this tenant is often not today in UTC, and the refund tiers count its days.
    owner = await buildTenant(t.db, { name: 'Kiritimati Studio', timezone: 'Pacific/Kiritimati', contactEmail: 'owner@studio.test' });
    other = await buildTenant(t.db, { name: 'Other Studio' });
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await smtp?.close();
    await fakeStripe?.close();
  });

  const mailsTo = (address: string): CapturedEmail[] => smtp.messages.filter((mail) => mail.envelope.to.includes(address));
  const reload = (id: string) => t.db.getRepository(BookingEntity).findOneByOrFail({ id });
  const isAvailable = async (tenant: TestTenant, date: string): Promise<boolean> => {
    const response = await t.app.inject({ method: 'GET', url: `/v1/availability?from=${date}&to=${date}`, headers: { 'x-tenant-key': tenant.publishableKey } });
    return (response.json() as { dates: Array<{ available: boolean }> }).dates[0].available;
  };

  /** Books and pays `date` through the API and the webhook; returns the booking and the manage path from the customer's email. */
  async function bookAndPay(tenant: TestTenant, date: string): Promise<{ bookingId: string; customerEmail: string; managePath: string }> {
    const customerEmail = `customer-${date}-${tenant.tenant.id.slice(0, 8)}@example.test`;
    const proposal = await createProposalOverHttp(t.app, tenant, date, { customerEmail });
    const confirmed = await confirmOverHttp(t.app, tenant.publishableKey, proposal.id, { sessionId: proposal.sessionId });
    const { booking } = confirmed.json() as TProposal;
    const sessionId = [...fakeStripe.sessions.values()].find((session) => session.client_reference_id === booking!.id)!.id;
    const paid = fakeStripe.markSessionPaid(sessionId, `pi_${booking!.id.replace(/-/g, '')}`);
    eventCount += 1;
    const event = { id: `evt_self_service_${eventCount}`, object: 'event', type: 'checkout.session.completed', data: { object: paid } };
    expect((await postSignedWebhook(t.app, event, WEBHOOK_SECRET)).statusCode).toBe(200);
    const [confirmation] = await eventually(async () => (mailsTo(customerEmail).length > 0 ? mailsTo(customerEmail) : undefined));
    const link = /https?:\/\/\S+\/manage\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(confirmation.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(link).not.toContain(booking!.id);
    return { bookingId: booking!.id, customerEmail, managePath: new URL(link!).pathname };
  }

  /** A bookable date `days` ahead in the tenant's own calendar (trying the days after it when closed). */
  function bookableDaysAhead(tenant: TestTenant, candidates: number[]): string {
    const date = candidates.map((days) => daysFromToday(days, tenant.tenant.timezone)).find((day) => isBookableDay(day, tenant.tenant.businessHours, tenant.tenant.blackoutDates));
    if (!date) throw new Error('no bookable day among the candidates');
    return date;
  }

  it('shows the booking, cancels under the policy (partial refund at Stripe), frees the date, emails both sides; a second click changes nothing', async () => {
    // The default policy: 2 to 6 days ahead refunds half. 4 days ahead (or 3 or 5) stays inside that tier across midnight.
    const date = bookableDaysAhead(owner, [4, 3, 5]);
    const { bookingId, customerEmail, managePath } = await bookAndPay(owner, date);

    const page = await t.app.inject({ method: 'GET', url: managePath });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("form-action 'self'");
    expect(page.body).toContain('Portrait session');
    expect(page.body).toContain(date);
    expect(page.body).toContain('$75.00');
    expect(page.body).toContain(`action="${managePath}/cancel"`);

    const refundsBefore = fakeStripe.callsTo('POST', '/v1/refunds').length;
    const canceled = await t.app.inject({ method: 'POST', url: `${managePath}/cancel`, headers: FORM, payload: '' });
    expect(canceled.statusCode).toBe(200);
    expect(canceled.body).toContain('cancelled');
    const refunds = fakeStripe.callsTo('POST', '/v1/refunds').slice(refundsBefore);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ idempotencyKey: `refund-${bookingId}`, status: 200 });
    expect(refunds[0].body).toMatchObject({ amount: '7500', payment_intent: `pi_${bookingId.replace(/-/g, '')}` });
    expect(await reload(bookingId)).toMatchObject({ status: 'REFUNDED', refundedCents: 7500 });
    expect(await isAvailable(owner, date)).toBe(true);

    const customerMails = await eventually(async () => (mailsTo(customerEmail).length >= 2 ? mailsTo(customerEmail) : undefined));
    expect(customerMails[1].parsed.subject).toContain('Booking cancelled');
    expect(customerMails[1].parsed.text).toContain('$75.00');
    const ownerMails = await eventually(async () => {
      const mails = mailsTo('owner@studio.test').filter((mail) => mail.parsed.subject?.includes('Booking cancelled') && mail.parsed.text?.includes(customerEmail));
      return mails.length > 0 ? mails : undefined;
    });
    expect(ownerMails).toHaveLength(1);

    const again = await t.app.inject({ method: 'POST', url: `${managePath}/cancel`, headers: FORM, payload: '' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('already cancelled');
    expect(fakeStripe.callsTo('POST', '/v1/refunds').slice(refundsBefore)).toHaveLength(1);
    expect(mailsTo(customerEmail)).toHaveLength(2);
  });

  it('reschedules to another open date: the old date is free, the new one held, and the email carries the new .ics', async () => {
    const [from, to] = openDates(owner, 2);
    const { bookingId, customerEmail, managePath } = await bookAndPay(owner, from);

    const moved = await t.app.inject({ method: 'POST', url: `${managePath}/reschedule`, headers: FORM, payload: `date=${to}` });
    expect(moved.statusCode).toBe(200);
    expect(moved.body).toContain(`now on ${to}`);
    expect(await reload(bookingId)).toMatchObject({ eventDate: to, status: 'CONFIRMED', scheduleVersion: 1 });
    expect([await isAvailable(owner, from), await isAvailable(owner, to)]).toEqual([true, false]);

    const mails = await eventually(async () => (mailsTo(customerEmail).length >= 2 ? mailsTo(customerEmail) : undefined));
    const notice = mails[1];
    expect(notice.parsed.subject).toContain('Booking moved');
    const ics = notice.parsed.attachments.find((attachment) => attachment.filename === 'booking.ics')!.content.toString('utf8');
    expect(ics).toContain(`DTSTART;VALUE=DATE:${to.replace(/-/g, '')}`);
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain(`UID:${bookingId}@booking-service`);
    await eventually(async () => mailsTo('owner@studio.test').find((mail) => mail.parsed.subject?.includes('Booking moved') && mail.parsed.text?.includes(customerEmail)));
  });

  it('a taken date gives a clear message and changes nothing', async () => {
    const [from, taken] = openDates(owner, 2);
    const { bookingId, customerEmail, managePath } = await bookAndPay(owner, from);
    await insertBooking(t.db, owner, { date: taken, status: 'CONFIRMED' });

    const refused = await t.app.inject({ method: 'POST', url: `${managePath}/reschedule`, headers: FORM, payload: `date=${taken}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(`${taken} is not available`);
    expect(await reload(bookingId)).toMatchObject({ eventDate: from, status: 'CONFIRMED', scheduleVersion: 0 });
    expect(await isAvailable(owner, from)).toBe(false);
    expect(mailsTo(customerEmail)).toHaveLength(1);

    const badDate = await t.app.inject({ method: 'POST', url: `${managePath}/reschedule`, headers: FORM, payload: 'date=2031-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect((await reload(bookingId)).eventDate).toBe(from);
  });

  it('answers a tampered or unknown link with 404 and an expired one with 410, changing nothing', async () => {
    const booking = await insertBooking(t.db, owner, { date: nextOpenDate(owner), status: 'CONFIRMED' });
    const secret = t.config.manageLinkSecret;
    const valid = createManageToken(secret, { bookingId: booking.id, tenantId: owner.tenant.id, expiresAt: new Date(Date.now() + 60_000) });
    const expired = createManageToken(secret, { bookingId: booking.id, tenantId: owner.tenant.id, expiresAt: new Date(Date.now() - 1_000) });
    const forged = createManageToken('another-secret-another-secret-another', { bookingId: booking.id, tenantId: owner.tenant.id, expiresAt: new Date(Date.now() + 60_000) });
    const [payload, signature] = valid.split('.');
    const tampered = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;

    expect((await t.app.inject({ method: 'GET', url: `/manage/${valid}` })).statusCode).toBe(200);
    for (const token of [forged, tampered, 'not-a-token', `${payload}.`, 'a'.repeat(99)]) {
      const page = await t.app.inject({ method: 'GET', url: `/manage/${token}` });
      expect(page.statusCode).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: `/manage/${token}/cancel`, headers: FORM, payload: '' })).statusCode).toBe(404);
    }
    const gone = await t.app.inject({ method: 'GET', url: `/manage/${expired}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('expired');
    expect((await t.app.inject({ method: 'POST', url: `/manage/${expired}/cancel`, headers: FORM, payload: '' })).statusCode).toBe(410);
    expect((await reload(booking.id)).status).toBe('CONFIRMED');
  });

  it("never reaches another tenant's booking, whatever the link names", async () => {
    const booking = await insertBooking(t.db, other, { date: nextOpenDate(other), status: 'CONFIRMED' });
    const token = createManageToken(t.config.manageLinkSecret, { bookingId: booking.id, tenantId: owner.tenant.id, expiresAt: new Date(Date.now() + 60_000) });
    expect((await t.app.inject({ method: 'GET', url: `/manage/${token}` })).statusCode).toBe(404);
    const cancel = await t.app.inject({ method: 'POST', url: `/manage/${token}/cancel`, headers: FORM, payload: '' });
    expect(cancel.statusCode).toBe(404);
    expect((await reload(booking.id)).status).toBe('CONFIRMED');
  });
});
