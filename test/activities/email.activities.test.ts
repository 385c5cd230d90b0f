import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import validator from 'validator';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { nextOpenDate } from '../helpers/test-dates';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture';
import { openTestDb, testConfig } from '../helpers/test-env';
import { buildBookingIcs } from '../../src/services/email/booking-ics';
import { failureOf, insertProposal, runActivity } from './fixtures';

const XSS_NAME = '<script>alert(1)</script>';

describe('sendConfirmationEmail (real Postgres)', () => {
  let db: DataSource;
  let owner: TestTenant;
  let smtp: SmtpCapture;
  let activities: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    db = await openTestDb();
    owner = await buildTenant(db, { name: 'Studio & Co', contactEmail: 'owner@studio.example.test' });
    smtp = await startSmtpCapture();
    activities = createActivities({ config: testConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Bookings <bookings@studio.example.test>' }), db });
  });
  afterAll(async () => {
    await smtp?.close();
    await db?.destroy();
  });

  async function confirmedBooking(acts: ReturnType<typeof createActivities>, tenant: TestTenant, options: { customerName?: string; customerEmail?: string; notes?: string }) {
    const fixture = await insertProposal(db, tenant, { date: nextOpenDate(tenant), ...options });
    const { bookingId, confirmationCode } = await runActivity(acts.createLockedBooking, fixture.booking);
    await runActivity(acts.confirmBooking, { tenantId: tenant.tenant.id, bookingId, amountPaidCents: 15_000, paymentIntentId: 'pi_1' });
    return { ...fixture, bookingId, confirmationCode, ref: { tenantId: tenant.tenant.id, bookingId } };
  }

  it('sends the customer (HTML escaped, text, .ics) and the tenant one email each, even when run twice', async () => {
    const booking = await confirmedBooking(activities, owner, { customerName: XSS_NAME, customerEmail: 'ada@example.test', notes: 'Bring "props" & <b>lights</b>' });
    const before = smtp.messages.length;
    await expect(runActivity(activities.sendConfirmationEmail, booking.ref)).resolves.toEqual({ customer: 'sent', tenant: 'sent' });
    await expect(runActivity(activities.sendConfirmationEmail, booking.ref)).resolves.toEqual({ customer: 'already-sent', tenant: 'already-sent' });
    const messages = (await smtp.waitForMessages(before + 2)).slice(before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.length).toBe(before + 2);

    const customer = messages.find((message) => message.envelope.to.includes('ada@example.test'))!;
    expect(customer.envelope.to).toEqual(['ada@example.test']);
    expect(customer.parsed.messageId).toBe(`<customer_confirmation.${booking.bookingId}@studio.example.test>`);
    expect(customer.parsed.subject).toBe(`Booking confirmed: Portrait session on ${booking.booking.date} (${booking.confirmationCode})`);
    const html = String(customer.parsed.html);
    expect(html).toContain(`Hello ${validator.escape(XSS_NAME)},`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;&#x2F;script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>lights');
    expect(html).toContain('Studio &amp; Co');
    expect(customer.parsed.text).toContain(`Hello ${XSS_NAME},`);
    expect(customer.parsed.text).toContain(`Confirmation code: ${booking.confirmationCode}`);
    const [ics] = customer.parsed.attachments;
    expect(ics).toMatchObject({ filename: 'booking.ics', contentType: 'text/calendar' });
    const calendar = ics.content.toString('utf8');
    expect(calendar).toContain(`UID:${booking.bookingId}@booking-service`);
    expect(calendar).toContain(`DTSTART;VALUE=DATE:${booking.booking.date.replace(/-/g, '')}`);
    expect(calendar).toContain('SUMMARY:Portrait session (Studio & Co)');
    expect(calendar).toContain('Bring "props" & <b>lights</b>'.replace(/,/g, '\\,'));

    const tenantNotice = messages.find((message) => message.envelope.to.includes('owner@studio.example.test'))!;
    expect(String(tenantNotice.parsed.html)).toContain(validator.escape(XSS_NAME));
    expect(String(tenantNotice.parsed.html)).not.toContain('<script');

    const rows = await db.query('SELECT kind, recipient, sent_at FROM sent_emails WHERE booking_id = $1 AND tenant_id = $2 ORDER BY kind', [booking.bookingId, owner.tenant.id]);
    expect(rows).toEqual([
      { kind: 'customer_confirmation', recipient: 'ada@example.test', sent_at: expect.any(Date) },
      { kind: 'tenant_notification', recipient: 'owner@studio.example.test', sent_at: expect.any(Date) },
    ]);
  });

  it('a CR/LF-injected address is rejected (non-retryable) and nothing is sent', async () => {
    const booking = await confirmedBooking(activities, owner, { customerEmail: 'victim@example.test\r\nBcc: attacker@evil.test' });
    const before = smtp.messages.length;
    const failure = await failureOf(runActivity(activities.sendConfirmationEmail, booking.ref));
    expect(failure).toMatchObject({ type: 'InvalidRecipient', nonRetryable: true, category: 'BENIGN' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.length).toBe(before);
    expect(await db.query('SELECT 1 FROM sent_emails WHERE booking_id = $1', [booking.bookingId])).toHaveLength(0);
  });

  it('a CR/LF in the customer name never becomes a header', async () => {
    const booking = await confirmedBooking(activities, owner, { customerName: 'Eve\r\nBcc: attacker@evil.test', customerEmail: 'eve@example.test' });
    const before = smtp.messages.length;
    await runActivity(activities.sendConfirmationEmail, booking.ref);
    const messages = (await smtp.waitForMessages(before + 2)).slice(before);
    const customer = messages.find((message) => message.envelope.to.includes('eve@example.test'))!;
    expect(customer.envelope.to).toEqual(['eve@example.test']);
    expect(customer.raw.split(/\r?\n/).filter((line) => /^bcc:/i.test(line))).toEqual([]);
    expect(messages.flatMap((message) => message.envelope.to)).not.toContain('attacker@evil.test');
  });

  it('only a confirmed booking is announced', async () => {
    const fixture = await insertProposal(db, owner, { date: nextOpenDate(owner) });
    const { bookingId } = await runActivity(activities.createLockedBooking, fixture.booking);
    await expect(failureOf(runActivity(activities.sendConfirmationEmail, { tenantId: owner.tenant.id, bookingId }))).resolves.toMatchObject({
      type: 'BookingNotConfirmed',
      nonRetryable: true,
    });
  });

  it('without SMTP_URL the message is written once as an .eml file in DATA_DIR/outbox', async () => {
    const config = testConfig();
    const outboxActivities = createActivities({ config, db });
    const quiet = await buildTenant(db);
    const booking = await confirmedBooking(outboxActivities, quiet, { customerEmail: 'grace@example.test' });
    await runActivity(outboxActivities.sendConfirmationEmail, booking.ref);
    await runActivity(outboxActivities.sendConfirmationEmail, booking.ref);
    const outbox = path.join(config.dataDir, 'outbox');
    const files = fs.readdirSync(outbox);
    expect(files).toEqual([`_customer_confirmation.${booking.bookingId}_localhost_.eml`]);
    const eml = await simpleParser(fs.readFileSync(path.join(outbox, files[0])));
    expect(eml.messageId).toBe(`<customer_confirmation.${booking.bookingId}@localhost>`);
    expect(eml.headers.get('to')).toMatchObject({ value: [{ name: 'Ada Lovelace', address: 'grace@example.test' }] });
    expect(eml.attachments.map((attachment) => attachment.contentType)).toEqual(['text/calendar']);
    expect(eml.text).toContain(`Confirmation code: ${booking.confirmationCode}`);
  });
});

describe('buildBookingIcs', () => {
  it('escapes TEXT per RFC 5545, folds long lines at 75 octets and makes an all-day event', () => {
    const ics = buildBookingIcs({
      uid: 'b1@booking-service',
      date: '2031-12-31',
      summary: 'Wedding; day, with \\ backslash',
      description: `line one\r\nline two\u0007 ${'é'.repeat(60)}`,
      stamp: new Date('2031-01-01T10:00:00Z'),
    });
    const lines = ics.split('\r\n');
    expect(lines).toContain('SUMMARY:Wedding\\; day\\, with \\\\ backslash');
    expect(lines).toContain('DTSTART;VALUE=DATE:20311231');
    expect(lines).toContain('DTEND;VALUE=DATE:20320101');
    expect(lines).toContain('DTSTAMP:20310101T100000Z');
    expect(ics).not.toContain('\u0007');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(`DESCRIPTION:line one\\nline two ${'é'.repeat(60)}`);
  });
});
