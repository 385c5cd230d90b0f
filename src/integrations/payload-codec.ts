import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID_FIELD = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/**
 * Parses PAYLOAD_KEYS, `id:base64key,...` with 32-byte keys; the first encrypts, all decrypt (so an
 * old key stays listed until no open workflow needs it: docs/operations.md).
 */
export function parsePayloadKeys(text: string): PayloadKey[] {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      const id = entry.slice(0, separator);
      const key = Buffer.from(entry.slice(separator + 1), 'base64');
      if (separator <= 0 || !/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new Error(`payload key "${id || entry.slice(0, 8)}": expected id:base64key`);
      if (key.length !== KEY_BYTES) throw new Error(`payload key "${id}": expected ${KEY_BYTES} bytes of base64, got ${key.length}`);
      return { id, key };
    });
  if (new Set(keys.map((key) => key.id)).size !== keys.length) throw new Error('payload keys: each id once');
  return keys;
}

function utf8(value: Uint8Array | null | undefined): string {
  return value ? Buffer.from(value).toString('utf8') : '';
}

/**
 * AES-256-GCM over each whole payload (its metadata too), the key id in clear metadata so keys can
 * rotate. Runs on the client (API) and the worker, outside the workflow sandbox; the Temporal server
 * and its UI see only ciphertext unless the UI goes through the codec endpoint.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: PayloadKey;

  constructor(keys: PayloadKey[]) {
    if (keys.length === 0) throw new Error('AesGcmPayloadCodec needs at least one key');
    this.current = keys[0];
    this.byId = new Map(keys.map((key) => [key.id, key.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: Buffer.from(ENCODING), [KEY_ID_FIELD]: Buffer.from(this.current.id) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (utf8(payload.metadata?.encoding) !== ENCODING) return payload;
      const keyId = utf8(payload.metadata?.[KEY_ID_FIELD]);
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`payload encrypted with key "${keyId}", which is not in PAYLOAD_KEYS`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error(`payload encrypted with key "${keyId}" is truncated`);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new Error(`payload does not decrypt with key "${keyId}": the key under that id is not the one that encrypted it`);
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
