import { applyClosedDates } from '../../src/domain/closed-dates';
import { canonicalTimeZone, normalizeOrigin } from '../../src/schemas/settings.schema';

describe('normalizeOrigin', () => {
  it.each([
    ['https://shop.example', 'https://shop.example'],
    ['HTTPS://Shop.Example/', 'https://shop.example'],
    ['https://shop.example:443', 'https://shop.example'],
    ['http://shop.example:80', 'http://shop.example'],
    ['http://shop.example:8080', 'http://shop.example:8080'],
    ['http://[::1]:5173', 'http://[::1]:5173'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['http://localhost:*', 'http://localhost:*'],
  ])('%s is the origin %s', (input, origin) => {
    expect(normalizeOrigin(input)).toBe(origin);
  });

  it.each([
    'shop.example',
    'https://shop.example/path',
    'https://shop.example//',
    'https://shop.example#top',
    'https://shop.example?q',
    'https://a@shop.example',
    'javascript://shop.example',
    'https://',
    'https://shop.example:99999',
    'https://localhost:*',
    'http://localhost:*/',
    'null',
  ])('refuses %s', (input) => {
    expect(normalizeOrigin(input)).toBeUndefined();
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['UTC', 'UTC'],
    ['europe/berlin', 'Europe/Berlin'],
    ['utc', 'UTC'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
  ])('%s is %s', (input, zone) => {
    expect(canonicalTimeZone(input)).toBe(zone);
  });

  it.each(['+01:00', 'Mars/Olympus', '', 'Europe/../Berlin'])('refuses %j', (input) => {
    expect(canonicalTimeZone(input)).toBeUndefined();
  });
});

describe('applyClosedDates', () => {
  const today = '2030-06-10';

  it('adds dates and ranges, removes others, drops the past and sorts', () => {
    const change = { add: ['2030-06-11', { from: '2030-06-08', to: '2030-06-10' }], remove: ['2030-06-20'] };
    const result = applyClosedDates(['2030-06-01', '2030-06-20', '2030-06-12'], change, today, 10);
    expect(result).toEqual({ dates: ['2030-06-10', '2030-06-11', '2030-06-12'] });
  });

  it('refuses a date both added and removed, and too many dates', () => {
    expect(applyClosedDates([], { add: ['2030-06-12'], remove: [{ from: '2030-06-11', to: '2030-06-13' }] }, today, 10)).toEqual({
      problem: '2030-06-12 is both added and removed',
    });
    expect(applyClosedDates(['2030-06-30'], { add: [{ from: '2030-06-11', to: '2030-06-20' }] }, today, 10)).toEqual({
      problem: expect.stringContaining('at most 10'),
    });
  });
});
