import crypto from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import {
  connectSalesforce,
  createPkcePair,
  salesforceAuthorizeUrl,
} from '../../connectors/salesforce/connectSalesforce';
import { connectSugar } from '../../connectors/sugarcrm/connectSugar';
import { describeError } from '../log/redact';
import { crmUrlPolicyFromSettings } from '../security/checkCrmUrl';
import { saveConnectedOrg } from '../app/saveConnectedOrg';
import { isOrgName, ORG_NAME_RULE } from '../domain/orgName';
import { h, layout } from './html';
import type { PageDeps } from './pageRoutes';

/** Connecting a CRM org already connected under another name moves it (saveConnectedOrg's replace). */
const REPLACE_BOX =
  '<label><input type="checkbox" name="replace" style="width:auto"> Already connected under another name? Move it here (the other org is disabled)</label>';

/** A console OAuth flow left pending longer than this is refused (the admin starts again). */
export const PENDING_FLOW_MS = 10 * 60_000;

interface PendingSalesforce {
  state: string;
  verifier: string;
  name: string;
  loginUrl: string;
  clientId: string;
  clientSecret?: string;
  /** The admin ticked "replace": the CRM org may already be connected under another name. */
  replace?: boolean;
}

/**
 * Connecting a CRM from the console: the SugarCRM password grant, and the Salesforce
 * web-server flow with PKCE. Every URL passes the CRM URL policy before credentials go to
 * it; the pending Salesforce flow (with its consumer secret) is sealed in the session and
 * expires after PENDING_FLOW_MS.
 */
