import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { TenantKeyRotation1764300000000 } from './1764300000000-TenantKeyRotation';
import { TenantAllowedOrigins1764400000000 } from './1764400000000-TenantAllowedOrigins';
import { TenantCancellationPolicy1764450000000 } from './1764450000000-TenantCancellationPolicy';
import { BookingSelfService1764600000000 } from './1764600000000-BookingSelfService';

/** Listed by class, not by glob, so the same list works from ts-jest and from dist/. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  TenantKeyRotation1764300000000,
  TenantAllowedOrigins1764400000000,
  TenantCancellationPolicy1764450000000,
  BookingSelfService1764600000000,
];
