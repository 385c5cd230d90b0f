import type { TCancellationPolicy } from '../../schemas/cancellation-policy.schema';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Opening hours per weekday ("mon".."sun"): [open, close] as HH:MM, or null when closed. */
export type BusinessHours = Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string] | null>;

@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Safe to ship in a browser; identifies the tenant on frontend routes. */
  @Column({ name: 'publishable_key', type: 'text', unique: true })
  publishableKey: string;

  /** sha256 of the secret key; the key itself is shown once and never stored. */
  @Column({ name: 'secret_key_hash', type: 'text', unique: true })
  secretKeyHash: string;

  @Column({ type: 'text', default: 'UTC' })
  timezone: string;

  @Column({ type: 'text', default: 'usd' })
  currency: string;

  @Column({ name: 'business_hours', type: 'jsonb' })
  businessHours: BusinessHours;

  /** YYYY-MM-DD dates the tenant does not take bookings. */
  @Column({ name: 'blackout_dates', type: 'jsonb', default: () => "'[]'::jsonb" })
  blackoutDates: string[];

  /** Where booking notifications for the business go; none are sent while unset. */
  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail: string | null;

  /**
   * Origins (`https://shop.example`, or `http://localhost:*` for any port) whose pages may call the
   * frontend routes from a browser; the CORS check reads them on every request.
   */
  @Column({ name: 'allowed_origins', type: 'jsonb', default: () => "'[]'::jsonb" })
  allowedOrigins: string[];

  /** Refunds on customer cancellation; the migration gives every tenant DEFAULT_CANCELLATION_POLICY. */
  @Column({ name: 'cancellation_policy', type: 'jsonb' })
  cancellationPolicy: TCancellationPolicy;

  /** Set by the platform operator: every key of the tenant then answers 401. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
