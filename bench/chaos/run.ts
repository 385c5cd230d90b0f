import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FULL_PRESET, runChaos, SHORT_PRESET } from './chaos';
import { runRaces } from './races';
import { chaosTable, raceTable } from './report';

/**
 * `npm run chaos [-- --seed N] [--short] [--races [--race-width N]] [--flows N] [--kills N] [--data-dir DIR] [--keep-data]`:
 * booking flows while parts of the service are killed, then an audit (README "Reliability").
 * Exits 1 on any lost, doubled or stuck booking (--races: on anything but one booking per date).
 */

const USAGE = 'usage: npm run chaos -- [--seed N] [--short] [--races] [--flows N] [--kills N] [--race-width N] [--data-dir DIR] [--keep-data]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      short: { type: 'boolean', default: false },
      races: { type: 'boolean', default: false },
      flows: { type: 'string' },
      kills: { type: 'string' },
      'data-dir': { type: 'string' },
      'keep-data': { type: 'boolean', default: false },
      'race-width': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const seed = values.seed === undefined ? Math.floor(Math.random() * 1_000_000) : Number(values.seed);
  const numbers = [seed, Number(values.flows ?? 1), Number(values.kills ?? 0), Number(values['race-width'] ?? 1)];
  if (numbers.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(USAGE);
  const dataDir = path.resolve(values['data-dir'] ?? path.join(os.tmpdir(), `booking-chaos-${process.pid}`));
  const common = {
    seed,
    rootDir: path.resolve(__dirname, '../../..'),
    buildDir: path.resolve(__dirname, '../..'),
    dataDir,
    log: (line: string) => process.stdout.write(`${line}\n`),
  };
  process.stdout.write(`seed ${seed} (rerun with --seed ${seed}); data and logs in ${dataDir}\n`);

  let ok: boolean;
  if (values.races) {
    const result = await runRaces({ ...common, confirms: 1_000, dates: 50, tenants: 5, datesAtOnce: Math.max(1, Number(values['race-width'] ?? 1)) });
    process.stdout.write(`\n${raceTable(result)}\n`);
    ok = result.ok;
  } else {
    const preset = values.short ? SHORT_PRESET : FULL_PRESET;
    const result = await runChaos({
      ...preset,
      ...common,
      ...(values.flows !== undefined && { flows: Number(values.flows) }),
      ...(values.kills !== undefined && { kills: Number(values.kills) }),
    });
    process.stdout.write(`\n${chaosTable(result)}\n`);
    ok = result.ok;
  }
  if (ok && !values['keep-data']) fs.rmSync(dataDir, { recursive: true, force: true });
  else process.stdout.write(`\ndata and logs kept in ${dataDir}\n`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
