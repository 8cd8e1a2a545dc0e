import { UserFacingError } from '../common/errors';

/** At most `limit` units in any window of `windowMs`. */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** The pace of content-creating requests: every window holds at once. */
export type ContentRate = readonly RateWindow[];

/** GitHub's documented secondary limit on content creation: 80 requests a minute and 500 an hour. */
export const GITHUB_CONTENT_RATE: ContentRate = [
  { limit: 80, windowMs: 60_000 },
  { limit: 500, windowMs: 3_600_000 },
];

/** GitHub's documented secondary limit on GraphQL points: 2,000 a minute. */
export const GITHUB_POINT_RATE: readonly RateWindow[] = [{ limit: 2000, windowMs: 60_000 }];

/** Points GitHub charges a GraphQL request with mutations, and one without. */
export const MUTATION_POINTS = 5;
export const QUERY_POINTS = 1;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
const ITEM = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*(ms|s|min|m|h)$/;

/**
 * `N/min,M/h` (GitHub's own figures are `80/min,500/h`), or windows scaled for tests and
 * for GitHub Enterprise limits: `80/6s`, `80/6s,500/360s` (units ms, s, m, min, h).
 * @param label how the user gave it, for the message (default `--content-rate`).
 * @throws UserFacingError naming `label` and the accepted form.
 */
export function parseContentRate(text: string, label = '--content-rate'): ContentRate {
  const items = text.split(',').map((s) => s.trim());
  const windows: RateWindow[] = [];
  for (const item of items) {
    const m = ITEM.exec(item);
    const limit = m ? Number(m[1]) : NaN;
    const windowMs = m ? Math.round(Number(m[2] ?? '1') * UNIT_MS[m[3]]) : NaN;
    if (!m || !Number.isSafeInteger(limit) || limit < 1 || !Number.isSafeInteger(windowMs) || windowMs < 1) {
      // Echo the value only when it is short and plain (it is the user's, but one line is promised).
      const shown = /^[\w/., ]{1,40}$/.test(text) ? ` (got "${text}")` : '';
      throw new UserFacingError(
        `${label} must be N/min,M/h such as 80/min,500/h, or scaled windows such as 80/6s,500/360s (counts of 1 or more; units ms, s, m, min, h)${shown}.`,
      );
    }
    windows.push({ limit, windowMs });
  }
  return windows;
}

/** `80/min,500/h`, `80/6s,500/360s`: the form {@link parseContentRate} reads. */
export function formatContentRate(rate: ContentRate): string {
  return rate.map((w) => `${w.limit}/${formatWindow(w.windowMs)}`).join(',');
}

function formatWindow(ms: number): string {
  if (ms === 60_000) return 'min';
  if (ms === 3_600_000) return 'h';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}min`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
