import type { Cursor, LeadPage, PullOptions } from '../../src/domain/connector';
import type { Logger } from '../../src/log/createLogger';
import { mapRecord, mappedCrmFields, type Mapping } from '../../src/mapping';
import type { SugarSession } from './createSugarSession';
import { isSugarId, sugarPath } from './sugarPath';
import { fromSugarDate, toSugarIso, type SugarFilter, type SugarFilterResponse } from './walkSugarFilter';

export interface PullSugarLeadsDeps {
  session: SugarSession;
  mapping: Mapping;
  logger: Logger;
  pageSize: number;
  /** leadloop's Sugar user, resolved lazily: needed only to leave out leadloop's own writes. */
  ownUserId: () => Promise<string | undefined>;
}

/**
 * Strictly after `(modifiedAt, id)` in `date_modified, id` order. Sugar stamps have
 * one-second resolution, so imports create long ties; the id breaks them (FilterApi
 * accepts $gt on any field, including id).
 */
export function keysetFilter(position: Cursor): Record<string, unknown> {
  const t = toSugarIso(position.modifiedAt);
  return {
    $or: [{ date_modified: { $gt: t } }, { $and: [{ date_modified: { $equals: t } }, { id: { $gt: position.id } }] }],
  };
}

/** Sugar 7+ returns emails as a list; older mappings read `email1`. Fill `email1` with the primary address when it is missing. */
export function withPrimaryEmail(record: Record<string, unknown>): Record<string, unknown> {
  if (typeof record['email1'] === 'string' && record['email1'] !== '') return record;
  const list = Array.isArray(record['email']) ? (record['email'] as Record<string, unknown>[]) : [];
  const usable = list.filter((e) => e && typeof e['email_address'] === 'string' && !e['invalid_email']);
  const primary = usable.find((e) => e['primary_address'] === true || e['primary_address'] === '1') ?? usable[0];
  return primary ? { ...record, email1: primary['email_address'] } : record;
}

/**
 * Leads changed after the cursor, page by page. Each page is a fresh keyset query from
 * the last lead read (offset 0) rather than an offset walk: a lead edited during the walk
 * moves to the end of `date_modified` order and would shift an offset window, skipping a
 * record. `next_offset` (-1 or not) only says whether rows remain, so a server cap on
 * `max_num` lower than ours is honoured.
 */
export async function* pullSugarLeads(deps: PullSugarLeadsDeps, options: PullOptions): AsyncGenerator<LeadPage> {
  const { session, mapping } = deps;
  const fields = [...new Set([...mappedCrmFields(mapping), 'email'])];
  const ownUserId = options.skipOwnWrites ? await deps.ownUserId() : undefined;
  let position = options.since;
  let useOverlap = Boolean(position && options.overlapMs > 0);
  let offset = 0;

  for (;;) {
    const filter: SugarFilter = [];
    if (position && useOverlap) {
      filter.push({
        date_modified: { $gte: toSugarIso(new Date(Date.parse(position.modifiedAt) - options.overlapMs)) },
      });
    } else if (position) {
      filter.push(keysetFilter(position));
    }
    if (options.until) filter.push({ date_modified: { $lt: toSugarIso(new Date(options.until)) } });
    if (ownUserId)
      filter.push({ $or: [{ modified_user_id: { $not_equals: ownUserId } }, { modified_user_id: { $is_null: '' } }] });

    const page = await session.call<SugarFilterResponse>({
      method: 'POST',
      path: sugarPath(mapping.object, 'filter'),
      data: { filter, fields: fields.join(','), order_by: 'date_modified:asc,id:asc', max_num: deps.pageSize, offset },
    });
    const records = Array.isArray(page?.records) ? page.records : [];
    const leads: LeadPage['leads'] = [];
    const rejected: LeadPage['rejected'] = [];
    let last: Cursor | null = null;
    for (const raw of records) {
      const { lead, issues } = mapRecord(mapping, withPrimaryEmail(raw));
      if (lead) leads.push(lead);
      else rejected.push({ externalId: typeof raw['id'] === 'string' ? raw['id'] : undefined, issues });
      const stamp = fromSugarDate(raw['date_modified']);
      if (stamp && isSugarId(raw['id'])) last = { version: 1, modifiedAt: stamp, id: raw['id'] };
    }
    if (rejected.length)
      deps.logger.warn(`SugarCRM: ${rejected.length} lead(s) on this page could not be read`, {
        rejected: rejected.slice(0, 5),
      });
    const cursor = last ?? position;
    if (records.length) yield { leads, rejected, cursor };

    const more = Number(page?.next_offset ?? -1) >= 0 && records.length > 0;
    if (!more) return;
    if (last) {
      position = last;
      offset = 0;
      useOverlap = false;
    } else {
      // nothing on this page carried a usable (date_modified, id): fall back to the server's offset
      offset = Number(page.next_offset);
    }
  }
}
