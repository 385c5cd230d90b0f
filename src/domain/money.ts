import currencyCodes from 'currency-codes';

/**
 * Money is an integer in the currency's ISO 4217 minor unit (cents for usd, yen for jpy, fils for
 * kwd), the same number Stripe takes as `unit_amount`. Tables: the `currency-codes` package (ISO
 * 4217 list one) for minor units; Stripe's published rules below for what it can charge.
 */

// ISO 4217 also lists metals, bond units and test codes (XAU, XTS, XXX...): nobody pays in those.
const NON_MONEY_COUNTRY = /^Zz/;

// Stripe writes these as two-decimal amounts although ISO gives them none, so the same integer would
// mean different sums here and at Stripe. Refused until someone needs them (then convert at Stripe).
const STRIPE_EXPONENT_MISMATCH = new Set(['isk', 'ugx']);

// Stripe accepts amounts in three-decimal currencies only in multiples of 10 (the last digit is 0).
const STRIPE_THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/**
 * Stripe's published minimum charge, in minor units, for currencies with a fixed one. Elsewhere
 * Stripe's minimum is the value of USD 0.50 on the day, which needs exchange rates this service
 * does not have: such a price is checked by Stripe when the checkout opens.
 */
const STRIPE_MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30, hkd: 400,
  huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};

/** Minor-unit digits of an ISO 4217 currency (lower or upper case), undefined when it is no currency one can charge. */
export function minorUnitDigits(currency: string): number | undefined {
  const record = currencyCodes.code(currency.toUpperCase());
  if (!record || record.countries.some((country) => NON_MONEY_COUNTRY.test(country))) return undefined;
  if (STRIPE_EXPONENT_MISMATCH.has(currency.toLowerCase())) return undefined;
  return record.digits;
}

export function isSupportedCurrency(currency: string): boolean {
  return /^[A-Za-z]{3}$/.test(currency) && minorUnitDigits(currency) !== undefined;
}

/** "$150.00", "¥15,000", "KWD 12.500": the minor-unit amount in major units, with ISO's digits. */
export function formatPrice(minorUnits: number, currency: string): string {
  const digits = minorUnitDigits(currency) ?? 2;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minorUnits / 10 ** digits);
}

/** Why Stripe could not charge this price, or undefined when it can (as far as its fixed rules tell). */
export function stripePriceProblem(minorUnits: number, currency: string): string | undefined {
  const code = currency.toLowerCase();
  if (minorUnits <= 0) return 'must be more than 0: free bookings are not supported (every booking is paid through Stripe Checkout)';
  const minimum = STRIPE_MINIMUM_CHARGE[code];
  if (minimum !== undefined && minorUnits < minimum) {
    return `must be at least ${formatPrice(minimum, code)} (${minimum} in minor units), Stripe's minimum charge in ${code.toUpperCase()}`;
  }
  if (STRIPE_THREE_DECIMAL.has(code) && minorUnits % 10 !== 0) {
    return `must be a multiple of 10 in ${code.toUpperCase()}: Stripe charges three-decimal currencies in steps of 0.010`;
  }
  return undefined;
}
