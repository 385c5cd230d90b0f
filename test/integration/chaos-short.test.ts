import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { runChaos, SHORT_PRESET } from '../../bench/chaos/chaos';

const ROOT = path.resolve(__dirname, '../..');
// Its own build output: another test file (launcher) may be rebuilding dist/ at the same moment.
const BUILD_DIR = path.join(ROOT, 'dist', 'chaos-short-test');

describe('npm run chaos --short: booking flows while every part of the service is killed', () => {
  beforeAll(() => {
    // The service (server, worker) and the harness's own processes (bench/), as `npm run chaos` builds them.
    for (const project of ['tsconfig.build.json', 'tsconfig.bench.json']) {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project, '--outDir', BUILD_DIR], { cwd: ROOT });
    }
  }, 300_000);

  // About a minute on 2 idle cores; the generous timeout is for a machine busy with other work.
  it('loses, doubles and strands nothing', async () => {
    const seed = Math.floor(Math.random() * 1_000_000);
    const progress: string[] = [];
    const result = await runChaos({
      ...SHORT_PRESET,
      seed,
      rootDir: ROOT,
      buildDir: BUILD_DIR,
      dataDir: path.join(process.env.TEST_TMP_DIR ?? os.tmpdir(), `chaos-short-${seed}`),
      log: (line) => progress.push(line),
    });

    // Each part really went down and came back, and the flows really ran.
    expect(result.kills).toEqual({ worker: 1, api: 1, temporal: 1, postgres: 1 });
    expect(result.flows).toBe(SHORT_PRESET.flows);
    expect(result.audit.paidSessions).toBeGreaterThan(0);
    // On failure the seed, the problems and the progress lines say what happened.
    const { lost, doubled, stuck, confirmedUnpaid, problems } = result.audit;
    const summary = { seed, lost, doubled, stuck, confirmedUnpaid, problems };
    expect(result.ok ? summary : { ...summary, progress }).toEqual({ seed, lost: 0, doubled: 0, stuck: 0, confirmedUnpaid: 0, problems: [] });
  }, 600_000);
});
