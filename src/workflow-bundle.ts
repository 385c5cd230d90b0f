import fs from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import type { Config } from './config';

/** Written by `npm run build` (src/build-workflow-bundle.ts) beside the compiled code: dist/workflow-bundle.js. */
export const WORKFLOW_BUNDLE_PATH = path.resolve(__dirname, '..', 'workflow-bundle.js');

const modifiedMs = (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;

/**
 * Where the worker takes its workflow code: the prebuilt bundle when the build made one after the
 * last compile (required in production, so webpack never runs at worker start), else the sources,
 * bundled at start (tests, a checkout run from TypeScript, a bare `tsc` without the bundle step).
 */
export function workflowCode(nodeEnv: Config['NODE_ENV']): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  const workflowsPath = require.resolve('../workflows');
  const bundleMs = modifiedMs(WORKFLOW_BUNDLE_PATH);
  // tsc rewrites every output, so a bundle older than the compiled index predates the code it should hold.
  if (bundleMs !== undefined && bundleMs >= (modifiedMs(workflowsPath) ?? 0)) return { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } };
  if (nodeEnv === 'production') {
    throw new Error(`${WORKFLOW_BUNDLE_PATH} is missing or older than the compiled workflows: build with npm run build, which prebuilds it`);
  }
  return { workflowsPath };
}
