import type { BookingEmailData, RenderedEmail } from './booking-email-data';
import { escapeHtml, plainText } from './escape';

/** Subjects are a single line: control characters (CR/LF included) never reach the header. */
export function confirmationSubject(data: BookingEmailData): string {
  return plainText(`Booking confirmed: ${data.packageName} on ${data.date} (${data.confirmationCode})`).slice(0, 200);
}

/** The customer's confirmation: HTML with every value escaped, and the same in plain text. */
export function renderConfirmationEmail(data: BookingEmailData): RenderedEmail {
  const rows: Array<[string, string]> = [
    ['Service', data.packageName],
    ['Date', data.date],
    ['Confirmation code', data.confirmationCode],
    ['Amount paid', data.amountPaid],
    ...(data.notes ? ([['Notes', data.notes]] as Array<[string, string]>) : []),
  ];
  const html = [
    '<!doctype html>',
    '<html><body style="font-family: sans-serif">',
    `<p>Hello ${escapeHtml(data.customerName)},</p>`,
    `<p>Your booking with ${escapeHtml(data.tenantName)} is confirmed. A calendar entry is attached.</p>`,
    '<table>',
    ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    '<p>Keep your confirmation code: it identifies your booking.</p>',
    ...(data.manageUrl ? [`<p>To cancel or move your booking: <a href="${escapeHtml(data.manageUrl)}">manage your booking</a>.</p>`] : []),
    '</body></html>',
  ].join('\n');
  const text = [
    `Hello ${plainText(data.customerName)},`,
    '',
    `Your booking with ${plainText(data.tenantName)} is confirmed. A calendar entry is attached.`,
    '',
    ...rows.map(([label, value]) => `${label}: ${plainText(value)}`),
    '',
    'Keep your confirmation code: it identifies your booking.',
    ...(data.manageUrl ? ['', `To cancel or move your booking: ${data.manageUrl}`] : []),
  ].join('\n');
  return { subject: confirmationSubject(data), html, text };
}
