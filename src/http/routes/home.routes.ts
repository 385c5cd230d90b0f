import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import type { Config } from '../../config';
import { esc, PAGE_ROUTE, sendPage } from '../html-page';

/** The demo tenant's publishable key as `npm start` kept it (start.ts); never in production. */
function demoPublishableKey(config: Config): string | undefined {
  if (config.NODE_ENV === 'production') return undefined;
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(config.dataDir, 'demo-tenant.json'), 'utf8')) as { publishableKey?: unknown };
    return typeof saved.publishableKey === 'string' ? saved.publishableKey : undefined;
  } catch {
    return undefined;
  }
}

function demoSection(key: string | undefined): string {
  if (!key) {
    return '<p class="note">No demo tenant here. Embed the widget on your own site with your publishable key (see the README, "Embedding the widget").</p>';
  }
  const k = esc(key);
  return `<h2>Try it</h2>
<p>The demo studio's widget, inline below and as the round button in the corner. Without Stripe or Anthropic keys it books through the form and a local test-mode checkout.</p>
<div id="booking-inline"></div>
<script src="/widget.js" data-tenant-key="${k}" data-mode="inline" data-target="#booking-inline" async></script>
<script src="/widget.js" data-tenant-key="${k}" async></script>
<h2>Embed it</h2>
<pre><code>&lt;script src="https://this-service/widget.js" data-tenant-key="${k}" async&gt;&lt;/script&gt;</code></pre>`;
}

/** `GET /`: what this service is, the demo widget in both modes, and where to look next. */
export const homeRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get('/', PAGE_ROUTE, async (_request, reply) => {
    const temporalUi = deps.config.TEMPORAL_UI_URL
      ? `<a href="${esc(deps.config.TEMPORAL_UI_URL)}">Temporal UI</a> (every booking is a workflow there)`
      : 'the Temporal UI of your cluster (every booking is a workflow there)';
    return sendPage(
      reply,
      200,
      'Durable booking service',
      `<p>A booking backend for chat frontends on businesses' websites: customers pick a service and a date in a chat or a form, confirm a proposal and pay with Stripe; every booking runs as a durable Temporal workflow.</p>
${demoSection(demoPublishableKey(deps.config))}
<h2>Look inside</h2>
<ul><li><a href="/docs">API docs</a></li><li>${temporalUi}</li><li><a href="/readyz">Health</a></li></ul>`,
      { widget: true },
    );
  });
};
