import type { FastifyInstance } from 'fastify';

export interface AppRoute {
  method: string;
  /** With `:param` placeholders, as registered. */
  path: string;
}

/**
 * Every route the app registered (HEAD twins left out), read from Fastify's route tree, so a test
 * that walks "every route" covers routes added later without being edited.
 */
export function listRoutes(app: FastifyInstance): AppRoute[] {
  const routes: AppRoute[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    prefixes.length = depth;
    const path = (prefixes[depth - 1] ?? '') + match[2];
    prefixes[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push({ method, path });
  }
  return routes;
}
