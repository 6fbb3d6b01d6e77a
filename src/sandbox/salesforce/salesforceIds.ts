/** Salesforce-shaped record ids: 3-char key prefix, 12 chars, 3-char case checksum (18 chars). */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-char suffix Salesforce appends to a 15-char id: one char per 5-char chunk, a bit per uppercase letter. */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += CHECKSUM[bits];
  }
  return suffix;
}

/** Ids sort in creation order (base62 counter in ASCII order), like a real org's within one pod. */
export function makeId(keyPrefix: string, counter: number): string {
  let n = counter;
  let digits = '';
  for (let i = 0; i < 8; i += 1) {
    digits = BASE62[n % 62] + digits;
    n = Math.floor(n / 62);
  }
  const id15 = `${keyPrefix}5g00${digits}`;
  return id15 + idChecksum(id15);
}

export const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Accepts 15- or 18-char ids and returns the 18-char form, or null when malformed. */
export function normalizeId(id: string): string | null {
  if (!ID_PATTERN.test(id)) return null;
  return id.length === 15 ? id + idChecksum(id) : id;
}

/** `2026-11-23T02:47:52.000+0000`: how Salesforce's REST API writes datetimes (one-second precision here). */
export function formatDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('Z', '+0000');
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
