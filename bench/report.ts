import os from 'node:os';
import type { HistoryCount } from './history';
import { describeCounts } from './history';
import { ms, percentile, ratio, type RunOutcome, type StepTimes } from './stats';

export interface PhaseResult {
  concurrency: number;
  service: StepTimes;
  serviceRun: RunOutcome;
  bare: StepTimes;
  bareRun: RunOutcome;
  routeRun: RunOutcome;
  /** Peak RSS (MB) sampled during the phase. */
  rss: { api: number; worker: number; bareWorker: number };
}

export interface OpenProposalsResult {
  count: number;
  seconds: number;
  workerRssBeforeMb: number;
  workerRssMb: number;
  workerPeakMb: number;
}

export interface BenchReport {
  phases: PhaseResult[];
  serviceHistory?: HistoryCount & { sample: number };
  bareHistory?: HistoryCount & { sample: number };
  open?: OpenProposalsResult;
  peaks: Array<{ name: string; peakMb: number }>;
  workerSettings: Array<[string, string | undefined]>;
  emails: number;
}

// Issue 12's targets, printed beside the figures (read here, never asserted in tests).
const TARGET_FLOW_RATIO_AT_50 = 1.0;
const TARGET_CONFIRM_P99_AT_5_MS = 300;
const TARGET_HISTORY_EVENTS = 35;
const TARGET_OPEN_WORKER_RSS_MB = 250;

const mb = (value: number) => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(0)} MB`);
const p50p99 = (values: number[] = []) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 99))}`;
const flowsPerSecond = (run: RunOutcome) => (run.succeeded / run.wallMs) * 1000;

function stepRow(label: string, service: number[] = [], bare: number[] = []): string {
  const p50 = percentile(service, 50) / percentile(bare, 50);
  const p99 = percentile(service, 99) / percentile(bare, 99);
  return `| ${label} | ${p50p99(service)} | ${p50p99(bare)} | ${ratio(p50)} / ${ratio(p99)} |`;
}

function phaseTable(phase: PhaseResult): string[] {
  const serviceRate = flowsPerSecond(phase.serviceRun);
  const bareRate = flowsPerSecond(phase.bareRun);
  return [
    `### Concurrency ${phase.concurrency} (${phase.serviceRun.succeeded + phase.serviceRun.failures.length} flows each)`,
    '',
    '| step | service p50 / p99 ms | bare p50 / p99 ms | service ÷ bare p50 / p99 |',
    '|---|---|---|---|',
    stepRow('propose (bare: workflow start)', phase.service.get('propose'), phase.bare.get('propose')),
    stepRow('confirm (bare: update)', phase.service.get('confirm'), phase.bare.get('confirm')),
    stepRow('webhook (bare: signal)', phase.service.get('webhook'), phase.bare.get('webhook')),
    stepRow('webhook (bare: Fastify route, signature only)', phase.service.get('webhook'), phase.bare.get('webhook route')),
    stepRow('webhook answered -> COMPLETED (bare: result)', phase.service.get('to COMPLETED'), phase.bare.get('to COMPLETED')),
    stepRow('whole flow', phase.service.get('whole flow'), phase.bare.get('whole flow')),
    '',
    `flows/s: service ${serviceRate.toFixed(1)}, bare ${bareRate.toFixed(1)}, ratio ${ratio(serviceRate / bareRate)}. ` +
      `Peak RSS in the phase: API ${mb(phase.rss.api)}, worker ${mb(phase.rss.worker)}, bare worker ${mb(phase.rss.bareWorker)}.`,
    ...[
      ['service', phase.serviceRun],
      ['bare workflow', phase.bareRun],
      ['bare route', phase.routeRun],
    ].flatMap(([name, run]) => {
      const { failures } = run as RunOutcome;
      return failures.length > 0 ? [`FAILED ${name} flows: ${failures.length} (first: ${failures[0].slice(0, 200)})`] : [];
    }),
    '',
  ];
}

