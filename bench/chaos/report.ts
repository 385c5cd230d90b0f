import type { ChaosResult } from './chaos';
import { PART_NAMES } from './parts';
import type { RaceResult } from './races';

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ') || 'none';

function table(title: string, rows: Array<[string, string | number]>): string {
  return [`${title}`, '', '| measure | value |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n');
}

/** The one table of `npm run chaos`; problems, if any, listed under it. */
export function chaosTable(result: ChaosResult): string {
  const { audit } = result;
  const kills = PART_NAMES.map((name) => result.kills[name]);
  const rows: Array<[string, string | number]> = [
    ['flows', `${result.flows} (${list(result.stages)})`],
    [`kills (kill -9, restarted): ${PART_NAMES.join(' / ')}`, `${kills.join(' / ')} = ${kills.reduce((a, b) => a + b, 0)}`],
    ['exits on their own (restarted)', list(Object.fromEntries(Object.entries(result.crashes).filter(([, n]) => n > 0)))],
    ['customer retries: connection errors / 5xx', `${result.client.connectionErrors} / ${result.client.serverErrors}`],
    ['webhook events sent / retried deliveries / never acknowledged', `${result.webhooks.sent} / ${result.webhooks.retried} / ${result.webhooks.undelivered}`],
    ['paid sessions / refunds / emails delivered', `${audit.paidSessions} / ${audit.refunds} / ${audit.emails}`],
    ['emails delivered again with the same Message-ID (crash between send and record; clients show one)', audit.emailRedeliveries],
    ['bookings by status', list(audit.bookings)],
    ...Object.entries(audit.outcomes).map(([stage, outcomes]): [string, string] => [`outcome: ${stage}`, list(outcomes)]),
    ['proposals whose workflow never started (API killed mid-request; the cleanup schedule expires them)', audit.orphanProposals],
    ['**lost** (paid, not confirmed, not refunded)', audit.lost],
    ['**doubled** (2 active bookings on a date, 2 different emails for a booking, 2 refunds, 2 checkout sessions, confirmed and refunded)', audit.doubled],
    ['**stuck** (not final after the hold)', audit.stuck],
    ['confirmed without a payment', audit.confirmedUnpaid],
    ['result', result.ok ? 'PASS' : 'FAIL'],
  ];
  const lines = [table(`chaos run, seed ${result.seed}, ${(result.durationMs / 1000).toFixed(0)} s`, rows)];
  if (audit.problems.length + audit.notes.length > 0) lines.push('', ...audit.problems, ...audit.notes);
  return lines.join('\n');
}

export function raceTable(result: RaceResult): string {
  return table(`races, seed ${result.seed}, ${(result.durationMs / 1000).toFixed(0)} s`, [
    ['confirms racing', `${result.confirms} over ${result.dates} dates of ${result.tenants} tenants (all of a date at once, ${result.datesAtOnce} date${result.datesAtOnce === 1 ? '' : 's'} at a time)`],
    ['answer time p50 / p95 / max (ms)', `${result.latencyMs.p50} / ${result.latencyMs.p95} / ${result.latencyMs.max}`],
    ['200 (booked)', result.booked],
    ['409 DATE_UNAVAILABLE', result.refused],
    ['5xx', result.serverErrors],
    ['other answers', list(result.otherAnswers)],
    ['dates with exactly one active booking', `${result.datesBookedOnce} of ${result.dates}`],
    ['extra active bookings on a date', result.extraBookings],
    ['result', result.ok ? 'PASS' : 'FAIL'],
  ]);
}
