import { openDates } from '../../test/helpers/test-dates';
import { type ClientCounters, CustomerClient } from './customer-client';
import { type Random, seededRandom, sleep } from './random';
import { type ChaosTenant, startService } from './service';

export interface RaceOptions {
  seed: number;
  confirms: number;
  dates: number;
  tenants: number;
  /** Dates whose contenders confirm at once. */
  datesAtOnce: number;
  rootDir: string;
  buildDir: string;
  dataDir: string;
  log: (line: string) => void;
}

export interface RaceResult {
  seed: number;
  confirms: number;
  dates: number;
  tenants: number;
  booked: number;
  /** 409 DATE_UNAVAILABLE: the clear "someone else has it". */
  refused: number;
  serverErrors: number;
  /** Any other answer (or no answer), by status and code. */
  otherAnswers: Record<string, number>;
  /** Dates with exactly one active booking in Postgres. */
  datesBookedOnce: number;
  /** Active bookings beyond the first on a date. */
  extraBookings: number;
  datesAtOnce: number;
  /** How long the confirms took to answer. */
  latencyMs: { p50: number; p95: number; max: number };
  durationMs: number;
  ok: boolean;
}

interface Contender {
  tenant: ChaosTenant;
  date: string;
  proposalId: string;
  sessionId: string;
  client: CustomerClient;
}

/** One confirm, no retry: its answer is what is counted ("200", "409 DATE_UNAVAILABLE", "503 ..."). */
async function confirmOnce(apiUrl: string, contender: Contender, random: Random): Promise<string> {
  try {
    const response = await fetch(`${apiUrl}/v1/proposals/${contender.proposalId}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-key': contender.tenant.publishableKey, 'x-forwarded-for': `10.99.${random.int(0, 255)}.${random.int(0, 255)}` },
      body: JSON.stringify({ sessionId: contender.sessionId }),
    });
    const body = (await response.json()) as { code?: string };
    return response.status === 200 ? '200' : `${response.status} ${body.code ?? ''}`.trim();
  } catch (error) {
    return `no answer (${error instanceof Error ? error.message : String(error)})`;
  }
}

async function inPool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  }));
}

/** `npm run chaos -- --races`: many customers confirming the same dates at once, on the real parts. */
export async function runRaces(options: RaceOptions): Promise<RaceResult> {
  const started = Date.now();
  const log = (line: string) => options.log(`[races +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
  const random = seededRandom(options.seed);
  const service = await startService({ ...options, proposalTtl: '20m', paymentHold: '20m', log });
  try {
    const counters: ClientCounters = { connectionErrors: 0, serverErrors: 0 };
    const perTenant = Math.ceil(options.dates / options.tenants);
    const dates = service.tenants.flatMap((tenant) => openDates(tenant.calendar, perTenant).map((date) => ({ tenant, date }))).slice(0, options.dates);
    const slots = Array.from({ length: options.confirms }, (_, index) => ({ index, ...dates[index % dates.length] }));
    const contenders: Contender[] = [];
    const deadline = Date.now() + 30 * 60_000;
    await inPool(slots, 20, async ({ index, tenant, date }) => {
      const client = new CustomerClient(service.apiUrl, counters, `10.88.${(index >> 8) & 255}.${index & 255}`);
      const answer = await client.call('POST', '/v1/proposals', {
        tenantKey: tenant.publishableKey,
        deadline,
        body: { packageId: tenant.packageId, date, customerName: `Racer ${index}`, customerEmail: `racer-${index}@example.test` },
      });
      if (answer.status !== 201) throw new Error(`proposal ${index}: ${answer.status} ${JSON.stringify(answer.body)}`);
      contenders.push({ tenant, date, proposalId: String(answer.body.id), sessionId: String(answer.body.sessionId), client });
    });
    log(`${contenders.length} proposals over ${dates.length} dates of ${service.tenants.length} tenants; confirming, ${options.datesAtOnce} date${options.datesAtOnce === 1 ? '' : 's'} at a time`);

    const answers = new Map<string, number>();
    const raceStarted = Date.now();
    const latencies: number[] = [];
    const byDate = new Map<string, Contender[]>();
    for (const contender of contenders) {
      const key = `${contender.tenant.id} ${contender.date}`;
      byDate.set(key, [...(byDate.get(key) ?? []), contender]);
    }
    // All contenders of a date confirm at the same instant; a few dates at a time, so the answers
    // measure the date lock, not how many updates one dev server takes in 30 seconds.
    await inPool(random.shuffle([...byDate.values()]), options.datesAtOnce, async (rivals) => {
      await Promise.all(rivals.map(async (contender) => {
        const sent = Date.now();
        const key = await confirmOnce(service.apiUrl, contender, random);
        latencies.push(Date.now() - sent);
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }));
    });
    log(`${contenders.length} confirms answered in ${((Date.now() - raceStarted) / 1000).toFixed(1)} s`);
    await sleep(1_000);

    const auditors = await service.connectAuditors();
    const { rows } = await auditors.pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bookings WHERE status IN ('PENDING', 'CONFIRMED') GROUP BY tenant_id, event_date`,
    );
    await auditors.close();
    const booked = answers.get('200') ?? 0;
    const refused = answers.get('409 DATE_UNAVAILABLE') ?? 0;
    const serverErrors = [...answers].filter(([key]) => /^5\d\d/.test(key)).reduce((sum, [, n]) => sum + n, 0);
    const otherAnswers = Object.fromEntries([...answers].filter(([key]) => key !== '200' && key !== '409 DATE_UNAVAILABLE'));
    latencies.sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    const datesBookedOnce = rows.filter((row) => row.n === 1).length;
    const extraBookings = rows.reduce((sum, row) => sum + Math.max(0, row.n - 1), 0);
    return {
      seed: options.seed,
      confirms: contenders.length,
      dates: dates.length,
      tenants: service.tenants.length,
      booked,
      refused,
      serverErrors,
      otherAnswers,
      datesBookedOnce,
      extraBookings,
      datesAtOnce: options.datesAtOnce,
      latencyMs: { p50: at(0.5), p95: at(0.95), max: latencies[latencies.length - 1] ?? 0 },
      durationMs: Date.now() - started,
      ok: booked === dates.length && datesBookedOnce === dates.length && extraBookings === 0 && refused === contenders.length - dates.length && serverErrors === 0,
    };
  } finally {
    await service.stop();
  }
}
