import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { BOOKING_SEARCH_ATTRIBUTES } from '../../../workflows/search-attributes';
import { importDevDependency } from './dev-dependency';
import { describeMissingBinary, resolveTemporalBinary, TEMPORAL_CLI } from './temporal-cli';

export interface DevServerOptions {
  /** SQLite file the server persists to; in memory when unset (tests). */
  dbFilename?: string;
  port?: number;
  /** Serve the Web UI on port + 1000. */
  ui: boolean;
  namespace: string;
  configuredCliPath?: string;
  toolsDir: string;
  onProgress?: (message: string) => void;
  /** Tests: no start banner and no server logs on the shared stdout (the CLI inherits it). */
  quiet?: boolean;
}

export interface DevServerHandle {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Starts the Temporal CLI dev server, with the search attributes the booking workflow keeps. */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServerHandle> {
  const binary = await resolveTemporalBinary(TEMPORAL_CLI, {
    configuredPath: options.configuredCliPath,
    toolsDir: options.toolsDir,
    onProgress: options.onProgress,
  });
  const uiPort = options.ui && options.port ? options.port + 1000 : undefined;
  const { TestWorkflowEnvironment: Environment } = await importDevDependency('@temporalio/testing', () => import('@temporalio/testing'));
  let env: TestWorkflowEnvironment;
  try {
    env = await Environment.createLocal({
      server: {
        executable: binary.kind === 'path' ? { type: 'existing-path', path: binary.path } : { type: 'cached-download' },
        dbFilename: options.dbFilename,
        ip: '127.0.0.1',
        port: options.port,
        namespace: options.namespace,
        ui: options.ui,
        uiPort,
        searchAttributes: BOOKING_SEARCH_ATTRIBUTES,
        log: { format: 'pretty', level: options.quiet ? 'never' : 'error' },
        ...(options.quiet && { extraArgs: ['--output', 'none'] }),
      },
    });
  } catch (error) {
    if (binary.kind === 'sdk-download') throw new Error(describeMissingBinary(TEMPORAL_CLI, binary.tried, error), { cause: error });
    throw error;
  }
  return {
    address: env.address,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}
