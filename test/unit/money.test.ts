import { formatPrice, isSupportedCurrency, minorUnitDigits, stripePriceProblem } from '../../src/domain/money';

describe('money in minor units', () => {
  it.each([
    ['usd', 2],
    ['EUR', 2],
    ['jpy', 0],
    ['kwd', 3],
    ['clp', 0],
  ])('knows the ISO 4217 minor unit of %s (%i digits)', (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
  });

  it.each([['abc'], ['xau'], ['xxx'], ['xts'], ['isk'], ['us'], ['usdd'], ['']])('refuses %j as a currency', (code) => {
    expect(isSupportedCurrency(code)).toBe(false);
  });

  it.each([
    [15_000, 'usd', '$150.00'],
    [15_000, 'jpy', '¥15,000'],
    [12_500, 'kwd', 'KWD 12.500'],
    [9_900, 'eur', '€99.00'],
  ])('shows %i %s as %s', (minor, currency, shown) => {
    // Intl puts a no-break space after a code like KWD; compare with plain spaces.
    expect(formatPrice(minor, currency).replace(/\u00a0/g, ' ')).toBe(shown);
  });

  it.each([
    [50, 'usd'],
    [50, 'jpy'],
    [10, 'kwd'],
    [50, 'eur'],
    [1, 'vnd'],
  ])('lets Stripe charge %i %s', (minor, currency) => {
    expect(stripePriceProblem(minor, currency)).toBeUndefined();
  });

  it.each([
    [0, 'usd', /free bookings are not supported/],
    [49, 'usd', /at least \$0\.50/],
    [49, 'jpy', /at least ¥50/],
    [49, 'eur', /at least €0\.50/],
    [12_345, 'kwd', /multiple of 10/],
  ])('refuses %i %s', (minor, currency, reason) => {
    expect(stripePriceProblem(minor, currency)).toMatch(reason);
  });
});
