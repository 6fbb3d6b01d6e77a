import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { Queryable } from '../store/database';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;
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
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
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

/** Admin users, sessions and API tokens. Only hashes of tokens are stored. */
export function createAdminStore(db: Queryable) {
  return {
    async createUser(email: string, password: string): Promise<{ id: number; email: string; created: boolean }> {
      if (password.length < 12) throw new Error('the password needs at least 12 characters');
      const hash = await hashPassword(password);
      const { rows } = await db.query<{ id: string; inserted: boolean }>(
        `INSERT INTO admin_users (email, password_hash) VALUES (lower($1), $2)
         ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash RETURNING id, (xmax = 0) AS inserted`,
        [email, hash],
      );
      return { id: Number(rows[0]!.id), email: email.toLowerCase(), created: rows[0]!.inserted };
    },
    async countUsers(): Promise<number> {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM admin_users');
      return Number(rows[0]!.n);
    },
    /** A new session for valid credentials, else null (same answer and similar time for unknown users). */
    async login(email: string, password: string): Promise<{ token: string; session: AdminSession } | null> {
      const { rows } = await db.query<{ id: string; email: string; password_hash: string }>('SELECT id, email, password_hash FROM admin_users WHERE email = lower($1)', [email]);
      const user = rows[0];
      const ok = await verifyPassword(password, user?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA');
      if (!user || !ok) return null;
      const token = randomToken();
      const session: AdminSession = { userId: Number(user.id), email: user.email, csrfToken: randomToken(24), data: {}, tokenHash: sha256(token) };
      await db.query(`INSERT INTO admin_sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '${SESSION_HOURS} hours')`, [session.tokenHash, session.userId, session.csrfToken]);
      await db.query('UPDATE admin_users SET last_login_at = now() WHERE id = $1', [session.userId]);
      return { token, session };
    },
    async session(token: string): Promise<AdminSession | null> {
      const { rows } = await db.query<{ token_hash: string; user_id: string; email: string; csrf_token: string; data: Record<string, unknown> }>(
        `SELECT s.token_hash, s.user_id, u.email, s.csrf_token, s.data FROM admin_sessions s JOIN admin_users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.expires_at > now()`,
        [sha256(token)],
      );
      const r = rows[0];
      return r ? { userId: Number(r.user_id), email: r.email, csrfToken: r.csrf_token, data: r.data ?? {}, tokenHash: r.token_hash } : null;
    },
    async saveSessionData(tokenHash: string, data: Record<string, unknown>): Promise<void> {
      await db.query('UPDATE admin_sessions SET data = $2 WHERE token_hash = $1', [tokenHash, JSON.stringify(data)]);
    },
    async logout(tokenHash: string): Promise<void> {
      await db.query('DELETE FROM admin_sessions WHERE token_hash = $1 OR expires_at < now()', [tokenHash]);
    },
    /** A machine token, shown once. */
    async createApiToken(name: string, createdBy: string): Promise<string> {
      const token = `llt_${randomToken()}`;
      await db.query('INSERT INTO api_tokens (name, token_hash, created_by) VALUES ($1, $2, $3)', [name, sha256(token), createdBy]);
      return token;
    },
    async apiToken(token: string): Promise<{ id: number; name: string } | null> {
      const { rows } = await db.query<{ id: string; name: string }>(
        'UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING id, name',
        [sha256(token)],
      );
      return rows[0] ? { id: Number(rows[0].id), name: rows[0].name } : null;
    },
  };
}
export type AdminStore = ReturnType<typeof createAdminStore>;
