import { spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { freePort } from '../../src/integrations/embedded/free-port';
import { BOOKING_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const READY_TIMEOUT_MS = 60_000;

/**
 * The Temporal CLI dev server for the test run, as a child whose stdout is dropped: the SDK's own
 * launcher lets the CLI print its banner into jest's output. In memory, no UI.
 */
export async function startQuietDevServer(cliPath: string): Promise<{ address: string; stop(): Promise<void> }> {
  const port = await freePort();
  const searchAttributes = BOOKING_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`]);
  const child = spawn(
    cliPath,
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--namespace', 'default', '--log-level', 'error', ...searchAttributes],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  await waitUntilServing(address, () => child.exitCode !== null, () => stderr);
  return {
    address,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntilServing(address: string, hasExited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (hasExited()) throw new Error(`the Temporal dev server exited at start: ${output()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer within ${READY_TIMEOUT_MS} ms: ${output()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
