/** How long GitHub asks a client to wait before sending again, and which limit said so. */
export interface RateLimitWait {
  readonly seconds: number;
  /** `secondary`: Retry-After (403/429); `primary`: no requests left until the reset time. */
  readonly limit: 'primary' | 'secondary';
  /** What set the wait: GitHub's Retry-After, its reset time, or none (GitHub's advice of a minute). */
  readonly basis: 'retry-after' | 'reset' | 'no-retry-after';
}

/** GitHub's advice for a secondary rate limit that names no wait: at least a minute. */
export const SECONDARY_LIMIT_DEFAULT_SECONDS = 60;

/**
 * The wait a rate-limited answer asks for, or undefined when it is no rate limit. Read from
 * the status, the headers and, for a 403 without them, the body's `documentation_url`: a
 * 403 is also what a permission or SSO refusal gets, and the link to the secondary-limit
 * documentation is the only machine-readable mark GitHub gives (the message is prose and
 * is never matched). A rate-limited request was not carried out.
 */
export function rateLimitWait(
  headers: Record<string, unknown> | undefined,
  status: number,
  now: number,
  body?: unknown,
): RateLimitWait | undefined {
  const h = headerMap(headers);
  const retryAfter = parseRetryAfter(h.get('retry-after'), now);
  if (retryAfter !== undefined) return { seconds: retryAfter, limit: 'secondary', basis: 'retry-after' };
  const reset = Number(h.get('x-ratelimit-reset'));
  if (h.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset)) {
    // One second past the reset, as GitHub's documentation advises.
    return { seconds: Math.max(0, reset - Math.floor(now / 1000)) + 1, limit: 'primary', basis: 'reset' };
  }
  // GitHub: after a secondary limit without Retry-After, wait at least one minute.
  if (status === 429 || (status === 403 && isSecondaryLimitBody(body))) {
    return { seconds: SECONDARY_LIMIT_DEFAULT_SECONDS, limit: 'secondary', basis: 'no-retry-after' };
  }
  return undefined;
}

// GitHub has linked `#secondary-rate-limits`, `#about-secondary-rate-limits` and, before
// the rename, `#abuse-rate-limits`.
const SECONDARY_LIMIT_DOCS = /#(?:about-)?(?:secondary|abuse)-rate-limits?$/i;

function isSecondaryLimitBody(body: unknown): boolean {
  const url = typeof body === 'object' && body !== null ? (body as { documentation_url?: unknown }).documentation_url : undefined;
  return typeof url === 'string' && SECONDARY_LIMIT_DOCS.test(url);
}

function headerMap(headers: Record<string, unknown> | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) map.set(k.toLowerCase(), String(v));
  return map;
}

/** Retry-After as seconds: a number of seconds or an HTTP date. */
function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
