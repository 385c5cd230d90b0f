import { parseDuration } from '../../src/duration';
import { nextOpenDate } from '../../test/helpers/test-dates';
import { type Audit, auditRun } from './audit';
import type { ClientCounters } from './customer-client';
import { Flow, type FlowRecord, type Stage, STAGES } from './flows';
import { PART_NAMES, type PartName } from './parts';
import { type Random, seededRandom, sleep } from './random';
import { type Service, startService } from './service';
import type { WebhookCounters } from './stripe-events';

export interface ChaosPreset {
  flows: number;
  kills: number;
  tenants: number;
  proposalTtl: string;
  paymentHold: string;
  /** Flows start spread over this long; kills fall in it plus one hold. */
  startWindowMs: number;
}

export const FULL_PRESET: ChaosPreset = { flows: 60, kills: 24, tenants: 4, proposalTtl: '40s', paymentHold: '30s', startWindowMs: 100_000 };
export const SHORT_PRESET: ChaosPreset = { flows: 10, kills: 4, tenants: 2, proposalTtl: '20s', paymentHold: '10s', startWindowMs: 10_000 };

export interface ChaosOptions extends ChaosPreset {
  seed: number;
  rootDir: string;
  buildDir: string;
  dataDir: string;
  /** Progress lines (one per kill and restart); the jest test passes a silent one. */
  log: (line: string) => void;
}

export interface ChaosResult {
  seed: number;
  flows: number;
  stages: Partial<Record<Stage, number>>;
  kills: Record<PartName, number>;
  /** Exits nobody asked for (a part that gave up on a dependency), each restarted too. */
  crashes: Record<PartName, number>;
  client: ClientCounters;
  webhooks: WebhookCounters;
  audit: Audit;
  durationMs: number;
  /** 0 lost, 0 doubled, 0 stuck, no booking confirmed without payment. */
  ok: boolean;
}

// After the last flow, the service gets this long (plus one hold) to settle everything.
const QUIET_GRACE_MS = 120_000;

/** Every stage at least once, then stages drawn at random. */
function assignStages(random: Random, flows: number): Stage[] {
  const stages = random.shuffle(STAGES).slice(0, flows);
  while (stages.length < flows) stages.push(random.pick(STAGES));
  return stages;
}

/** Every part killed at least once, the rest at random; times spread over the busy window. */
function killPlan(random: Random, kills: number, fromMs: number, toMs: number): Array<{ atMs: number; part: PartName }> {
  const parts = random.shuffle(PART_NAMES).slice(0, kills);
  while (parts.length < kills) parts.push(random.pick(PART_NAMES));
  const times = parts.map(() => random.int(fromMs, toMs)).sort((a, b) => a - b);
  return parts.map((part, index) => ({ atMs: times[index], part }));
}

async function killAndRestart(service: Service, plan: Array<{ atMs: number; part: PartName }>, random: Random, started: number, log: (line: string) => void): Promise<void> {
  for (const [index, { atMs, part }] of plan.entries()) {
    await sleep(Math.max(0, started + atMs - Date.now()));
    await service.parts[part].kill();
    const down = Date.now();
    // A restart is not instant in real life either: a supervisor's delay, a container scheduled.
    await sleep(random.int(200, 3_000));
    await service.parts[part].start();
    log(`kill -9 ${part} (${index + 1}/${plan.length}); back after ${((Date.now() - down) / 1000).toFixed(1)} s`);
  }
}

/** Polls the audit until nothing is stuck or the grace is over; returns the last audit. */
async function auditWhenQuiet(service: Service, flows: FlowRecord[], webhooks: WebhookCounters, quietBy: number, log: (line: string) => void): Promise<Audit> {
  const auditors = await service.connectAuditors();
  try {
    for (;;) {
      const audit = await auditRun({ ...auditors, stripe: service.stripe, mail: service.mail, flows, webhooks });
      if (audit.stuck === 0 || Date.now() > quietBy) return audit;
      log(`waiting for quiet: ${audit.stuck} not final yet`);
      await sleep(5_000);
    }
  } finally {
    await auditors.close();
  }
}

/** `npm run chaos`: booking flows at every stage while parts are killed; the audit of what became of them. */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const log = (line: string) => options.log(`[chaos +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
  const random = seededRandom(options.seed);
  const ttlMs = parseDuration(options.proposalTtl) ?? 0;
  const holdMs = parseDuration(options.paymentHold) ?? 0;
  log(`seed ${options.seed}: ${options.flows} flows, ${options.kills} kills, PROPOSAL_TTL ${options.proposalTtl}, PAYMENT_HOLD ${options.paymentHold}`);
  const service = await startService({ ...options, log });
  const clientCounters: ClientCounters = { connectionErrors: 0, serverErrors: 0 };
  const webhooks: WebhookCounters = { sent: 0, retried: 0, undelivered: 0 };
  const runStarted = Date.now();
  const busyUntil = runStarted + options.startWindowMs + ttlMs + 2 * holdMs;
  const deadline = () => busyUntil + QUIET_GRACE_MS;
  try {
    const stages = assignStages(random, options.flows);
    const flows = stages.map((stage, index) => {
      const tenant = service.tenants[index % service.tenants.length];
      const ctx = { apiUrl: service.apiUrl, webhookSecret: service.webhookSecret, stripe: service.stripe, ttlMs, holdMs, clientCounters, webhookCounters: webhooks, deadline };
      return { flow: new Flow(ctx, tenant, index, stage, nextOpenDate(tenant.calendar), seededRandom(options.seed + index + 1)), startAtMs: random.int(0, options.startWindowMs) };
    });
    const plan = killPlan(random, options.kills, 2_000, options.startWindowMs + holdMs);
    const killing = killAndRestart(service, plan, random, runStarted, log);
    let finished = 0;
    const records = await Promise.all(
      flows.map(async ({ flow, startAtMs }) => {
        await sleep(startAtMs);
        const record = await flow.run();
        finished += 1;
        log(`flow ${record.index} (${record.stage}) done${record.error ? `, with an error: ${record.error}` : ''} [${finished}/${flows.length}]`);
        return record;
      }),
    );
    await killing;
    log('all flows done and every part up; waiting for quiet, then auditing');
    const audit = await auditWhenQuiet(service, records, webhooks, Math.max(Date.now() + holdMs, busyUntil) + QUIET_GRACE_MS, log);
    const count = (pick: (part: Service['parts'][PartName]) => number) => Object.fromEntries(PART_NAMES.map((name) => [name, pick(service.parts[name])])) as Record<PartName, number>;
    const stageCounts: Partial<Record<Stage, number>> = {};
    for (const stage of stages) stageCounts[stage] = (stageCounts[stage] ?? 0) + 1;
    return {
      seed: options.seed,
      flows: records.length,
      stages: stageCounts,
      kills: count((part) => part.kills),
      crashes: count((part) => part.crashes),
      client: clientCounters,
      webhooks,
      audit,
      durationMs: Date.now() - started,
      ok: audit.lost === 0 && audit.doubled === 0 && audit.stuck === 0 && audit.confirmedUnpaid === 0,
    };
  } finally {
    await service.stop();
  }
}
