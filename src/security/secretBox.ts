import crypto from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM sealing for credentials at rest. The sealed text carries a key id so a
 * rotation can tell which key sealed it: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url).
 */
export interface SecretBox {
  readonly keyId: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
  sealJson(value: unknown): string;
  openJson<T>(sealed: string): T;
}

export function keyIdOf(key: Buffer): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function createSecretBox(key: Buffer, previousKeys: Buffer[] = []): SecretBox {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes');
  const keys = new Map<string, Buffer>([[keyIdOf(key), key], ...previousKeys.map((k) => [keyIdOf(k), k] as [string, Buffer])]);
  const keyId = keyIdOf(key);

  const seal = (plaintext: string): string => {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, keyId, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  };

  const open = (sealed: string): string => {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new Error('Sealed secret has an unknown format');
    const [, id, iv, tag, data] = parts as [string, string, string, string, string];
    const k = keys.get(id);
    if (!k) throw new Error(`Sealed secret was encrypted with key ${id}, which is not configured (LEADLOOP_SECRET_KEY changed?)`);
    const decipher = crypto.createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${VERSION}.${id}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Sealed secret could not be decrypted: wrong key or tampered data');
    }
  };

  return {
    keyId,
    seal,
    open,
    sealJson: (value) => seal(JSON.stringify(value)),
    openJson: <T>(sealed: string) => JSON.parse(open(sealed)) as T,
  };
}

export function generateKey(): string {
  return crypto.randomBytes(32).toString('hex');
}
