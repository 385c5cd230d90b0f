import type { BookingEmailData, RenderedEmail } from './booking-email-data';
import { escapeHtml, plainText } from './escape';

/** The business's own notice of a paid booking, sent to tenants.contact_email. */
export function renderTenantNotificationEmail(data: BookingEmailData): RenderedEmail {
  const rows: Array<[string, string]> = [
    ['Service', data.packageName],
    ['Date', data.date],
    ['Customer', data.customerName],
    ['Customer email', data.customerEmail],
    ['Confirmation code', data.confirmationCode],
    ['Amount paid', data.amountPaid],
    ['Notes', data.notes ?? ''],
  ];
  const html = [
    '<!doctype html>',
    '<html><body style="font-family: sans-serif">',
    '<p>A new booking was paid and confirmed.</p>',
    '<table>',
    ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    '</body></html>',
  ].join('\n');
  const text = ['A new booking was paid and confirmed.', '', ...rows.map(([label, value]) => `${label}: ${plainText(value)}`)].join('\n');
  const subject = plainText(`New booking: ${data.packageName} on ${data.date} (${data.confirmationCode})`).slice(0, 200);
  return { subject, html, text };
}
