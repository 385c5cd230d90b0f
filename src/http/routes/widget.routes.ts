import { PAGE_ROUTE } from '../html-page';
import fs from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import { AppError } from '../../errors';
import { WIDGET_BUNDLE_PATH } from '../widget-file';

/** `GET /widget.js`: the embeddable booking widget, built from widget/ by `npm run build`. */
export const widgetRoutes: FastifyPluginAsync<AppDeps> = async (app) => {
  let bundle: Buffer | undefined;
  app.get('/widget.js', PAGE_ROUTE, async (_request, reply) => {
    bundle ??= await fs.readFile(WIDGET_BUNDLE_PATH).catch(() => undefined);
    if (!bundle) throw new AppError('SERVICE_UNAVAILABLE', 'The widget is not built: run npm run build');
    return reply
      .headers({
        'content-type': 'text/javascript; charset=utf-8',
        'x-content-type-options': 'nosniff',
        // Tenants' pages load it with a plain script tag, from any origin.
        'cross-origin-resource-policy': 'cross-origin',
        'cache-control': 'public, max-age=300',
      })
      .send(bundle);
  });
};
