import type { AppDeps } from '../../app-deps';
import { ZCheckoutReturnQuery } from '../../schemas/stripe-webhook.schema';
import { findCheckoutBooking } from '../../services/find-checkout-booking';
import { esc, PAGE_ROUTE, sendPage } from '../html-page';
import { publicRoutes } from '../route-scopes';

/** The confirmation code of the booking behind `?session_id=`, when there is one. */
async function confirmationCodeOf(deps: AppDeps, query: unknown): Promise<string | undefined> {
  const parsed = ZCheckoutReturnQuery.safeParse(query);
  const sessionId = parsed.success ? parsed.data.session_id : undefined;
  if (!sessionId) return undefined;
  return (await findCheckoutBooking(deps.db, sessionId))?.confirmationCode;
}

/**
 * The success_url and cancel_url of our checkout sessions (see the checkout activity): where
 * Stripe, or the test-mode page, sends the customer back. The booking is confirmed by the webhook,
 * never by a visit here, so these pages only inform.
 */
export const checkoutReturnRoutes = publicRoutes(async (app, deps) => {
  app.get('/checkout/success', PAGE_ROUTE, async (request, reply) => {
    const code = await confirmationCodeOf(deps, request.query);
    const codeLine = code ? `<p>Your confirmation code is <strong>${esc(code)}</strong>.</p>` : '';
    return sendPage(reply, 200, 'Thank you!', `${codeLine}<p>Your payment is being confirmed; a confirmation email is on its way.</p>`);
  });

  app.get('/checkout/cancel', PAGE_ROUTE, async (request, reply) => {
    const code = await confirmationCodeOf(deps, request.query);
    const codeLine = code ? `<p>Booking ${esc(code)} was not paid.</p>` : '';
    return sendPage(
      reply,
      200,
      'Payment cancelled',
      `${codeLine}<p>Nothing was charged. The date stays held for a while: use your checkout link again to pay.</p>`,
    );
  });
});
