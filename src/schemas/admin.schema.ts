import { z } from 'zod';
import { BOOKING_STATUSES } from '../domain/statuses';
import { ZQueryDate } from './catalog.schema';
import { ZUuid } from './proposal.schema';
import { ZText } from './text.schema';

/** Stripe's largest charge in a two-decimal currency: a price it could never collect is a typo. */
export const MAX_PRICE_CENTS = 99_999_999;

// Names land in emails and Stripe line items; descriptions may span lines.
const ZPackageName = ZText({ max: 120 });
const ZPackageDescription = ZText({ max: 2000, min: 0, freeText: true });
const ZPriceCents = z.number().int().min(0).max(MAX_PRICE_CENTS);

export const ZCreatePackageBody = z.strictObject({
  name: ZPackageName,
  description: ZPackageDescription.optional(),
  priceCents: ZPriceCents,
  active: z.boolean().optional(),
});
export type TCreatePackageBody = z.infer<typeof ZCreatePackageBody>;

export const ZUpdatePackageBody = z
  .strictObject({
    name: ZPackageName.optional(),
    description: ZPackageDescription.optional(),
    priceCents: ZPriceCents.optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'expected at least one of name, description, priceCents, active');
export type TUpdatePackageBody = z.infer<typeof ZUpdatePackageBody>;

export const ZIdParams = z.strictObject({ id: ZUuid });

/** The cancel route takes no body; an empty object is accepted for clients that always send one. */
export const ZCancelBookingBody = z.strictObject({});

export const ZListBookingsQuery = z
  .strictObject({
    status: z.enum(BOOKING_STATUSES).optional(),
    from: ZQueryDate.optional(),
    to: ZQueryDate.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: '`to` must not be before `from`', path: ['to'] });
export type TListBookingsQuery = z.infer<typeof ZListBookingsQuery>;

export const ZAdminPackage = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  priceCents: z.number(),
  currency: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAdminPackage = z.infer<typeof ZAdminPackage>;

export const ZAdminBooking = z.object({
  id: z.string(),
  proposalId: z.string(),
  packageId: z.string(),
  eventDate: z.string(),
  status: z.enum(BOOKING_STATUSES),
  confirmationCode: z.string(),
  customerName: z.string(),
  customerEmail: z.string(),
  totalCents: z.number(),
  currency: z.string(),
  amountPaidCents: z.number().nullable(),
  paidAt: z.string().nullable(),
  refundedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TAdminBooking = z.infer<typeof ZAdminBooking>;

export const ZAdminPackageList = z.object({ packages: z.array(ZAdminPackage) });
/** Stripe ids and checkout URLs are not in ZAdminBooking: the response serializer drops them. */
export const ZAdminBookingList = z.object({ bookings: z.array(ZAdminBooking) });
