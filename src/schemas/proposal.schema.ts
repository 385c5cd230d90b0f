import validator from 'validator';
import { z } from 'zod';
import { isCalendarDate } from '../domain/calendar';
import { BOOKING_STATUSES, PROPOSAL_STATUSES } from '../domain/statuses';
import { ZText } from './text.schema';

export const ZUuid = z.uuid('expected an id (uuid)');
// Postgres has no year 0 (a date error there would be a 500) and nobody books a past century.
const EARLIEST_DATE = '1900-01-01';
export const ZDate = z
  .string()
  .refine(isCalendarDate, 'expected a date as YYYY-MM-DD')
  .refine((date) => date >= EARLIEST_DATE, `expected a date from ${EARLIEST_DATE} on`);

// Control characters (CR/LF included) never belong in a name that ends up in an email header.
export const ZPersonName = ZText({ max: 120 });
export const ZEmail = z
  .string()
  .trim()
  .max(254)
  .refine((email) => validator.isEmail(email, { allow_display_name: false, allow_ip_domain: false }), 'expected an email address')
  .transform((email) => email.toLowerCase());

export const ZCreateProposalBody = z.strictObject({
  sessionId: ZUuid.optional(),
  packageId: ZUuid,
  date: ZDate,
  customerName: ZPersonName,
  customerEmail: ZEmail,
  notes: ZText({ max: 1000, min: 0, freeText: true }).optional(),
});
export type TCreateProposalBody = z.infer<typeof ZCreateProposalBody>;

export const ZProposalParams = z.strictObject({ proposalId: ZUuid });
export const ZProposalQuery = z.strictObject({ sessionId: ZUuid });
export const ZConfirmBody = z.strictObject({ sessionId: ZUuid });

export const ZProposal = z.object({
  id: z.string(),
  sessionId: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  expiresAt: z.string(),
  preview: z.object({
    service: z.string(),
    date: z.string(),
    price: z.string(),
    customerName: z.string(),
    customerEmail: z.string(),
  }),
  booking: z
    .object({
      id: z.string(),
      status: z.enum(BOOKING_STATUSES),
      confirmationCode: z.string(),
      checkoutUrl: z.string(),
      paidAt: z.string().optional(),
    })
    .optional(),
});
export type TProposal = z.infer<typeof ZProposal>;
