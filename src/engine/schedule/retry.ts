/** Longest wait between two attempts unless the options say otherwise. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;

/**
 * Exponential backoff: the wait after attempt `failedAttempt` (1-based) failed is
 * `baseMs * 2^(failedAttempt-1)`, capped at `maxMs`.
 */
export function backoffDelay(failedAttempt: number, baseMs: number, maxMs = DEFAULT_MAX_RETRY_DELAY_MS): number {
  if (baseMs <= 0) return 0;
  // Cap the exponent too, so a large attempt count never overflows to Infinity.
  const factor = 2 ** Math.min(Math.max(failedAttempt - 1, 0), 30);
  return Math.min(baseMs * factor, maxMs);
}
