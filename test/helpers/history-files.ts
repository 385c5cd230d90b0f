import fs from 'node:fs';
import path from 'node:path';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
const { History } = temporal.api.history.v1;

/**
 * Workflow histories as JSON files, for replay tests. The SDK's historyToJSON/historyFromJSON throw
 * "type must be a Type" with the packages installed here (@temporalio/common and @temporalio/proto
 * each carry their own protobufjs copy), so this uses the proto classes' own JSON form: the same
 * camelCase fields, enum names, string longs and base64 bytes as Temporal's JSON history files.
 */
export function historyFileText(history: History): string {
  return `${JSON.stringify(History.fromObject(history).toJSON(), null, 2)}\n`;
}

/** Every `*.json` history in `dir`, named by its file (the workflow id replay reports). */
export function readHistoryFiles(dir: string): HistoryAndWorkflowId[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ workflowId: path.basename(file, '.json'), history: History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))) }));
}
