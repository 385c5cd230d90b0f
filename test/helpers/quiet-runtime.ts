import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Tests provoke failures on purpose (taken dates, Postgres down), which the SDK reports at INFO and
 * WARN; only its errors reach the test output. Once per process, before any Worker or environment.
 */
export function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already by an earlier worker or environment of this test file.
  }
}
