import { outcomeEventSchema, type OutcomeEvent } from '../domain/outcome';

/** A problem with one field of one imported row. */
export interface OutcomeRowError {
  /** Line in the file, or the 1-based position in an API request's list. */
  line: number;
  field: string;
  message: string;
}

/** The file column (CSV header / JSON key) for each field of an outcome event, as the user wrote it. */
const COLUMN: Record<string, string> = {
  leadExternalId: 'lead_id',
  kind: 'kind',
  occurredAt: 'occurred_at',
  sourceId: 'source_id',
  amount: 'amount',
  currency: 'currency',
  reason: 'reason',
  ownerId: 'owner_id',
};

const ALIASES: Record<keyof typeof COLUMN, string[]> = {
  leadExternalId: ['lead_id', 'leadId', 'leadExternalId', 'lead_external_id'],
  kind: ['kind'],
  occurredAt: ['occurred_at', 'occurredAt'],
  sourceId: ['source_id', 'sourceId'],
  amount: ['amount'],
  currency: ['currency'],
  reason: ['reason'],
  ownerId: ['owner_id', 'ownerId'],
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function pick(values: Record<string, unknown>, field: string): unknown {
  for (const key of ALIASES[field] ?? [field]) {
    const value = values[key];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/**
 * Turns one raw row (CSV strings or a JSON object, snake_case or camelCase keys) into a
 * validated outcome event, or the list of problems naming each field by its column name.
 * A date without a time means midnight UTC (spreadsheets export dates that way). Without
 * a source_id the key is derived from kind and time, so importing the same file twice
 * stores each outcome once.
 */
export function toOutcomeEvent(
  line: number,
  values: Record<string, unknown>,
): { event: OutcomeEvent } | { errors: OutcomeRowError[] } {
  const errors: OutcomeRowError[] = [];
  const text = (field: string) => {
    const v = pick(values, field);
    return v === undefined || v === null ? undefined : String(v).trim();
  };

  let amount: number | null | undefined;
  const rawAmount = pick(values, 'amount');
  if (typeof rawAmount === 'number') amount = rawAmount;
  else if (typeof rawAmount === 'string') {
    const n = Number(rawAmount.replace(/[\s,](?=\d{3}(\D|$))/g, ''));
    if (Number.isFinite(n)) amount = n;
    else errors.push({ line, field: 'amount', message: `"${rawAmount}" is not a number` });
  } else if (rawAmount !== undefined && rawAmount !== null)
    errors.push({ line, field: 'amount', message: 'expected a number' });

  let occurredAt = text('occurredAt');
  if (occurredAt && DATE_ONLY.test(occurredAt)) occurredAt = `${occurredAt}T00:00:00Z`;
  const kind = text('kind')?.toLowerCase();
  const candidate = {
    leadExternalId: text('leadExternalId') ?? '',
    kind,
    occurredAt,
    sourceId: text('sourceId') ?? (kind && occurredAt ? `import:${kind}:${occurredAt}` : 'import'),
    ...(amount !== undefined ? { amount } : {}),
    ...(text('currency') ? { currency: text('currency')!.toUpperCase() } : {}),
    ...(text('reason') ? { reason: text('reason') } : {}),
    ...(text('ownerId') ? { ownerId: text('ownerId') } : {}),
  };
  const parsed = outcomeEventSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = COLUMN[String(issue.path[0])] ?? String(issue.path[0]);
      const message =
        field === 'lead_id' && !candidate.leadExternalId ? 'is required' : describeIssue(field, issue.message);
      errors.push({ line, field, message });
    }
  }
  if (errors.length) return { errors };
  return { event: parsed.data! };
}

function describeIssue(field: string, message: string): string {
  if (field === 'occurred_at')
    return 'expected an ISO-8601 time with offset (2024-05-01T10:00:00Z) or a date (2024-05-01)';
  if (field === 'kind') return 'expected one of accepted, qualified, recycled, disqualified, won, lost';
  return message;
}

export function formatRowError(e: OutcomeRowError): string {
  return `line ${e.line}, field ${e.field}: ${e.message}`;
}
