import type { FastifyReply } from 'fastify';
import { ZCheckoutSessionParams } from '../../schemas/stripe-webhook.schema';
import { findCheckoutBooking } from '../../services/find-checkout-booking';
import { buildTestPaymentEvent, type CheckoutSummary, summarizeCheckout } from '../../services/test-mode-checkout';
import { esc, PAGE_ROUTE, sendPage } from '../html-page';
import { publicRoutes } from '../route-scopes';

// The Pay form posts no fields; anything bigger is not from our page.
const PAY_FORM_BODY_LIMIT_BYTES = 1024;

function summaryList(summary: CheckoutSummary): string {
  return `<dl>
<dt>Service</dt><dd>${esc(summary.service)}</dd>
<dt>Date</dt><dd>${esc(summary.date)}</dd>
<dt>Amount</dt><dd>${esc(summary.amount)}</dd>
<dt>Confirmation code</dt><dd>${esc(summary.confirmationCode)}</dd>
</dl>`;
}

function notFoundPage(reply: FastifyReply): FastifyReply {
  return sendPage(reply, 404, 'Checkout not found', '<p>There is no checkout with this link.</p>');
}

function notPayablePage(reply: FastifyReply, summary: CheckoutSummary): FastifyReply {
  const why = summary.bookingStatus === 'CONFIRMED' ? 'This booking is already paid.' : `This booking is ${summary.bookingStatus.toLowerCase()} and can no longer be paid.`;
  return sendPage(reply, 409, 'Nothing to pay', `${summaryList(summary)}<p>${esc(why)}</p>`);
}

/**
 * The local stand-in for Stripe's hosted checkout (registered only without Stripe keys): a page per
 * checkout session whose Pay button posts a correctly signed checkout.session.completed event to
 * this service's own webhook, so the whole booking flow runs on a laptop.
 */
export const testCheckoutRoutes = publicRoutes(async (app, deps) => {
  if (deps.config.NODE_ENV === 'production' || !deps.config.stripeTestMode) {
    throw new Error('the test-mode checkout is for development only: it signs payments with a public secret');
  }
  // The Pay button is a plain HTML form; its (empty) body is not needed.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: PAY_FORM_BODY_LIMIT_BYTES }, (_request, _body, done) =>
    done(null, {}),
  );

  app.get('/test-mode/checkout/:checkoutSessionId', PAGE_ROUTE, async (request, reply) => {
    const params = ZCheckoutSessionParams.safeParse(request.params);
    const booking = params.success ? await findCheckoutBooking(deps.db, params.data.checkoutSessionId) : null;
    if (!booking) return notFoundPage(reply);
    const summary = await summarizeCheckout(deps.db, booking);
    if (booking.status !== 'PENDING') return notPayablePage(reply, summary);
    const id = encodeURIComponent(summary.checkoutSessionId);
    return sendPage(
      reply,
      200,
      'Test-mode checkout',
      `${summaryList(summary)}
<form method="post" action="/test-mode/checkout/${esc(id)}/pay"><button type="submit">Pay ${esc(summary.amount)}</button></form>
<p class="note">Test mode: no card is charged. <a href="/checkout/cancel?session_id=${esc(id)}">Cancel</a></p>`,
    );
  });

  app.post('/test-mode/checkout/:checkoutSessionId/pay', PAGE_ROUTE, async (request, reply) => {
    const params = ZCheckoutSessionParams.safeParse(request.params);
    const booking = params.success ? await findCheckoutBooking(deps.db, params.data.checkoutSessionId) : null;
    if (!booking) return notFoundPage(reply);
    const summary = await summarizeCheckout(deps.db, booking);
    if (booking.status !== 'PENDING') return notPayablePage(reply, summary);

    const event = buildTestPaymentEvent(booking);
    const delivered = await app.inject({
      method: 'POST',
      url: '/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
      payload: event.payload,
    });
    if (delivered.statusCode >= 300) {
      request.log.error({ eventId: event.eventId, status: delivered.statusCode }, 'test-mode payment was not accepted by the webhook');
      return sendPage(reply, 502, 'Payment not recorded', '<p>The payment could not be recorded right now. Please try again.</p>');
    }
    return sendPage(
      reply,
      200,
      'Payment received',
      `${summaryList(summary)}<p>Thank you! Your booking is being confirmed; a confirmation email is on its way.</p>`,
    );
  });
});
