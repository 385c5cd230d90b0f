import { performance } from 'node:perf_hooks';

/** Durations in ms per step name, for one phase of the bench. */
export type StepTimes = Map<string, number[]>;

export function record(times: StepTimes, step: string, ms: number): void {
  const list = times.get(step) ?? [];
  list.push(ms);
  times.set(step, list);
}

/** Awaits `work` and records how long it took under `step`. */
export async function timeStep<T>(times: StepTimes, step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  record(times, step, performance.now() - started);
  return result;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface RunOutcome {
  wallMs: number;
  /** Flows that completed. */
  succeeded: number;
  /** Why the others failed (an overloaded server answers 5xx or times out: counted, not fatal). */
  failures: string[];
}

/**
 * Runs `flow(index)` for 0..count-1 with at most `concurrency` in flight; prints a progress line
 * every few seconds and the first errors as they happen.
 */
export async function runConcurrently(label: string, count: number, concurrency: number, flow: (index: number) => Promise<void>): Promise<RunOutcome> {
  const started = performance.now();
  const failures: string[] = [];
  let next = 0;
  let done = 0;
  const ticker = setInterval(() => progress(`${label}: ${done}/${count} done, ${failures.length} failed`), 5_000);
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) {
          const index = next++;
          try {
            await flow(index);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            failures.push(message);
            if (failures.length <= 3) progress(`${label}: flow ${index} failed: ${message.slice(0, 300)}`);
          }
          done += 1;
        }
      }),
    );
  } finally {
    clearInterval(ticker);
  }
  const wallMs = performance.now() - started;
  progress(`${label}: ${count - failures.length} of ${count} done in ${(wallMs / 1000).toFixed(1)} s`);
  return { wallMs, succeeded: count - failures.length, failures };
}

const benchStarted = performance.now();
export function progress(message: string): void {
  process.stderr.write(`[bench +${((performance.now() - benchStarted) / 1000).toFixed(0)}s] ${message}\n`);
}

export const ms = (value: number): string => (Number.isNaN(value) ? 'n/a' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
export const ratio = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');
