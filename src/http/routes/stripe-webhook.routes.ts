import { createStripeClient, webhookSecret } from '../../integrations/stripe';
import { webhookEvents } from '../../metrics';
import { ERROR_RESPONSES } from '../../schemas/common.schema';
import { ZWebhookReceived } from '../../schemas/stripe-webhook.schema';
import { handleStripeEvent } from '../../services/handle-stripe-event';
import { verifyStripeEvent } from '../../services/verify-stripe-event';
import { publicRoutes } from '../route-scopes';

// Checkout session events are a few kilobytes; Stripe's payloads stay far below this.
const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * docs/api.md `POST /v1/webhooks/stripe`. This plugin is its own encapsulation context: here alone JSON
 * bodies stay raw bytes, because the signature covers the exact bytes Stripe sent; so the body has
 * no schema here (verifyStripeEvent validates it after the signature).
 */
export const stripeWebhookRoutes = publicRoutes(async (app, deps) => {
  const secret = webhookSecret(deps.config);
  // Refunds payments that do not match what was sold (services/check-sold-payment.ts).
  const stripe = createStripeClient(deps.config);

  await app.register(async (webhook) => {
    webhook.removeAllContentTypeParsers();
    webhook.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (_request, body, done) =>
      done(null, body),
    );

    const schema = {
      tags: ['stripe'],
      summary: 'Stripe events (checkout.session.*), signed with Stripe-Signature over the raw body',
      response: { 200: ZWebhookReceived, ...ERROR_RESPONSES },
    };
    webhook.post('/v1/webhooks/stripe', { bodyLimit: WEBHOOK_BODY_LIMIT_BYTES, schema }, async (request) => {
      let outcome: string = 'rejected';
      try {
        const event = verifyStripeEvent(request.body, request.headers['stripe-signature'], secret);
        outcome = 'error';
        outcome = await handleStripeEvent({ ...deps, stripe, logger: request.log }, event);
        request.log.info({ eventId: event.id, type: event.type, outcome }, 'stripe event handled');
        return { received: true as const };
      } finally {
        webhookEvents.inc({ outcome });
      }
    });
  });
});
