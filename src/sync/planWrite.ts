import type { LeadUpdate } from '../domain/connector';
import type { LeadloopFields } from '../domain/lead';

export interface DesiredValues {
  score: number;
  grade: string;
  status: string;
  reasons: string;
  scoredAt: string;
  slaDueAt?: string | null;
  ownerId?: string;
  /**
   * The lead leaves `recycled` in this write: the return reason a rep chose is emptied, so the
   * next value read from it is a new return (leadOutcomes). The return and its reason stay in
   * leadloop's history (transitions, outcomes, `leadloop report`).
   */
  returnTaken?: boolean;
}

const sameInstant = (a: string | null | undefined, b: string | null | undefined): boolean =>
  (a ?? null) === (b ?? null) || (Boolean(a) && Boolean(b) && Date.parse(a!) === Date.parse(b!));

/**
 * The diff step: the update needed to make the CRM hold `desired`, or null when it already
 * does. `scoredAt` alone never causes a write (it changes every run); it rides along when
 * something else changes. The owner is written only when routing assigned one.
 */
export function planWrite(
  externalId: string,
  desired: DesiredValues,
  held: LeadloopFields | undefined,
  heldOwnerId: string | null | undefined,
): LeadUpdate | null {
  const current = held ?? {};
  const fields: LeadUpdate['fields'] = {};
  if (current.score !== desired.score) fields.score = desired.score;
  if ((current.grade ?? null) !== desired.grade) fields.grade = desired.grade;
  if ((current.status ?? null) !== desired.status) fields.status = desired.status as LeadUpdate['fields']['status'];
  if ((current.reasons ?? null) !== desired.reasons) fields.reasons = desired.reasons;
  if (desired.slaDueAt !== undefined && !sameInstant(current.slaDueAt, desired.slaDueAt))
    fields.slaDueAt = desired.slaDueAt;
  if (desired.ownerId !== undefined && desired.ownerId !== heldOwnerId) fields.ownerId = desired.ownerId;
  // even when the lead's snapshot shows no value (a re-score reads the stored copy, taken before the rep chose)
  if (desired.returnTaken) fields.returnReason = null;
  if (Object.keys(fields).length === 0) return null;
  fields.scoredAt = desired.scoredAt;
  return { externalId, fields };
}
