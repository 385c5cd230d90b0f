import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { sleep } from './random';

const STOP_GRACE_MS = 10_000;

/** One running incarnation of a part: what to kill, and when it is gone. */
export interface Incarnation {
  pid: number;
  exited: Promise<void>;
  /** A clean stop (end of the run). */
  stop(): Promise<void>;
}

/** `node <script>` or a binary, its output appended to `logFile`, in its own process group. */
export function spawnLogged(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Incarnation {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (!child.pid) throw new Error(`could not start ${command}`);
  return {
    pid: child.pid,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** `pid` and every process below it (Postgres backends under the postmaster). */
export function processTree(pid: number): number[] {
  const all = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const tree = [pid];
  for (let grew = true; grew; ) {
    grew = false;
    for (const candidate of all) {
      const parent = parentOf(candidate);
      if (parent !== undefined && tree.includes(parent) && !tree.includes(candidate)) {
        tree.push(candidate);
        grew = true;
      }
    }
  }
  return tree;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return parentOf(pid) !== undefined && !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** kill -9 of a process and everything it started, as a machine or container crash would. */
export async function killTree(pid: number): Promise<void> {
  for (const target of processTree(pid)) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 50) await sleep(50);
}

/** Polls `probe` until it resolves true, or throws after `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
}
