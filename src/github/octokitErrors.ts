// What @octokit/request throws, read structurally: an HTTP error has a `response`; a
// network failure has none and keeps the fetch error as `cause`.

/** An error from @octokit/request: `status` set; `response` only when an answer came. */
export interface OctokitRequestError extends Error {
  status: number;
  response?: { headers: Record<string, unknown>; data: unknown };
}

export function isOctokitRequestError(e: unknown): e is OctokitRequestError {
  return e instanceof Error && typeof (e as OctokitRequestError).status === 'number';
}

/** The first system error code along the cause chain (undici nests it, sometimes in an AggregateError). */
export function systemErrorCode(e: unknown): string | undefined {
  for (let c = e, depth = 0; c && typeof c === 'object' && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (c instanceof AggregateError) {
      const inner = c.errors.map(systemErrorCode).find((x) => x !== undefined);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** GitHub's `message` from an error body, never the raw body (it may be an HTML page). */
export function httpErrorDetail(data: unknown, status: number): string {
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return `HTTP ${status}`;
}
