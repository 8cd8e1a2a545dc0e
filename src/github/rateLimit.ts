/** How long GitHub asks a client to wait before sending again, and which limit said so. */
export interface RateLimitWait {
  readonly seconds: number;
  /** `secondary`: Retry-After (403/429); `primary`: no requests left until the reset time. */
  readonly limit: 'primary' | 'secondary';
}

/**
 * The wait the response's rate-limit headers ask for, or undefined when they ask none.
 * Read from headers and status only (a rate-limited request was not carried out).
 */
export function rateLimitWait(headers: Record<string, unknown> | undefined, status: number, now: number): RateLimitWait | undefined {
  const h = headerMap(headers);
  const retryAfter = parseRetryAfter(h.get('retry-after'), now);
  if (retryAfter !== undefined) return { seconds: retryAfter, limit: 'secondary' };
  const reset = Number(h.get('x-ratelimit-reset'));
  if (h.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset)) {
    // One second past the reset, as GitHub's documentation advises.
    return { seconds: Math.max(0, reset - Math.floor(now / 1000)) + 1, limit: 'primary' };
  }
  // GitHub: after a secondary limit without Retry-After, wait at least one minute.
  if (status === 429) return { seconds: 60, limit: 'secondary' };
  return undefined;
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
