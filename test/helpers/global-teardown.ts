import fs from 'node:fs';
import type { TestServices } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __bookingTestServices?: TestServices }).__bookingTestServices;
  if (!services) return;
  for (const stop of services.stops.reverse()) await stop().catch(() => undefined);
  fs.rmSync(services.tmpDir, { recursive: true, force: true });
}
