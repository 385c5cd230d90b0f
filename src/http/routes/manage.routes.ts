import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app-deps';
import { formatPrice } from '../../domain/money';
import { AppError } from '../../errors';
import { ZCancelForm, ZManageParams, ZRescheduleForm } from '../../schemas/manage.schema';
import { cancelManagedBooking, findManagedBooking, type ManagedBookingView, rescheduleManagedBooking } from '../../services/manage-booking';
import { type ManageLinkClaims, verifyManageToken } from '../../services/manage-link';
import { esc, PAGE_ROUTE, sendPage } from '../html-page';

// The forms post one date at most; anything bigger is not from our page.
const MANAGE_FORM_BODY_LIMIT_BYTES = 1024;
// A person clicks a few times; a script guessing links gets nowhere faster than this.
const MANAGE_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };

function bookingList(view: ManagedBookingView): string {
  return `<dl>
<dt>Business</dt><dd>${esc(view.tenantName)}</dd>
<dt>Service</dt><dd>${esc(view.service)}</dd>
<dt>Date</dt><dd>${esc(view.date)}</dd>
<dt>Status</dt><dd>${esc(view.status.toLowerCase())}</dd>
<dt>Amount</dt><dd>${esc(view.amount)}</dd>
<dt>Confirmation code</dt><dd>${esc(view.booking.confirmationCode)}</dd>
</dl>`;
}

function manageForms(token: string, view: ManagedBookingView): string {
  if (!view.changeable) return '<p class="note">This booking can no longer be changed here; please contact the business.</p>';
  const base = `/manage/${esc(token)}`;
  return `<h2>Move to another date</h2>
<form method="post" action="${base}/reschedule">
<label>New date <input type="date" name="date" required min="${esc(view.earliestNewDate)}"></label>
<button type="submit">Reschedule</button>
</form>
<h2>Cancel</h2>
<p>Cancelling now refunds <strong>${esc(view.refundIfCanceled)}</strong> under the business's cancellation policy.</p>
<form method="post" action="${base}/cancel"><button type="submit">Cancel booking</button></form>`;
}

function showBooking(reply: FastifyReply, status: number, token: string, view: ManagedBookingView, message?: string): FastifyReply {
  const notice = message ? `<p><strong>${esc(message)}</strong></p>` : '';
  return sendPage(reply, status, 'Your booking', `${notice}${bookingList(view)}${manageForms(token, view)}`);
}

/** The claims of a good link, or the page that says why the link is no good (410 expired, 404 otherwise). */
function checkLink(deps: AppDeps, request: FastifyRequest, reply: FastifyReply): { token: string; claims: ManageLinkClaims } | FastifyReply {
  const params = ZManageParams.safeParse(request.params);
  const check = params.success ? verifyManageToken(deps.config.manageLinkSecret, params.data.token) : ({ valid: false, reason: 'invalid' } as const);
  if (check.valid && params.success) return { token: params.data.token, claims: check.claims };
  if (!check.valid && check.reason === 'expired') {
    return sendPage(reply, 410, 'Link expired', '<p>This link has expired. Please contact the business to change your booking.</p>');
  }
  return notFoundPage(reply);
}

function notFoundPage(reply: FastifyReply): FastifyReply {
  return sendPage(reply, 404, 'Booking not found', '<p>There is no booking with this link. Please use the link from your confirmation email.</p>');
}

/** A failure the customer should read on a page, not as JSON. */
async function asPage(reply: FastifyReply, work: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return sendPage(reply, error.status, 'Your booking', `<p>${esc(error.message)}</p>`);
  }
}

/**
 * docs/api.md "Manage pages": the customer's own page behind the signed link in their confirmation
 * email. The link is the capability; changes are POST-only forms to this service (CSP form-action
 * 'self'), each run as its own workflow.
 */
export const manageRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MANAGE_FORM_BODY_LIMIT_BYTES }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  const routeOptions = { ...PAGE_ROUTE, config: { rateLimit: MANAGE_RATE_LIMIT } };

  app.get('/manage/:token', routeOptions, async (request, reply) => {
    const link = checkLink(deps, request, reply);
    if (!('claims' in link)) return link;
    const view = await findManagedBooking(deps.db, link.claims);
    return view ? showBooking(reply, 200, link.token, view) : notFoundPage(reply);
  });

  app.post('/manage/:token/cancel', routeOptions, async (request, reply) => {
    const link = checkLink(deps, request, reply);
    if (!('claims' in link)) return link;
    const view = await findManagedBooking(deps.db, link.claims);
    if (!view) return notFoundPage(reply);
    if (!ZCancelForm.safeParse(request.body ?? {}).success) return showBooking(reply, 400, link.token, view, 'Unexpected form fields; nothing was changed.');
    if (view.status === 'CANCELED' || view.status === 'REFUNDED') return showBooking(reply, 200, link.token, view, 'This booking is already cancelled.');
    return asPage(reply, async () => {
      const result = await cancelManagedBooking(deps, view);
      const after = (await findManagedBooking(deps.db, link.claims)) ?? view;
      if (result.outcome === 'REFUSED' || result.outcome === 'NOT_FOUND') {
        return showBooking(reply, 409, link.token, after, result.reason ?? 'This booking cannot be cancelled.');
      }
      const refund = result.refundedCents > 0 ? `${formatPrice(result.refundedCents, view.booking.currency)} is refunded to your card` : 'No refund is due under the cancellation policy';
      return showBooking(reply, 200, link.token, after, `Your booking is cancelled. ${refund}; a confirmation email is on its way.`);
    });
  });

  app.post('/manage/:token/reschedule', routeOptions, async (request, reply) => {
    const link = checkLink(deps, request, reply);
    if (!('claims' in link)) return link;
    const view = await findManagedBooking(deps.db, link.claims);
    if (!view) return notFoundPage(reply);
    const form = ZRescheduleForm.safeParse(request.body ?? {});
    if (!form.success) return showBooking(reply, 400, link.token, view, 'Please choose a valid date; nothing was changed.');
    if (!view.changeable) return showBooking(reply, 409, link.token, view, 'This booking can no longer be moved.');
    return asPage(reply, async () => {
      const result = await rescheduleManagedBooking(deps, view, form.data.date);
      const after = (await findManagedBooking(deps.db, link.claims)) ?? view;
      if (result.outcome === 'MOVED' || result.outcome === 'UNCHANGED') {
        return showBooking(reply, 200, link.token, after, `Your booking is now on ${after.date}. An updated calendar entry is on its way by email.`);
      }
      const why = result.outcome === 'DATE_UNAVAILABLE' ? `${form.data.date} is not available` : (result.reason ?? 'This booking cannot be moved');
      return showBooking(reply, 409, link.token, after, `${why}. Nothing was changed; please pick another date.`);
    });
  });
};
