// `http://localhost:*` is the one wildcard: any port on the developer's own machine. Everything
// else must match exactly, so a tenant's list never admits an origin it did not name.
const LOCALHOST_ANY_PORT = 'http://localhost:*';
const LOCALHOST_ORIGIN = /^http:\/\/localhost(:\d{1,5})?$/;

/** The browser's `Origin` in its canonical form (scheme://host[:port], lower case), or undefined. */
function canonicalOrigin(origin: string): string | undefined {
  if (origin === 'null') return undefined;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    // An Origin header has no path, query, credentials or trailing slash.
    if (url.origin !== origin.toLowerCase()) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** Whether a page on `origin` may read the answers of a tenant that lists `allowed`. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  const given = canonicalOrigin(origin);
  if (!given) return false;
  return allowed.some((entry) => {
    if (entry === LOCALHOST_ANY_PORT) return LOCALHOST_ORIGIN.test(given);
    return canonicalOrigin(entry) === given;
  });
}
