import { ConfigurationError } from './errors';

/**
 * What an org name may hold, in one place (issue 24, item 1): the repository refuses
 * anything else, migration 097 adds the same rule as a CHECK on `orgs.name`, and the API
 * and console validate with it. Names appear in URLs, file names and pages: letters,
 * digits, dot, dash and underscore only, not starting with a dot or a dash (no `..`, no option look-alikes).
 */
export const ORG_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$/;

/** The same rule as a PostgreSQL regular expression (migration 097's CHECK). */
export const ORG_NAME_SQL_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$';

export const ORG_NAME_RULE =
  'may hold 1–80 letters, digits, dots, dashes and underscores, not starting with a dot or dash';

export function isOrgName(name: unknown): name is string {
  return typeof name === 'string' && ORG_NAME_PATTERN.test(name);
}

/** Throws a one-line error naming the bad name (truncated, never interpreted). */
export function assertOrgName(name: unknown): asserts name is string {
  if (!isOrgName(name))
    throw new InvalidOrgNameError(
      `Org name ${JSON.stringify(String(name).slice(0, 100))} is not valid: it ${ORG_NAME_RULE}`,
    );
}

export class InvalidOrgNameError extends ConfigurationError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOrgNameError';
  }
}
