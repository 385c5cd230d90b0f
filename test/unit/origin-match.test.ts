import { originAllowed } from '../../src/http/origin-match';

describe('originAllowed', () => {
  const list = ['https://shop.example', 'http://localhost:*'];

  it('admits an exact origin, in any letter case', () => {
    expect(originAllowed('https://shop.example', list)).toBe(true);
    expect(originAllowed('https://SHOP.example', list)).toBe(true);
  });

  it('refuses another scheme, port, subdomain or a look-alike host', () => {
    expect(originAllowed('http://shop.example', list)).toBe(false);
    expect(originAllowed('https://shop.example:8443', list)).toBe(false);
    expect(originAllowed('https://www.shop.example', list)).toBe(false);
    expect(originAllowed('https://shop.example.evil.test', list)).toBe(false);
  });

  it('admits localhost on any port through http://localhost:*, and nothing else through it', () => {
    expect(originAllowed('http://localhost:5173', list)).toBe(true);
    expect(originAllowed('http://localhost', list)).toBe(true);
    expect(originAllowed('https://localhost:5173', list)).toBe(false);
    expect(originAllowed('http://127.0.0.1:5173', list)).toBe(false);
    expect(originAllowed('http://localhost.evil.test:80', list)).toBe(false);
  });

  it('has no other wildcards: a * elsewhere in a list entry matches nothing', () => {
    expect(originAllowed('https://a.shop.example', ['https://*.shop.example', '*'])).toBe(false);
  });

  it('refuses a missing, opaque or malformed origin', () => {
    expect(originAllowed(undefined, list)).toBe(false);
    expect(originAllowed('null', list)).toBe(false);
    expect(originAllowed('https://shop.example/', list)).toBe(false);
    expect(originAllowed('https://shop.example/path', list)).toBe(false);
    expect(originAllowed('file://', list)).toBe(false);
  });
});
