import type { SkippedSource } from '../domain/connector';
import type { LeadloopError } from '../domain/errors';
import type { Logger } from '../log/createLogger';

export interface OptionalSourcesDeps {
  crm: string;
  /** Object or module name → what leadloop loses without it ("campaign responses will not score"). */
  sources: Record<string, string>;
  /** The CRM's answer meaning "the integration user may not read this object or module" (the connector's error table decides). */
  isUnreadable: (error: unknown) => error is LeadloopError;
  /** What to grant, in the CRM's words. */
  grantHint: string;
  logger: Logger;
}

export interface OptionalSources {
  /** Whether `source` may be skipped (it is one of the optional sources). */
  isOptional(source: string): boolean;
  /**
   * The pages of one read of `source`. When the CRM answers that the integration user
   * cannot read it, the read ends there without an error, the skip is recorded and
   * warned once, and later reads of the same source in this run yield nothing without a
   * call. Any other error goes on up. A source that is not optional is read unguarded.
   */
  guard<T>(source: string, pages: AsyncIterable<T>): AsyncGenerator<T>;
  skipped(): SkippedSource[];
}

/** Degrade, don't stop: the optional sources of one connector instance (one run). */
export function createOptionalSources(deps: OptionalSourcesDeps): OptionalSources {
  const skipped = new Map<string, SkippedSource>();
  const isOptional = (source: string) => Object.prototype.hasOwnProperty.call(deps.sources, source);
  return {
    isOptional,
    async *guard<T>(source: string, pages: AsyncIterable<T>): AsyncGenerator<T> {
      if (!isOptional(source)) {
        yield* pages;
        return;
      }
      if (skipped.has(source)) return;
      try {
        yield* pages;
      } catch (error) {
        if (!deps.isUnreadable(error)) throw error;
        const consequence = deps.sources[source]!;
        const message = `${source} not readable (${[error.status, error.code].filter((x) => x !== undefined).join(' ')}): ${consequence}. ${deps.grantHint}; once granted, \`leadloop sync NAME --full\` reads its history`;
        skipped.set(source, {
          source,
          consequence,
          code: error.code,
          ...(error.status !== undefined ? { status: error.status } : {}),
          message,
        });
        deps.logger.warn(message, { crm: deps.crm, code: error.code });
      }
    },
    skipped: () => [...skipped.values()],
  };
}