export function connectPages(deps: PageDeps, user: (req: Request) => { email: string; csrf: string }): Router {
  const router = express.Router();
  const { db, box, settings } = deps.runtime;
  const urlPolicy = crmUrlPolicyFromSettings(settings, deps.runtime.crmAddressLookup);
  const page = (req: Request, res: Response, title: string, body: string) =>
    void res.type('html').send(layout(title, body, user(req)));
  const fail = (req: Request, res: Response, message: string) =>
    void res
      .status(400)
      .type('html')
      .send(
        layout('Could not connect', `<p class="error">${h(message)}</p><p><a href="/connect">Back</a></p>`, user(req)),
      );
  const callbackUrl = (req: Request) => `${deps.publicUrl(req)}/oauth/salesforce/callback`;

  router.get('/connect', (req, res) => {
    const csrf = h(user(req).csrf);
    page(
      req,
      res,
      'Connect a CRM',
      `<h1>Connect a CRM</h1><div class="grid">
<div class="card"><h2>Salesforce</h2><p class="muted">OAuth 2.0 web-server flow with PKCE: you approve leadloop in Salesforce; leadloop stores the tokens encrypted.</p>
<form method="post" action="/connect/salesforce"><input type="hidden" name="_csrf" value="${csrf}"><label for="sf-name">Name in leadloop</label><input id="sf-name" name="name" required pattern="[A-Za-z0-9_.\\-]+">
<label for="sf-loginUrl">Login URL</label><input id="sf-loginUrl" name="loginUrl" value="https://login.salesforce.com" required><label for="sf-clientId">Connected app consumer key</label><input id="sf-clientId" name="clientId" required>
<label for="sf-clientSecret">Consumer secret (if the app requires it)</label><input id="sf-clientSecret" name="clientSecret" type="password">${REPLACE_BOX}<p><button>Continue to Salesforce</button></p></form></div>
<div class="card"><h2>SugarCRM</h2><p class="muted">OAuth2 password grant of the REST API. Register a custom platform (Admin → Configure API Platforms) so leadloop never logs users out.</p>
<form method="post" action="/connect/sugarcrm"><input type="hidden" name="_csrf" value="${csrf}"><label for="sugar-name">Name in leadloop</label><input id="sugar-name" name="name" required pattern="[A-Za-z0-9_.\\-]+">
<label for="sugar-url">Instance URL</label><input id="sugar-url" name="url" required placeholder="https://acme.sugarondemand.com"><label for="sugar-username">Username</label><input id="sugar-username" name="username" required><label for="sugar-password">Password</label><input id="sugar-password" name="password" type="password" required>
<label for="sugar-platform">Platform</label><input id="sugar-platform" name="platform" value="leadloop">${REPLACE_BOX}<p><button>Connect SugarCRM</button></p></form></div></div>`,
    );
  });

  router.post('/connect/sugarcrm', async (req, res) => {
    const b = req.body as Record<string, string>;
    try {
      if (!isOrgName(b['name'])) throw new Error(`the name ${ORG_NAME_RULE}`);
      const connected = await connectSugar({
        url: b['url'] ?? '',
        username: b['username'] ?? '',
        password: b['password'] ?? '',
        platform: b['platform'] || 'leadloop',
        urlPolicy,
      });
      const org = await saveConnectedOrg(db, box, {
        name: b['name']!,
        crm: 'sugarcrm',
        connected,
        replace: b['replace'] === 'on',
        actor: user(req).email,
      });
      res.redirect(303, `/orgs/${encodeURIComponent(org.name)}`);
    } catch (error) {
      fail(req, res, String(describeError(error)['message']));
    }
  });

  router.post('/connect/salesforce', async (req, res) => {
    const b = req.body as Record<string, string>;
    if (!isOrgName(b['name']) || !b['loginUrl'] || !b['clientId'])
      return fail(req, res, `Give a name (it ${ORG_NAME_RULE}), the login URL and the consumer key.`);
    if (!deps.publicUrl(req))
      return fail(
        req,
        res,
        'Set LEADLOOP_PUBLIC_URL (the console address Salesforce sends you back to) before connecting Salesforce from the console.',
      );
    try {
      await urlPolicy.check(b['loginUrl'], 'salesforce', 'login URL');
    } catch (error) {
      return fail(req, res, String(describeError(error)['message']));
    }
    const { verifier, challenge } = createPkcePair();
    const state = crypto.randomBytes(24).toString('base64url');
    const session = req.principal!.session!;
    const pending: PendingSalesforce = {
      state,
      verifier,
      name: b['name']!,
      loginUrl: b['loginUrl'],
      clientId: b['clientId'],
      ...(b['clientSecret'] ? { clientSecret: b['clientSecret'] } : {}),
      replace: b['replace'] === 'on',
    };
    // sealed: the consumer secret must not sit in the session table in plain text
    await deps.admins.saveSessionData(session.tokenHash, {
      ...session.data,
      salesforce: { sealed: box.sealJson(pending, `session:${session.tokenHash}`), startedAt: Date.now() },
    });
    res.redirect(
      303,
      salesforceAuthorizeUrl({
        loginUrl: pending.loginUrl,
        clientId: pending.clientId,
        redirectUri: callbackUrl(req),
        codeChallenge: challenge,
        state,
      }),
    );
  });

  router.get('/oauth/salesforce/callback', async (req, res) => {
    const session = req.principal!.session!;
    const stored = session.data['salesforce'] as { sealed?: string; startedAt?: number } | undefined;
    const q = req.query as Record<string, string | undefined>;
    let pending: PendingSalesforce | undefined;
    try {
      pending = stored?.sealed
        ? box.openJson<PendingSalesforce>(stored.sealed, `session:${session.tokenHash}`)
        : undefined;
    } catch {
      pending = undefined;
    }
    if (!pending || !q['state'] || q['state'] !== pending.state)
      return fail(
        req,
        res,
        'This sign-in answer does not match the connection started here (state check). Start again.',
      );
    await deps.admins.saveSessionData(session.tokenHash, { ...session.data, salesforce: undefined });
    if (Date.now() - Number(stored?.startedAt ?? 0) > PENDING_FLOW_MS)
      return fail(
        req,
        res,
        `This connection was started more than ${PENDING_FLOW_MS / 60_000} minutes ago. Start again.`,
      );
    if (q['error'])
      return fail(
        req,
        res,
        `Salesforce refused the authorization (${/^[a-z_]{1,40}$/.test(q['error']) ? q['error'] : 'error'}). Start again.`,
      );
    try {
      const connected = await connectSalesforce({
        flow: 'authorization_code',
        loginUrl: pending.loginUrl,
        clientId: pending.clientId,
        clientSecret: pending.clientSecret,
        code: q['code'] ?? '',
        codeVerifier: pending.verifier,
        redirectUri: callbackUrl(req),
        urlPolicy,
      });
      const org = await saveConnectedOrg(db, box, {
        name: pending.name,
        crm: 'salesforce',
        connected,
        replace: pending.replace === true,
        actor: user(req).email,
      });
      res.redirect(303, `/orgs/${encodeURIComponent(org.name)}`);
    } catch (error) {
      deps.logger.warn('Salesforce OAuth callback failed', { error: describeError(error)['message'] });
      fail(req, res, String(describeError(error)['message']));
    }
  });
  return router;
}
