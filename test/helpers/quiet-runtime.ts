import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Tests provoke failures on purpose (taken dates, Postgres down, ignored signals) and assert their
 * outcomes; the SDK's worker, workflow and activity logs would only print them again, stacks and all.
 * Once per process, before any Worker or environment.
 */
export function installQuietRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR', () => undefined),
      // The Rust core logs to stderr on its own (e.g. the test server's missing capabilities) unless forwarded.
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // Installed already by an earlier worker or environment of this test file.
  }
}

const noop = () => undefined;
/** For bundleWorkflowCode: webpack's progress and stats stay out of the test output. */
export const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
