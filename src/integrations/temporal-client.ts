import { Client, Connection } from '@temporalio/client';

export interface TemporalClientHandle {
  client: Client;
  close(): Promise<void>;
}

/** The client the API uses to start, update, signal and query workflows. */
export async function connectTemporalClient(address: string, namespace: string): Promise<TemporalClientHandle> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, namespace }), close: () => connection.close() };
}
