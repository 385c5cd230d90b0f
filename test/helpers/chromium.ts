import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const HOW_TO_GET_ONE = 'No Chromium for the browser tests: install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to its executable.';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return fs.existsSync(configured) ? configured : undefined;
  return NAMES.map(onPath).find(Boolean);
}

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH, then PATH. Missing, and root with apt: Debian's
 * `chromium` package is installed here (saying so); otherwise the tests stop with one line.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist. ${HOW_TO_GET_ONE}`);
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    process.stderr.write('Browser tests: no Chromium found, installing Debian\'s chromium package with apt-get (once)...\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(HOW_TO_GET_ONE);
}
