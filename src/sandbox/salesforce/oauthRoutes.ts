import { createHash, createHmac, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { findSession } from './createApiGuard';
import type { SandboxContext } from './salesforceSandboxContext';

export interface SalesforceCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** For the JWT bearer flow: sign assertions with this key (RS256); the sandbox verifies with its public half. */
  privateKeyPem: string;
  publicKeyPem: string;
}

const base64url = (buffer: Buffer) => buffer.toString('base64url');

/**
 * OAuth 2.0 as a Salesforce login server serves it: token (password, refresh_token,
 * authorization_code with PKCE, JWT bearer), authorize redirect, revoke, userinfo and the
 * identity URL. Error bodies are `{error, error_description}` with HTTP 400.
 */
export function oauthRoutes(ctx: SandboxContext, credentials: SalesforceCredentials): Router {
  const router = express.Router();
  const publicKey: KeyObject = createPublicKey(credentials.publicKeyPem);
  const codes = new Map<
    string,
    { userId: string; clientId: string; redirectUri: string; challenge?: string; expiresAt: number }
  >();
  const fail = (res: Response, error: string, description: string) =>
    res.status(400).json({ error, error_description: description });
  const userByUsername = (username: unknown) =>
    ctx.store
      .scan('User')
      .find(
        (u) =>
          typeof username === 'string' &&
          String(u.Username).toLowerCase() === username.toLowerCase() &&
          u.IsActive === true,
      );
  const identityUrl = (userId: string) => `${ctx.baseUrl()}/id/${ctx.store.orgId}/${userId}`;

  const issue = (res: Response, userId: string, clientId: string, withRefresh: boolean, grant: string) => {
    const accessToken = `${ctx.store.orgId.slice(0, 15)}!${base64url(randomBytes(48))}`;
    ctx.sessions.set(accessToken, { userId, issuedAt: ctx.store.clock.now(), clientId });
    const issuedAt = String(Date.now());
    const id = identityUrl(userId);
    const body: Record<string, string> = {
      access_token: accessToken,
      signature: createHmac('sha256', credentials.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: withRefresh ? 'refresh_token api id' : 'api id',
      instance_url: ctx.baseUrl(),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
    if (withRefresh) {
      const refreshToken = `5Aep861${base64url(randomBytes(60))}`;
      ctx.refreshTokens.set(refreshToken, { userId, clientId });
      body.refresh_token = refreshToken;
    }
    ctx.count(`oauth.${grant}`);
    res.json(body);
  };
  const checkClient = (req: Request, res: Response, secretRequired: boolean): boolean => {
    const { client_id: clientId, client_secret: secret } = req.body ?? {};
    if (clientId !== credentials.clientId) {
      fail(res, 'invalid_client_id', 'client identifier invalid');
      return false;
    }
    if ((secretRequired || secret !== undefined) && secret !== credentials.clientSecret) {
      fail(res, 'invalid_client', 'invalid client credentials');
      return false;
    }
    return true;
  };

  router.post('/services/oauth2/token', express.urlencoded({ extended: false }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    switch (body.grant_type) {
      case 'password': {
        if (!checkClient(req, res, true)) return;
        const user = userByUsername(body.username);
        if (!user || body.password !== credentials.password)
          return void fail(res, 'invalid_grant', 'authentication failure');
        return issue(res, user.Id, body.client_id!, false, 'password');
      }
      case 'refresh_token': {
        if (!checkClient(req, res, false)) return;
        const grant = ctx.refreshTokens.get(body.refresh_token ?? '');
        if (!grant || grant.clientId !== body.client_id)
          return void fail(res, 'invalid_grant', 'expired access/refresh token');
        return issue(res, grant.userId, grant.clientId, false, 'refresh_token');
      }
      case 'authorization_code': {
        const code = codes.get(body.code ?? '');
        if (!checkClient(req, res, code?.challenge === undefined)) return;
        codes.delete(body.code ?? '');
        if (!code || code.expiresAt < Date.now() || code.clientId !== body.client_id)
          return void fail(res, 'invalid_grant', 'invalid authorization code');
        if (code.redirectUri !== body.redirect_uri)
          return void fail(res, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
        if (code.challenge !== undefined) {
          const computed = body.code_verifier
            ? base64url(createHash('sha256').update(body.code_verifier).digest())
            : '';
          if (computed !== code.challenge) return void fail(res, 'invalid_grant', 'invalid code verifier');
        }
        return issue(res, code.userId, code.clientId, true, 'authorization_code');
      }
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
        const claims = verifyAssertion(body.assertion ?? '', publicKey);
        if (!claims) return void fail(res, 'invalid_grant', 'invalid assertion');
        if (claims.iss !== credentials.clientId)
          return void fail(res, 'invalid_client_id', 'client identifier invalid');
        const audiences = ['https://login.salesforce.com', 'https://test.salesforce.com', ctx.baseUrl()];
        if (!audiences.includes(String(claims.aud))) return void fail(res, 'invalid_grant', 'audience is invalid');
        if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now())
          return void fail(res, 'invalid_grant', 'expired authorization code');
        const user = userByUsername(claims.sub);
        if (!user) return void fail(res, 'invalid_grant', "user hasn't approved this consumer");
        return issue(res, user.Id, credentials.clientId, false, 'jwt_bearer');
      }
      default:
        fail(res, 'unsupported_grant_type', 'grant type not supported');
    }
  });

  // Auto-approves as login_hint (or the API user): the sandbox has no login page.
  router.get('/services/oauth2/authorize', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.client_id !== credentials.clientId)
      return void res
        .status(400)
        .type('text/plain')
        .send('error=invalid_client_id&error_description=client%20identifier%20invalid');
    if (!q.redirect_uri)
      return void res
        .status(400)
        .type('text/plain')
        .send('error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration');
    const target = new URL(q.redirect_uri);
    if (q.response_type !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type');
      target.searchParams.set('error_description', 'response type not supported');
    } else {
      const user = q.login_hint ? userByUsername(q.login_hint) : ctx.store.get('User', ctx.apiUserId);
      const code = `aPrx${base64url(randomBytes(40))}`;
      codes.set(code, {
        userId: user?.Id ?? ctx.apiUserId,
        clientId: q.client_id,
        redirectUri: q.redirect_uri,
        challenge: q.code_challenge,
        expiresAt: Date.now() + 15 * 60_000,
      });
      target.searchParams.set('code', code);
    }
    if (q.state !== undefined) target.searchParams.set('state', q.state);
    res.redirect(302, target.toString());
  });

  router.post('/services/oauth2/revoke', express.urlencoded({ extended: false }), (req, res) => {
    const token = String((req.body as Record<string, string> | undefined)?.token ?? req.query.token ?? '');
    const grant = ctx.refreshTokens.get(token);
    if (grant) {
      ctx.refreshTokens.delete(token);
      for (const [access, session] of ctx.sessions)
        if (session.userId === grant.userId && session.clientId === grant.clientId) ctx.sessions.delete(access);
    } else if (!ctx.sessions.delete(token)) return void fail(res, 'invalid_token', 'invalid token');
    res.status(200).end();
  });

  const identity = (userId: string) => {
    const user = ctx.store.get('User', userId)!;
    const base = ctx.baseUrl();
    return {
      id: identityUrl(userId),
      asserted_user: true,
      user_id: userId,
      organization_id: ctx.store.orgId,
      username: user.Username,
      nick_name: String(user.Username).split('@')[0],
      display_name: user.Name,
      email: user.Email,
      first_name: user.FirstName,
      last_name: user.LastName,
      timezone: user.TimeZoneSidKey,
      active: user.IsActive,
      user_type: 'STANDARD',
      language: user.LanguageLocaleKey,
      locale: user.LanguageLocaleKey,
      utcOffset: 0,
      last_modified_date: user.LastModifiedDate,
      urls: {
        rest: `${base}/services/data/v{version}/`,
        sobjects: `${base}/services/data/v{version}/sobjects/`,
        query: `${base}/services/data/v{version}/query/`,
        metadata: `${base}/services/Soap/m/{version}/${ctx.store.orgId.slice(0, 15)}`,
        profile: `${base}/${userId}`,
      },
    };
  };
  const bearer = (req: Request) => {
    const header = req.headers.authorization;
    return header?.startsWith('Bearer ')
      ? header.slice(7)
      : typeof req.query.oauth_token === 'string'
        ? req.query.oauth_token
        : undefined;
  };
  router.get('/services/oauth2/userinfo', (req, res) => {
    const session = findSession(ctx, bearer(req));
    if (!session) return void res.status(403).type('text/plain').send('Bad_OAuth_Token');
    const id = identity(session.userId);
    res.json({
      sub: id.id,
      user_id: id.user_id,
      organization_id: id.organization_id,
      preferred_username: id.username,
      nickname: id.nick_name,
      name: id.display_name,
      email: id.email,
      given_name: id.first_name,
      family_name: id.last_name,
      zoneinfo: id.timezone,
      locale: id.locale,
      active: id.active,
      user_type: id.user_type,
      urls: id.urls,
    });
  });
  router.get('/id/:orgId/:userId', (req, res) => {
    const session = findSession(ctx, bearer(req));
    if (!session) return void res.status(403).type('text/plain').send('Bad_OAuth_Token');
    if (req.params.orgId !== ctx.store.orgId || !ctx.store.get('User', req.params.userId))
      return void res.status(404).type('text/plain').send('Bad_Id');
    res.json(identity(req.params.userId));
  });
  return router;
}

/** Verifies an RS256 JWT against the sandbox's public key; returns its claims, or null. */
function verifyAssertion(assertion: string, publicKey: KeyObject): Record<string, unknown> | null {
  const parts = assertion.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { alg?: string };
    if (header.alg !== 'RS256') return null;
    const valid = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      publicKey,
      Buffer.from(parts[2]!, 'base64url'),
    );
    return valid ? (JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
