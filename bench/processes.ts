import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * The processes the bench measures (API, worker, bare worker, bare webhook route), each a child so
 * its memory is its own: RSS is read from /proc/<pid>/status (Linux), sampled to keep per-phase peaks.
 */

const SAMPLE_EVERY_MS = 200;
const STOP_GRACE_MS = 10_000;
const READY_TIMEOUT_MS = 120_000;

export interface BenchChild {
  name: string;
  pid: number;
  /** Current resident set, MB (NaN where /proc is missing). */
  rssMb(): number;
  /** The kernel's high-water mark of the resident set since the process started (VmHWM), MB. */
  peakRssMb(): number;
  /** The highest sampled RSS since the last call, MB: the peak of one phase. */
  takePhasePeakMb(): number;
  /** The first message the child sends over IPC. */
  firstMessage: Promise<unknown>;
  stop(): Promise<void>;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Forks `script` with `env`. Its stdout is dropped; the tail of its stderr is kept for the error
 * when it dies early. Resolves once `ready(child)` does.
 */
export async function startChild(name: string, script: string, env: NodeJS.ProcessEnv, ready: (child: BenchChild) => Promise<unknown>): Promise<BenchChild> {
  const child: ChildProcess = fork(script, [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderrTail = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
  });
  const died = new Promise<never>((_resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? `code ${code}`}): ${stderrTail}`)));
  });
  died.catch(() => undefined);
  const pid = child.pid ?? -1;
  let phasePeakKb = 0;
  const sampler = setInterval(() => {
    phasePeakKb = Math.max(phasePeakKb, statusKb(pid, 'VmRSS') || 0);
  }, SAMPLE_EVERY_MS);
  sampler.unref();

  const handle: BenchChild = {
    name,
    pid,
    rssMb: () => statusKb(pid, 'VmRSS') / 1024,
    peakRssMb: () => statusKb(pid, 'VmHWM') / 1024,
    takePhasePeakMb() {
      const peak = Math.max(phasePeakKb, statusKb(pid, 'VmRSS') || 0);
      phasePeakKb = 0;
      return peak / 1024 || NaN;
    },
    firstMessage: new Promise((resolve) => child.once('message', resolve)),
    stop() {
      clearInterval(sampler);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} was not ready within ${READY_TIMEOUT_MS / 1000} s: ${stderrTail}`)), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([ready(handle), died, timeout]);
  } catch (error) {
    await handle.stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return handle;
}

/** Polls `url` until it answers 200 (the API's /readyz). */
export async function waitForHttp200(url: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
