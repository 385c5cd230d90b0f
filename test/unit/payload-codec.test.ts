import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, parsePayloadKeys } from '../../src/integrations/payload-codec';

const newKey = () => randomBytes(32).toString('base64');
const input = { customerName: 'Ann Example', customerEmail: 'ann.codec@example.com', notes: 'gate code 1234' };

describe('AesGcmPayloadCodec', () => {
  it('encrypts whole payloads: no customer data in the bytes, the same value after decoding', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(`k1:${newKey()}`));
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(input)]);
    const bytes = Buffer.concat([Buffer.from(encoded.data ?? []), ...Object.values(encoded.metadata ?? {}).map((value) => Buffer.from(value))]);
    expect(bytes.toString('latin1')).not.toMatch(/ann\.codec|Ann Example|gate code|json\/plain/);
    expect(Buffer.from(encoded.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k1');
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(input);
  });

  it('keeps payloads of a rotated-out key readable while that key is still listed', async () => {
    const oldKey = `old:${newKey()}`;
    const before = new AesGcmPayloadCodec(parsePayloadKeys(oldKey));
    const [written] = await before.encode([defaultPayloadConverter.toPayload(input)]);
    const after = new AesGcmPayloadCodec(parsePayloadKeys(`new:${newKey()},${oldKey}`));
    expect(defaultPayloadConverter.fromPayload((await after.decode([written]))[0])).toEqual(input);
    const [rewritten] = await after.encode([defaultPayloadConverter.toPayload(input)]);
    expect(Buffer.from(rewritten.metadata?.['encryption-key-id'] ?? []).toString()).toBe('new');
  });

  it('fails clearly with a wrong or missing key, never returning garbage', async () => {
    const [written] = await new AesGcmPayloadCodec(parsePayloadKeys(`k1:${newKey()}`)).encode([defaultPayloadConverter.toPayload(input)]);
    await expect(new AesGcmPayloadCodec(parsePayloadKeys(`k1:${newKey()}`)).decode([written])).rejects.toThrow(/does not decrypt with key "k1"/);
    await expect(new AesGcmPayloadCodec(parsePayloadKeys(`k2:${newKey()}`)).decode([written])).rejects.toThrow(/key "k1", which is not in PAYLOAD_KEYS/);
  });

  it('passes payloads that were never encrypted through (workflows started before encryption was on)', async () => {
    const plain = defaultPayloadConverter.toPayload(input);
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(`k1:${newKey()}`));
    expect(defaultPayloadConverter.fromPayload((await codec.decode([plain]))[0])).toEqual(input);
  });

  it('refuses malformed key lists', () => {
    expect(() => parsePayloadKeys('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parsePayloadKeys(newKey())).toThrow(/id:base64key/);
    const key = newKey();
    expect(() => parsePayloadKeys(`a:${key},a:${key}`)).toThrow(/each id once/);
  });
});
