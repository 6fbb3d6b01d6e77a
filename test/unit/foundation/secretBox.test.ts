import crypto from 'node:crypto';
import { createSecretBox } from '../../../src/security/secretBox';

describe('secretBox (AES-256-GCM)', () => {
  const key = crypto.randomBytes(32);

  it('round-trips JSON and never contains the plaintext', () => {
    const box = createSecretBox(key);
    const sealed = box.sealJson({ refreshToken: 'rt-123456789' });
    expect(sealed).not.toContain('rt-123456789');
    expect(sealed.startsWith(`v2.${box.keyId}.`)).toBe(true);
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

  it('binds a sealed value to its context: another org cannot open it (issue 24, item 9)', () => {
    const box = createSecretBox(key);
    const sealed = box.sealJson({ password: 'pw' }, 'org:1');
    expect(box.openJson(sealed, 'org:1')).toEqual({ password: 'pw' });
    expect(() => box.openJson(sealed, 'org:2')).toThrow(/sealed for another org/);
    expect(() => box.openJson(sealed)).toThrow(/could not be decrypted/);
  });

  it('opens only full-length tags', () => {
    const box = createSecretBox(key);
    const parts = box.seal('hello', 'org:1').split('.');
    parts[3] = Buffer.from(parts[3]!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => box.open(parts.join('.'), 'org:1')).toThrow(/could not be decrypted/);
  });

  it('still opens values sealed before contexts (v1), whatever the context', () => {
    // a v1 value as the previous version sealed it: AAD "v1.<keyId>"
    const box = createSecretBox(key);
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`v1.${box.keyId}`));
    const data = Buffer.concat([cipher.update('legacy', 'utf8'), cipher.final()]);
    const sealed = [
      'v1',
      box.keyId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      data.toString('base64url'),
    ].join('.');
    expect(box.isLegacy(sealed)).toBe(true);
    expect(box.open(sealed, 'org:7')).toBe('legacy');
  });
});
