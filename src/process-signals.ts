/** Runs `stop` once on the first SIGINT or SIGTERM; a second signal exits at once. */
export function onShutdownSignal(stop: () => unknown): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    stopping = true;
    void Promise.resolve().then(stop);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
