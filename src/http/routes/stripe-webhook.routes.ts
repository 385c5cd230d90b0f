import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps';
import { createStripeClient, webhookSecret } from '../../integrations/stripe';
import { handleStripeEvent } from '../../services/handle-stripe-event';
import { verifyStripeEvent } from '../../services/verify-stripe-event';

// Checkout session events are a few kilobytes; Stripe's payloads stay far below this.
const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * docs/api.md `POST /v1/webhooks/stripe`. This plugin is its own encapsulation context: here alone JSON
 * bodies stay raw bytes, because the signature covers the exact bytes Stripe sent.
 */
export const stripeWebhookRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const secret = webhookSecret(deps.config);
  // Refunds payments that do not match what was sold (services/check-sold-payment.ts).
  const stripe = createStripeClient(deps.config);

  await app.register(async (webhook) => {
    webhook.removeAllContentTypeParsers();
    webhook.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (_request, body, done) =>
      done(null, body),
    );

    webhook.post('/v1/webhooks/stripe', { bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, async (request) => {
      const event = verifyStripeEvent(request.body, request.headers['stripe-signature'], secret);
      const outcome = await handleStripeEvent({ ...deps, stripe, logger: request.log }, event);
      request.log.info({ eventId: event.id, type: event.type, outcome }, 'stripe event handled');
      return { received: true };
    });
  });
};
