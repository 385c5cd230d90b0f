import fs from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import type { Config } from './config';

/** Written by `npm run build` (src/build-workflow-bundle.ts) beside the compiled code: dist/workflow-bundle.js. */
export const WORKFLOW_BUNDLE_PATH = path.resolve(__dirname, '..', 'workflow-bundle.js');

/**
 * Where the worker takes its workflow code: the prebuilt bundle when the build made one (required
 * in production, so webpack never runs at worker start), else the sources, bundled at start (a
 * checkout run from TypeScript, tests).
 */
export function workflowCode(nodeEnv: Config['NODE_ENV']): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (fs.existsSync(WORKFLOW_BUNDLE_PATH)) return { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } };
  if (nodeEnv === 'production') {
    throw new Error(`${WORKFLOW_BUNDLE_PATH} is missing: build with npm run build, which prebuilds the workflow bundle`);
  }
  return { workflowsPath: require.resolve('../workflows') };
}
