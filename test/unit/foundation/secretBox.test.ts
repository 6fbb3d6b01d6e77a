import crypto from 'node:crypto';
import { createSecretBox } from '../../../src/security/secretBox';

describe('secretBox (AES-256-GCM)', () => {
  const key = crypto.randomBytes(32);

  it('round-trips JSON and never contains the plaintext', () => {
    const box = createSecretBox(key);
    const sealed = box.sealJson({ refreshToken: 'rt-123456789' });
    expect(sealed).not.toContain('rt-123456789');
    expect(sealed.startsWith(`v1.${box.keyId}.`)).toBe(true);
    expect(box.openJson(sealed)).toEqual({ refreshToken: 'rt-123456789' });
  });

  it('uses a fresh IV each time', () => {
    const box = createSecretBox(key);
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('refuses tampered data and unknown keys', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('hello');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('jello').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(/tampered/);
    expect(() => createSecretBox(crypto.randomBytes(32)).open(sealed)).toThrow(/not configured/);
  });

  it('opens values sealed with a previous key after rotation', () => {
    const old = createSecretBox(key);
    const sealed = old.seal('secret');
    const rotated = createSecretBox(crypto.randomBytes(32), [key]);
    expect(rotated.open(sealed)).toBe('secret');
  });
});
