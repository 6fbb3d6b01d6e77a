import crypto from 'node:crypto';

const VERSION = 'v2';
const LEGACY = 'v1';
/** GCM's full 128-bit tag, pinned on both sides: a shorter tag (a forgery made easier) never opens. */
const TAG_BYTES = 16;

/**
 * AES-256-GCM sealing for credentials at rest. The sealed text carries a key id so a
 * rotation can tell which key sealed it: `v2.<keyId>.<iv>.<tag>.<ciphertext>` (base64url).
 * The associated data binds the text to its key and to a context (the org it belongs to,
 * `org:<id>`): a sealed value copied into another org's row does not open (issue 24, item 9).
 * `v1` values (no context) still open, so stored credentials keep working; callers re-seal them.
 */
export interface SecretBox {
  readonly keyId: string;
  seal(plaintext: string, context?: string): string;
  open(sealed: string, context?: string): string;
  sealJson(value: unknown, context?: string): string;
  openJson<T>(sealed: string, context?: string): T;
  /** True for a value sealed before contexts existed (re-seal it with one). */
  isLegacy(sealed: string): boolean;
}

export function keyIdOf(key: Buffer): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function createSecretBox(key: Buffer, previousKeys: Buffer[] = []): SecretBox {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes');
  const keys = new Map<string, Buffer>([
    [keyIdOf(key), key],
    ...previousKeys.map((k) => [keyIdOf(k), k] as [string, Buffer]),
  ]);
  const keyId = keyIdOf(key);
  const aad = (version: string, id: string, context: string) =>
    Buffer.from(version === LEGACY ? `${LEGACY}.${id}` : `${VERSION}.${id}.${context}`);

  const seal = (plaintext: string, context = ''): string => {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(VERSION, keyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, keyId, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(
      '.',
    );
  };

  const open = (sealed: string, context = ''): string => {
    const parts = sealed.split('.');
    if (parts.length !== 5 || (parts[0] !== VERSION && parts[0] !== LEGACY))
      throw new Error('Sealed secret has an unknown format');
    const [version, id, iv, tag, data] = parts as [string, string, string, string, string];
    const k = keys.get(id);
    if (!k)
      throw new Error(
        `Sealed secret was encrypted with key ${id}, which is not configured (LEADLOOP_SECRET_KEY changed?)`,
      );
    const tagBytes = Buffer.from(tag, 'base64url');
    if (tagBytes.length !== TAG_BYTES)
      throw new Error('Sealed secret could not be decrypted: wrong key or tampered data');
    const decipher = crypto.createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(aad(version, id, context));
    decipher.setAuthTag(tagBytes);
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Sealed secret could not be decrypted: wrong key, tampered data, or sealed for another org');
    }
  };

  return {
    keyId,
    seal,
    open,
    sealJson: (value, context) => seal(JSON.stringify(value), context),
    openJson: <T>(sealed: string, context?: string) => JSON.parse(open(sealed, context)) as T,
    isLegacy: (sealed) => sealed.startsWith(`${LEGACY}.`),
  };
}

export function generateKey(): string {
  return crypto.randomBytes(32).toString('hex');
}
