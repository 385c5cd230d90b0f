import { quoteRefund } from '../../src/domain/refund-policy';
import { DEFAULT_CANCELLATION_POLICY } from '../../src/schemas/cancellation-policy.schema';
import { createManageToken, verifyManageToken } from '../../src/services/manage-link';

const SECRET = 'unit-test-manage-link-secret-0123456789';
const BOOKING = '6f1c1d2e-8a7b-4c3d-9e0f-123456789abc';
const TENANT = '0b5a7c1e-2d3f-4a5b-8c6d-7e8f9a0b1c2d';

describe('quoteRefund (the default policy: full from 7 days ahead, half from 2, none after)', () => {
  it.each([
    [30, 100, 15_000],
    [7, 100, 15_000],
    [6, 50, 7_500],
    [2, 50, 7_500],
    [1, 0, 0],
    [0, 0, 0],
  ])('%i days before refunds %i%%', (days, percent, cents) => {
    const eventDate = new Date(Date.UTC(2031, 5, 1 + days)).toISOString().slice(0, 10);
    expect(quoteRefund(DEFAULT_CANCELLATION_POLICY, '2031-06-01', eventDate, 15_000)).toEqual({ daysBefore: days, percent, refundCents: cents });
  });

  it('rounds a partial refund down to the minor unit', () => {
    expect(quoteRefund({ fullRefundDaysBefore: 10, partialRefundPercent: 33, noRefundDaysBefore: 0 }, '2031-06-01', '2031-06-05', 1_001).refundCents).toBe(330);
  });
});

describe('manage link tokens', () => {
  const now = new Date('2031-06-01T12:00:00Z');
  const token = createManageToken(SECRET, { bookingId: BOOKING, tenantId: TENANT, expiresAt: new Date('2031-09-01T12:00:00Z') });

  it('round-trips the booking and tenant, fits a path parameter and shows neither id', () => {
    expect(verifyManageToken(SECRET, token, now)).toEqual({ valid: true, claims: { bookingId: BOOKING, tenantId: TENANT, expiresAt: new Date('2031-09-01T12:00:00Z') } });
    expect(token.length).toBeLessThanOrEqual(100);
    expect(token).not.toContain(BOOKING.replace(/-/g, ''));
  });

  it('is expired after its time and invalid with another secret, a changed payload or a changed signature', () => {
    expect(verifyManageToken(SECRET, token, new Date('2031-09-01T12:00:01Z'))).toEqual({ valid: false, reason: 'expired' });
    expect(verifyManageToken(`${SECRET}x`, token, now)).toEqual({ valid: false, reason: 'invalid' });
    const [payload, signature] = token.split('.');
    const flip = (text: string) => `${text.slice(0, 5)}${text[5] === 'A' ? 'B' : 'A'}${text.slice(6)}`;
    expect(verifyManageToken(SECRET, `${flip(payload)}.${signature}`, now)).toEqual({ valid: false, reason: 'invalid' });
    expect(verifyManageToken(SECRET, `${payload}.${flip(signature)}`, now)).toEqual({ valid: false, reason: 'invalid' });
    expect(verifyManageToken(SECRET, `${payload}.${signature}.x`, now)).toEqual({ valid: false, reason: 'invalid' });
    expect(verifyManageToken(SECRET, '', now)).toEqual({ valid: false, reason: 'invalid' });
  });
});
