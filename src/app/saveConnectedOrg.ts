import { connectorEntry } from '../../connectors';
import type { CrmKind } from '../domain/lead';
import { ConfigurationError } from '../domain/errors';
import type { SecretBox } from '../security/secretBox';
import { recordAudit } from '../store/auditLog';
import type { Database } from '../store/database';
import { createOrgRepository, type OrgRecord } from '../store/orgRepository';

/** What a connector's connect step learned: the sealed-to-be credentials and who the CRM org is. */
export interface ConnectedCrm {
  credentials: unknown;
  instanceUrl: string;
  /** Salesforce: the organization id from the token's identity URL; SugarCRM: the normalized instance URL. */
  externalOrgId?: string;
}

export interface SaveConnectedOrgInput {
  name: string;
  crm: CrmKind;
  connected: ConnectedCrm;
  timezone?: string;
  schedule?: string;
  /** The CRM org may already be connected under another name: take it over (that org is disabled). */
  replace?: boolean;
  /** Who did it, for the audit log ("cli", an admin's e-mail, an API token's name). */
  actor: string;
}

/** The CRM org is already connected under another name; both would write to the same leads. */
export class AlreadyConnectedError extends ConfigurationError {
  constructor(
    readonly existing: string,
    crm: CrmKind,
    externalOrgId: string,
    name: string,
  ) {
    super(
      `This ${connectorEntry(crm).product} ${connectorEntry(crm).unit} (${externalOrgId}) is already connected as "${existing}"; ` +
        `reconnect it under that name, or replace it (CLI --replace, API "replace": true, the console's checkbox) to move it to "${name}" and disable "${existing}".`,
    );
    this.name = 'AlreadyConnectedError';
  }
}

/**
 * Stores a freshly connected org (or the new credentials of an org reconnected under its
 * own name) and audits it. The one place that decides whether the same CRM org may be
 * connected twice: it may not, unless `replace` is given, and then the older leadloop org
 * is disabled (state `disabled`, credentials and CRM identity removed, history kept) so
 * only one of them writes to the CRM's leads.
 */
export async function saveConnectedOrg(db: Database, box: SecretBox, input: SaveConnectedOrgInput): Promise<OrgRecord> {
  const externalOrgId = input.connected.externalOrgId;
  // one transaction: two connects of the same CRM org at once cannot both pass the check
  return db.transaction(async (tx) => {
    const orgs = createOrgRepository(tx, box);
    const existing = externalOrgId ? await orgs.findByExternalId(input.crm, externalOrgId) : null;
    const replaced = existing && existing.name !== input.name ? existing : null;
    if (replaced) {
      if (!input.replace) throw new AlreadyConnectedError(replaced.name, input.crm, externalOrgId!, input.name);
      await orgs.disconnect(replaced.id, `replaced by "${input.name}", connected to the same ${input.crm} org`);
      await recordAudit(tx, {
        actor: input.actor,
        action: 'org.replaced',
        target: replaced.name,
        details: { by: input.name },
      });
    }
    const org = await orgs.upsert({
      name: input.name,
      crm: input.crm,
      instanceUrl: input.connected.instanceUrl,
      externalOrgId,
      credentials: input.connected.credentials,
      timezone: input.timezone,
      schedule: input.schedule,
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: 'org.connect',
      target: org.name,
      details: { crm: input.crm, instanceUrl: org.instanceUrl, ...(replaced ? { replaced: replaced.name } : {}) },
    });
    return org;
  });
}
