import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { passwordProblem } from '../security/passwordProblem';
import type { Queryable } from '../store/database';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1 };
const SESSION_HOURS = 12;

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, 64, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return crypto.timingSafeEqual(actual, expected);
}

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

export interface AdminSession {
  userId: number;
  email: string;
  csrfToken: string;
  data: Record<string, unknown>;
  tokenHash: string;
}

/** What a machine token may do: `read` every GET of the API and /metrics, `metrics` only /metrics, `full` everything. */
export const TOKEN_SCOPES = ['read', 'metrics', 'full'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ApiTokenInfo {
  id: number;
  name: string;
  scope: TokenScope;
  owner: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface AdminUserInfo {
  id: number;
  email: string;
  createdAt: Date;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
  sessions: number;
}

/** A password the rules refuse (src/security/passwordProblem.ts). */
export class WeakPasswordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeakPasswordError';
  }
}

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

/** Admin users, sessions and API tokens. Only hashes of tokens are stored. */
export function createAdminStore(db: Queryable) {
  const endSessions = async (userId: number, keep?: string) => {
    await db.query('DELETE FROM admin_sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [
      userId,
      keep ?? null,
    ]);
  };
  return {
    /** Creates an administrator, or sets a new password; a new password ends every session of that administrator. */
    async createUser(email: string, password: string): Promise<{ id: number; email: string; created: boolean }> {
      const problem = passwordProblem(password, [email, email.split('@')[0] ?? '']);
      if (problem) throw new WeakPasswordError(problem);
      const hash = await hashPassword(password);
      const { rows } = await db.query<{ id: string; inserted: boolean }>(
        `INSERT INTO admin_users (email, password_hash) VALUES (lower($1), $2)
         ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash RETURNING id, (xmax = 0) AS inserted`,
        [email, hash],
      );
      const id = Number(rows[0]!.id);
      if (!rows[0]!.inserted) await endSessions(id);
      return { id, email: email.toLowerCase(), created: rows[0]!.inserted };
    },
    async countUsers(): Promise<number> {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM admin_users');
      return Number(rows[0]!.n);
    },
    async listUsers(): Promise<AdminUserInfo[]> {
      const { rows } = await db.query<{
        id: string;
        email: string;
        created_at: Date;
        last_login_at: Date | null;
        disabled_at: Date | null;
        sessions: string;
      }>(
        `SELECT u.id, u.email, u.created_at, u.last_login_at, u.disabled_at,
                (SELECT count(*) FROM admin_sessions s WHERE s.user_id = u.id AND s.expires_at > now()) AS sessions
           FROM admin_users u ORDER BY u.email`,
      );
      return rows.map((r) => ({
        id: Number(r.id),
        email: r.email,
        createdAt: new Date(r.created_at),
        lastLoginAt: date(r.last_login_at),
        disabledAt: date(r.disabled_at),
        sessions: Number(r.sessions),
      }));
    },
    /** Disables (or enables) an administrator; disabling ends every session. False when there is no such administrator. */
    async setDisabled(email: string, disabled: boolean): Promise<boolean> {
      const { rows } = await db.query<{ id: string }>(
        `UPDATE admin_users SET disabled_at = CASE WHEN $2::boolean THEN COALESCE(disabled_at, now()) ELSE NULL END WHERE email = lower($1) RETURNING id`,
        [email, disabled],
      );
      if (!rows[0]) return false;
      if (disabled) await endSessions(Number(rows[0].id));
      return true;
    },
    /** Removes an administrator and (cascade) their sessions. */
    async removeUser(email: string): Promise<boolean> {
      const { rows } = await db.query<{ id: string }>('DELETE FROM admin_users WHERE email = lower($1) RETURNING id', [
        email,
      ]);
      return rows.length > 0;
    },
    /** A new session for valid credentials of an enabled administrator, else null (same answer and similar time for unknown users). */
    async login(
      email: string,
      password: string,
      options: { endOtherSessions?: boolean } = {},
    ): Promise<{ token: string; session: AdminSession } | null> {
      const { rows } = await db.query<{ id: string; email: string; password_hash: string; disabled_at: Date | null }>(
        'SELECT id, email, password_hash, disabled_at FROM admin_users WHERE email = lower($1)',
        [email],
      );
      const user = rows[0];
      const ok = await verifyPassword(
        password,
        user?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA',
      );
      if (!user || !ok || user.disabled_at) return null;
      const token = randomToken();
      const session: AdminSession = {
        userId: Number(user.id),
        email: user.email,
        csrfToken: randomToken(24),
        data: {},
        tokenHash: sha256(token),
      };
      await db.query(
        `INSERT INTO admin_sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '${SESSION_HOURS} hours')`,
        [session.tokenHash, session.userId, session.csrfToken],
      );
      if (options.endOtherSessions) await endSessions(session.userId, session.tokenHash);
      await db.query('UPDATE admin_users SET last_login_at = now() WHERE id = $1', [session.userId]);
      return { token, session };
    },
    async session(token: string): Promise<AdminSession | null> {
      const { rows } = await db.query<{
        token_hash: string;
        user_id: string;
        email: string;
        csrf_token: string;
        data: Record<string, unknown>;
      }>(
        `SELECT s.token_hash, s.user_id, u.email, s.csrf_token, s.data FROM admin_sessions s JOIN admin_users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
        [sha256(token)],
      );
      const r = rows[0];
      return r
        ? {
            userId: Number(r.user_id),
            email: r.email,
            csrfToken: r.csrf_token,
            data: r.data ?? {},
            tokenHash: r.token_hash,
          }
        : null;
    },
    async saveSessionData(tokenHash: string, data: Record<string, unknown>): Promise<void> {
      await db.query('UPDATE admin_sessions SET data = $2 WHERE token_hash = $1', [tokenHash, JSON.stringify(data)]);
    },
    async logout(tokenHash: string): Promise<void> {
      await db.query('DELETE FROM admin_sessions WHERE token_hash = $1 OR expires_at < now()', [tokenHash]);
    },
    /** A machine token, shown once. Default scope `full` (what every token could do before scopes existed). */
    async createApiToken(
      name: string,
      createdBy: string,
      options: { scope?: TokenScope; expiresAt?: Date; owner?: string } = {},
    ): Promise<string> {
      const token = `llt_${randomToken()}`;
      await db.query(
        'INSERT INTO api_tokens (name, token_hash, created_by, scope, expires_at, owner) VALUES ($1, $2, $3, $4, $5, $6)',
        [
          name,
          sha256(token),
          createdBy,
          options.scope ?? 'full',
          options.expiresAt ?? null,
          options.owner ?? createdBy,
        ],
      );
      return token;
    },
    async apiToken(token: string): Promise<{ id: number; name: string; scope: TokenScope } | null> {
      const { rows } = await db.query<{ id: string; name: string; scope: TokenScope }>(
        `UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
         RETURNING id, name, scope`,
        [sha256(token)],
      );
      return rows[0] ? { id: Number(rows[0].id), name: rows[0].name, scope: rows[0].scope } : null;
    },
    async listApiTokens(): Promise<ApiTokenInfo[]> {
      const { rows } = await db.query<{
        id: string;
        name: string;
        scope: TokenScope;
        owner: string | null;
        created_by: string;
        created_at: Date;
        expires_at: Date | null;
        last_used_at: Date | null;
        revoked_at: Date | null;
      }>(
        'SELECT id, name, scope, owner, created_by, created_at, expires_at, last_used_at, revoked_at FROM api_tokens ORDER BY id',
      );
      return rows.map((r) => ({
        id: Number(r.id),
        name: r.name,
        scope: r.scope,
        owner: r.owner ?? r.created_by,
        createdBy: r.created_by,
        createdAt: new Date(r.created_at),
        expiresAt: date(r.expires_at),
        lastUsedAt: date(r.last_used_at),
        revokedAt: date(r.revoked_at),
      }));
    },
    /** Revokes the token with this id, or every live token with this name; answers how many were revoked. */
    async revokeApiToken(idOrName: string): Promise<number> {
      const byId = /^\d+$/.test(idOrName);
      const { rowCount } = await db.query(
        `UPDATE api_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND ${byId ? 'id = $1::bigint' : 'name = $1'}`,
        [idOrName],
      );
      return rowCount;
    },
  };
}
export type AdminStore = ReturnType<typeof createAdminStore>;
