import { randomUUID } from 'node:crypto';
import { sugarErrors } from './sugarErrors';

/** POST /oauth2/token response (include/api/help/oauth2_token_post_help.html). */
export interface SugarTokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'bearer';
  scope: null;
  refresh_token: string;
  refresh_expires_in: number;
  download_token: string;
}

export interface SugarLoginUser {
  id: string;
  username: string;
  password: string;
  isActive: boolean;
}

export interface SugarAuthOptions {
  findUser(username: string): SugarLoginUser | undefined;
  now(): number;
  /** Read on every grant, so tests can change them between calls. */
  ttl(): { accessTokenSeconds: number; refreshTokenSeconds: number };
  /** Told of every grant, so tests can look for the tokens where they must not be. */
  onIssue?(grant: SugarTokenResponse): void;
  /**
   * Whether a token request may name `platform` (`disable_unknown_platforms`, on by default
   * since Winter '18, and the platforms an admin registered). Absent: every platform.
   */
  isPlatformAllowed?(platform: string): boolean;
}

export interface SugarAuthenticated {
  userId: string;
  platform: string;
}

export interface SugarAuth {
  /** POST /oauth2/token with grant_type password or refresh_token. */
  token(args: Record<string, unknown>): SugarTokenResponse;
  /** Checks an OAuth-Token header value; throws need_login (none) or invalid_grant (unknown, expired). */
  authenticate(accessToken: string | undefined): SugarAuthenticated;
  /** POST /oauth2/logout: ends this session and, when given, that refresh token. */
  logout(accessToken: string, refreshToken?: unknown): void;
  /** A password login by `username` on `platform`, as when a person signs in with the same user elsewhere. */
  simulateLogin(username: string, platform: string): SugarTokenResponse;
  /** Makes every access token expire now (refresh tokens stay valid). */
  expireAccessTokens(): void;
  /** Deletes refresh tokens (all, or one user's), like an admin clearing OAuth tokens. */
  revokeRefreshTokens(userId?: string): void;
  readonly activeSessions: number;
}

interface Grant {
  userId: string;
  platform: string;
  expiresAtMs: number;
}

const CLIENTS: Record<string, string> = { sugar: '' };
// oauth2-php's GRANT_TYPE_REGEXP; the Sugar storage implements only password and refresh_token.
const KNOWN_GRANTS = /^(authorization_code|token|password|client_credentials|refresh_token|http:\/\/.*)$/;

/**
 * Sugar's OAuth2 server as the sandbox needs it: sessions are access tokens; refresh tokens
 * are single use; each grant deletes the user's other refresh tokens on that platform
 * (OAuthToken::cleanupOldUserTokens, one session per platform), and a password login also
 * ends the user's earlier sessions there.
 */
export function createSugarAuth(options: SugarAuthOptions): SugarAuth {
  const sessions = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant>();

  function dropWhere(map: Map<string, Grant>, userId: string, platform: string): void {
    for (const [token, grant] of map) if (grant.userId === userId && grant.platform === platform) map.delete(token);
  }

  function issue(userId: string, platform: string, endSessions: boolean): SugarTokenResponse {
    const { accessTokenSeconds, refreshTokenSeconds } = options.ttl();
    if (endSessions) dropWhere(sessions, userId, platform);
    dropWhere(refreshTokens, userId, platform);
    const accessToken = randomUUID();
    const refreshToken = randomUUID();
    const now = options.now();
    sessions.set(accessToken, { userId, platform, expiresAtMs: now + accessTokenSeconds * 1000 });
    refreshTokens.set(refreshToken, { userId, platform, expiresAtMs: now + refreshTokenSeconds * 1000 });
    const grant: SugarTokenResponse = {
      access_token: accessToken,
      expires_in: accessTokenSeconds,
      token_type: 'bearer',
      scope: null,
      refresh_token: refreshToken,
      refresh_expires_in: refreshTokenSeconds,
      download_token: randomUUID(),
    };
    options.onIssue?.(grant);
    return grant;
  }

  function passwordLogin(username: unknown, password: unknown, platform: string): SugarTokenResponse {
    if (!username || !password) {
      throw sugarErrors.oauth('invalid_request', 'Missing parameters. "username" and "password" required');
    }
    const user = options.findUser(String(username));
    if (!user || !user.isActive || user.password !== String(password)) {
      throw sugarErrors.needLogin('You must specify a valid username and password.');
    }
    return issue(user.id, platform, true);
  }

  return {
    token(args) {
      const requested = typeof args.platform === 'string' && args.platform !== '' ? args.platform : 'base';
      // OAuth2Api::token checks the platform before the grant, for password and refresh grants alike
      if (options.isPlatformAllowed && !options.isPlatformAllowed(requested))
        throw sugarErrors.invalidParameter('EXCEPTION_INVALID_PLATFORM');
      const grantType = typeof args.grant_type === 'string' ? args.grant_type : '';
      if (!KNOWN_GRANTS.test(grantType)) {
        throw sugarErrors.oauth('invalid_request', 'Invalid grant_type parameter or parameter missing');
      }
      if (!args.client_id) throw sugarErrors.oauth('invalid_client', 'Client id was not found in the headers or body');
      const clientId = String(args.client_id);
      if (!(clientId in CLIENTS) || String(args.client_secret ?? '') !== CLIENTS[clientId]) {
        throw sugarErrors.oauth('invalid_client', 'The client credentials are invalid');
      }
      const platform = typeof args.platform === 'string' && args.platform !== '' ? args.platform : 'base';
      if (grantType === 'password') return passwordLogin(args.username, args.password, platform);
      if (grantType !== 'refresh_token') throw sugarErrors.oauth('unsupported_grant_type');
      if (!args.refresh_token) throw sugarErrors.oauth('invalid_request', 'No "refresh_token" parameter found');
      const token = String(args.refresh_token);
      const stored = refreshTokens.get(token);
      if (!stored) throw sugarErrors.oauth('invalid_grant', 'Invalid refresh token');
      const now = options.now();
      if (stored.expiresAtMs < now) {
        const seconds = (ms: number) => Math.floor(ms / 1000);
        throw sugarErrors.oauth(
          'invalid_grant',
          `Refresh token has expired: ${seconds(stored.expiresAtMs)} vs ${seconds(now)}`,
        );
      }
      refreshTokens.delete(token);
      return issue(stored.userId, stored.platform, false);
    },
    authenticate(accessToken) {
      if (!accessToken) throw sugarErrors.needLogin();
      const session = sessions.get(accessToken);
      if (!session) throw sugarErrors.invalidToken();
      if (options.now() > session.expiresAtMs) {
        sessions.delete(accessToken);
        throw sugarErrors.invalidToken();
      }
      return { userId: session.userId, platform: session.platform };
    },
    logout(accessToken, refreshToken) {
      sessions.delete(accessToken);
      if (typeof refreshToken === 'string') refreshTokens.delete(refreshToken);
    },
    simulateLogin(username, platform) {
      const user = options.findUser(username);
      if (!user) throw new Error(`simulateLogin: no user ${username}`);
      return passwordLogin(user.username, user.password, platform);
    },
    expireAccessTokens() {
      sessions.clear();
    },
    revokeRefreshTokens(userId) {
      for (const [token, grant] of refreshTokens) if (!userId || grant.userId === userId) refreshTokens.delete(token);
    },
    get activeSessions() {
      return sessions.size;
    },
  };
}
