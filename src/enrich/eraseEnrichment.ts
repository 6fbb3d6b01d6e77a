import crypto from 'node:crypto';
import type { Queryable } from '../store/database';
import { recordAudit } from '../store/auditLog';
import { classifyEmail, loadEmailLists, type EmailLists } from './classifyEmail';
import { createEnrichmentCache } from './enrichmentCache';
import { companyMatchKey } from './normalizeCompany';

export interface EraseRequest {
  email: string;
  /** Also forget answers keyed by this company name (a sole trader's company is often their own name). */
  company?: string;
  /** Who asked, for the audit log. */
  actor?: string;
}

export interface EraseResult {
  /** sha256 of the trimmed, lower-cased address: the same hash the sync engine stores in leads.email_hash. */
  emailHash: string;
  /** The email domain whose cached answers were removed; absent for free-mail and disposable domains. */
  domain?: string;
  cacheEntriesDeleted: number;
}

/**
 * Forgets what enrichment learnt through a person's email: every cached provider answer
 * keyed by their address or by their email domain (a personal domain is personal data;
 * a company's is refetched on the next run), and with `company` the answers keyed by
 * that company name. Webmail domains (gmail.com …) are never looked up, so nothing
 * is kept for them. The erasure is written to the audit log by hash, never the address.
 * Rows in tables other parts own (leads, history) are theirs to erase.
 */
export async function eraseEnrichment(
  db: Queryable,
  request: EraseRequest,
  lists: EmailLists = loadEmailLists(),
): Promise<EraseResult> {
  const email = request.email.trim().toLowerCase();
  const emailHash = crypto.createHash('sha256').update(email).digest('hex');
  const classified = classifyEmail(lists, email);
  const cache = createEnrichmentCache(db);
  const keys = [email];
  const domain = classified.type === 'corporate' || classified.type === 'role' ? classified.domain : undefined;
  if (domain) keys.push(domain);
  let deleted = await cache.deleteKeys(keys);
  const companyKey = companyMatchKey(request.company);
  if (companyKey) deleted += await cache.deleteCompanyKey(companyKey);
  await recordAudit(db, {
    actor: request.actor ?? 'cli',
    action: 'enrichment.erase',
    target: `email-sha256:${emailHash}`,
    details: { cacheEntriesDeleted: deleted, byDomain: Boolean(domain), byCompany: Boolean(companyKey) },
  });
  return { emailHash, ...(domain ? { domain } : {}), cacheEntriesDeleted: deleted };
}
