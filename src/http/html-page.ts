import type { FastifyReply } from 'fastify';
import validator from 'validator';

/** Every value shown on a page goes through here: control characters dropped, HTML escaped. */
export function esc(value: string | number): string {
  return validator.escape(validator.stripLow(String(value)));
}

/** Route options of an HTML page for people: not part of the API, so not in the OpenAPI document. */
export const PAGE_ROUTE = { schema: { hide: true } };

// Pages carry no scripts and post forms only to this service.
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
// The page at `/` runs one script, this service's own /widget.js, which talks to this service only.
const PAGE_WITH_WIDGET_CSP = `${PAGE_CSP}; script-src 'self'; connect-src 'self'; img-src 'self'`;
const PAGE_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

/**
 * Sends a small standalone HTML page. `bodyHtml` must already be safe: build it from literals and
 * `esc()`'d values only.
 */
export function sendPage(reply: FastifyReply, status: number, title: string, bodyHtml: string, options: { widget?: boolean } = {}): FastifyReply {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1d1d1f; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; }
dt { color: #666; } dd { margin: 0; }
button { font-size: 1rem; padding: .6rem 1.6rem; border: 0; border-radius: .4rem; background: #635bff; color: #fff; cursor: pointer; }
.note { color: #666; font-size: .9rem; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
${bodyHtml}
</body>
</html>
`;
  const csp = options.widget ? PAGE_WITH_WIDGET_CSP : PAGE_CSP;
  return reply.status(status).headers({ ...PAGE_SECURITY_HEADERS, 'content-security-policy': csp }).type('text/html; charset=utf-8').send(html);
}