function summary(report: BenchReport): string[] {
  const lines = [
    '### Summary',
    '',
    '| concurrency | service flows/s | bare flows/s | ratio | service confirm p50 / p99 ms | bare confirm p50 / p99 ms | service webhook p50 / p99 ms | bare route p50 / p99 ms |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const phase of report.phases) {
    const serviceRate = flowsPerSecond(phase.serviceRun);
    const bareRate = flowsPerSecond(phase.bareRun);
    lines.push(
      `| ${phase.concurrency} | ${serviceRate.toFixed(1)} | ${bareRate.toFixed(1)} | ${ratio(serviceRate / bareRate)} | ${p50p99(phase.service.get('confirm'))} | ` +
        `${p50p99(phase.bare.get('confirm'))} | ${p50p99(phase.service.get('webhook'))} | ${p50p99(phase.bare.get('webhook route'))} |`,
    );
  }
  return [...lines, ''];
}

function targets(report: BenchReport): string[] {
  const lines = ['### Targets (issue 12)', ''];
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  const at50 = report.phases.find((phase) => phase.concurrency === 50);
  if (at50) {
    const value = flowsPerSecond(at50.serviceRun) / flowsPerSecond(at50.bareRun);
    lines.push(`- flow rate vs bare at concurrency 50 >= ${TARGET_FLOW_RATIO_AT_50}: ${ratio(value)}, ${verdict(value >= TARGET_FLOW_RATIO_AT_50)}`);
  }
  const at5 = report.phases.find((phase) => phase.concurrency === 5);
  if (at5) {
    const value = percentile(at5.service.get('confirm') ?? [], 99);
    lines.push(`- confirm p99 at concurrency 5 <= ${TARGET_CONFIRM_P99_AT_5_MS} ms: ${ms(value)} ms, ${verdict(value <= TARGET_CONFIRM_P99_AT_5_MS)}`);
  }
  if (report.serviceHistory) {
    const value = report.serviceHistory.events;
    lines.push(`- history events per booking <= ${TARGET_HISTORY_EVENTS}: ${value}, ${verdict(value <= TARGET_HISTORY_EVENTS)}`);
  }
  if (report.open) {
    const value = report.open.workerRssMb;
    lines.push(`- worker RSS with ${report.open.count} open proposals <= ${TARGET_OPEN_WORKER_RSS_MB} MB: ${mb(value)}, ${verdict(value <= TARGET_OPEN_WORKER_RSS_MB)}`);
  }
  return [...lines, ''];
}

/** Markdown on stdout: per-concurrency step tables, the summary, history, memory, the targets. */
export function printReport(report: BenchReport): void {
  const settings = report.workerSettings.map(([key, value]) => `${key}=${value}`).join(' ') || 'defaults';
  const lines = [
    `## npm run bench, ${new Date().toISOString().slice(0, 16)}Z: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), node ${process.version}, worker settings: ${settings}`,
    '',
    ...report.phases.flatMap(phaseTable),
    ...(report.phases.length > 0 ? summary(report) : []),
  ];
  for (const [name, history] of [['service booking', report.serviceHistory], ['bare workflow', report.bareHistory]] as const) {
    if (!history) continue;
    lines.push(`History events per ${name} (mean of ${history.sample}): ${history.events} (${describeCounts(history.byKind)})`);
    if (history.activities.size > 0) lines.push(`  activities: ${describeCounts(history.activities)}`);
  }
  lines.push('', `Peak RSS since start (VmHWM): ${report.peaks.map((peak) => `${peak.name} ${mb(peak.peakMb)}`).join(', ')}. Emails captured: ${report.emails}.`);
  if (report.open) {
    const open = report.open;
    lines.push(
      `${open.count} proposals opened and left waiting for their confirm in ${open.seconds.toFixed(0)} s: worker RSS ${mb(open.workerRssMb)} ` +
        `(before opening ${mb(open.workerRssBeforeMb)}, peak since start ${mb(open.workerPeakMb)}).`,
    );
  }
  lines.push('', ...targets(report));
  process.stdout.write(`${lines.join('\n')}\n`);
}
