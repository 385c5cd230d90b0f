import fs from 'node:fs';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_PATH } from './workflow-bundle';

/**
 * Run by `npm run build` after tsc: bundles workflows/ (the compiled index) once, so a production
 * worker loads a file instead of running webpack at every start (Temporal's "production" sample).
 */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') });
  fs.writeFileSync(WORKFLOW_BUNDLE_PATH, code);
}

main().catch((error: unknown) => {
  process.stderr.write(`workflow bundle failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
