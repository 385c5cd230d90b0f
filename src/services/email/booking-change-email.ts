import type { BookingEmailData, RenderedEmail } from './booking-email-data';
import { escapeHtml, plainText } from './escape';

/** What happened to a booking after it was confirmed, as both sides are told. */
export type BookingChange = { kind: 'canceled'; refund: string } | { kind: 'rescheduled' };

function intro(change: BookingChange, audience: 'customer' | 'tenant', data: BookingEmailData): string {
  if (change.kind === 'canceled') {
    return audience === 'customer' ? `Your booking with ${data.tenantName} is cancelled.` : 'A booking was cancelled by the customer or the back office; its date is free again.';
  }
  return audience === 'customer'
    ? `Your booking with ${data.tenantName} has moved to ${data.date}. An updated calendar entry is attached.`
    : `A booking has moved to ${data.date}; its previous date is free again.`;
}

/** Cancellation and reschedule notices for the customer and for the business, every value escaped. */
export function renderBookingChangeEmail(change: BookingChange, audience: 'customer' | 'tenant', data: BookingEmailData): RenderedEmail {
  const rows: Array<[string, string]> = [
    ['Service', data.packageName],
    ['Date', data.date],
    ...(audience === 'tenant' ? ([['Customer', data.customerName], ['Customer email', data.customerEmail]] as Array<[string, string]>) : []),
    ['Confirmation code', data.confirmationCode],
    ...(change.kind === 'canceled' ? ([['Refund', change.refund]] as Array<[string, string]>) : ([['Amount paid', data.amountPaid]] as Array<[string, string]>)),
  ];
  const greeting = audience === 'customer' ? [`Hello ${data.customerName},`] : [];
  const html = [
    '<!doctype html>',
    '<html><body style="font-family: sans-serif">',
    ...greeting.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p>${escapeHtml(intro(change, audience, data))}</p>`,
    '<table>',
    ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    ...(data.manageUrl ? [`<p>Manage your booking: <a href="${escapeHtml(data.manageUrl)}">${escapeHtml(data.manageUrl)}</a></p>`] : []),
    '</body></html>',
  ].join('\n');
  const text = [
    ...greeting.map(plainText),
    plainText(intro(change, audience, data)),
    '',
    ...rows.map(([label, value]) => `${label}: ${plainText(value)}`),
    ...(data.manageUrl ? ['', `Manage your booking: ${data.manageUrl}`] : []),
  ].join('\n');
  const what = change.kind === 'canceled' ? 'Booking cancelled' : 'Booking moved';
  const subject = plainText(`${what}: ${data.packageName} on ${data.date} (${data.confirmationCode})`).slice(0, 200);
  return { subject, html, text };
}
