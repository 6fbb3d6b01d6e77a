/**
 * The redaction layer: nothing that looks like a credential leaves the process in a log
 * line, an error message, `--json` output or a run record.
 */
const SENSITIVE_KEY =
  /(pass(word|wd)?|secret|token|authorization|auth[_-]?header|cookie|api[_-]?key|assertion|private[_-]?key|session[_-]?id|sessionid|credentials?|refresh|signature|^code$|code[_-]?verifier|oauth-token)/i;

const PATTERNS: [RegExp, string][] = [
  [/(Bearer|OAuth)\s+[A-Za-z0-9._~+/!=-]{8,}/g, '$1 [redacted]'],
  // Salesforce session ids / access tokens: 00D…!…
  [/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{20,}/g, '[redacted]'],
  [/((?:access_token|refresh_token|client_secret|password|assertion|code_verifier|token)=)[^&\s"']+/gi, '$1[redacted]'],
  [
    /("(?:access_token|refresh_token|client_secret|password|assertion|download_token)"\s*:\s*")[^"]*"/gi,
    '$1[redacted]"',
  ],
  [/(OAuth-Token:\s*)\S+/gi, '$1[redacted]'],
  // JWTs
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted]'],
  // PEM private keys
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[redacted private key]'],
  // credentials inside URLs: postgres://user:pass@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+@/gi, '$1[redacted]@'],
];

/** Known secret values (tokens obtained at run time, passwords from config), masked wherever they appear. */
export class SecretRegistry {
  private readonly values = new Set<string>();

  add(value: string | undefined | null): void {
    if (value && value.length >= 6) this.values.add(value);
  }

  scrub(text: string): string {
    let out = text;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join('[redacted]');
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }
}

/** A plain, safe description of an error: HTTP client errors carry request configs with tokens. */
export function describeError(error: unknown, secrets?: SecretRegistry): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: scrubText(String(error), secrets) };
  const e = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { name: e.name, message: scrubText(e.message, secrets) };
  for (const key of ['kind', 'crm', 'code', 'status', 'recordId', 'retryAfterMs', 'errorCode'] as const) {
    const v = e[key];
    if (typeof v === 'string' || typeof v === 'number') out[key] = typeof v === 'string' ? scrubText(v, secrets) : v;
  }
  const response = e['response'] as { status?: unknown } | undefined;
  if (response && typeof response.status === 'number' && out['status'] === undefined) out['status'] = response.status;
  return out;
}

function scrubText(text: string, secrets?: SecretRegistry): string {
  return secrets ? secrets.scrub(text) : new SecretRegistry().scrub(text);
}

/** Deep copy of `value` with sensitive keys and known secret values masked. */
export function redact(value: unknown, secrets: SecretRegistry = new SecretRegistry(), depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (typeof value === 'string') return secrets.scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return describeError(value, secrets);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (SENSITIVE_KEY.test(key) && v !== undefined && v !== null && typeof v !== 'boolean' && typeof v !== 'number') {
      out[key] = '[redacted]';
    } else {
      out[key] = redact(v, secrets, depth + 1);
    }
  }
  return out;
}
