import type { CompiledTemplate } from './compileMatcher';
import type { SignalValue } from './signalReaders';

/** A rule that can explain itself: its code and bilingual text templates. */
export interface ReasonSource {
  code: string;
  en: CompiledTemplate;
  es: CompiledTemplate;
}

export interface ScoreReason {
  /** Stable rule code from the definition (`size_core`, `engagement_demo_request`…). */
  code: string;
  /** Definition points (engagement: decayed and capped, rounded). Disqualifiers show -100. */
  points: number;
  en: string;
  es: string;
}

/** Where a contribution counts: fit (profile, qualification, penalties), engagement, or a hard disqualifier. */
export type ContributionPart = 'fit' | 'engagement' | 'disqualifier';

/** One contribution with its exact points (engagement: decayed and capped, not rounded). */
export interface Contribution extends ScoreReason {
  part: ContributionPart;
}

export interface ReasonCollector {
  reset(): void;
  /** `exact`: the unrounded points when `points` is rounded for display (engagement). */
  add(source: ReasonSource, points: number, value: SignalValue, part?: ContributionPart, exact?: number): void;
  /** The `max` largest contributions by |points| (ties by code), rendered; nothing else is rendered. */
  top(max: number): ScoreReason[];
  /** Every contribution in the order added, with its exact points, rendered. */
  all(): Contribution[];
}

/**
 * Contributions of one score, kept in reusable parallel arrays: most leads have more
 * contributions than reasons shown, and texts are rendered only for those shown. One
 * collector belongs to one compiled definition; scoring is synchronous, so it is never
 * shared by two scores at once.
 */
export function createReasonCollector(capacity: number): ReasonCollector {
  const size = Math.max(1, capacity);
  const sources: ReasonSource[] = new Array<ReasonSource>(size);
  const values: SignalValue[] = new Array<SignalValue>(size);
  const points = new Float64Array(size);
  const exacts = new Float64Array(size);
  const parts: ContributionPart[] = new Array<ContributionPart>(size);
  const order = new Int32Array(size);
  let n = 0;

  const before = (a: number, b: number) => {
    const d = Math.abs(points[a]!) - Math.abs(points[b]!);
    return d !== 0 ? d > 0 : sources[a]!.code < sources[b]!.code;
  };

  return {
    reset() {
      for (let i = 0; i < n; i++) values[i] = undefined;
      n = 0;
    },
    add(source, p, value, part = 'fit', exact = p) {
      if (n >= size) return;
      sources[n] = source;
      points[n] = p;
      exacts[n] = exact;
      parts[n] = part;
      values[n] = value;
      n++;
    },
    all() {
      const out: Contribution[] = new Array<Contribution>(n);
      for (let i = 0; i < n; i++) {
        const source = sources[i]!;
        out[i] = {
          code: source.code,
          points: exacts[i]!,
          part: parts[i]!,
          en: source.en(values[i]),
          es: source.es(values[i]),
        };
      }
      return out;
    },
    top(max) {
      // insertion sort of indexes: n is a few dozen at most
      let m = 0;
      for (let i = 0; i < n; i++) {
        // a contribution that rounds to 0 points is listed in the explanation, not as a reason
        if (points[i] === 0) continue;
        let j = m++;
        while (j > 0 && before(i, order[j - 1]!)) {
          order[j] = order[j - 1]!;
          j--;
        }
        order[j] = i;
      }
      const count = m < max ? m : max;
      const out: ScoreReason[] = new Array<ScoreReason>(count);
      for (let k = 0; k < count; k++) {
        const i = order[k]!;
        const source = sources[i]!;
        out[k] = { code: source.code, points: points[i]!, en: source.en(values[i]), es: source.es(values[i]) };
      }
      return out;
    },
  };
}
