import type { DataSource } from 'typeorm';
import { BookingEntity } from '../db/entities';

/**
 * The booking behind a checkout session id. Like Stripe's own hosted page, the (unguessable)
 * session id is what grants access, so this lookup spans tenants.
 */
export async function findCheckoutBooking(db: DataSource, checkoutSessionId: string): Promise<BookingEntity | null> {
  return db.getRepository(BookingEntity).findOneBy({ stripeCheckoutSessionId: checkoutSessionId });
}
