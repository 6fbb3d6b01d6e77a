// The console talks only to /api/v1: the session cookie identifies the admin, changes carry
// the session's CSRF token (X-CSRF-Token), errors come back as { error: { code, message, details } }.

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401) {
    // the session ended (signed out elsewhere, expired): the sign-in page brings the admin back
    window.location.assign('/login');
    throw new ApiError(401, { code: 'UNAUTHENTICATED', message: 'signed out' });
  }
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (parsed as { error?: ApiErrorBody } | null)?.error;
    throw new ApiError(
      res.status,
      error ?? { code: 'HTTP_' + res.status, message: `the server answered ${res.status}` },
    );
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
};

export const orgPath = (name: string) => `/orgs/${encodeURIComponent(name)}`;
