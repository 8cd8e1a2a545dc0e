/** What a fault's `match` sees of a request. */
export interface FaultRequestInfo {
  readonly kind: 'query' | 'mutation';
  readonly operationName?: string;
  readonly topLevelFields: number;
}

/** A GraphQL `errors` entry a fault answers with. */
export interface FaultGraphQLError {
  type?: string;
  path?: (string | number)[];
  message: string;
}

/** One injected fault; it applies to the next `times` requests it matches. */
export interface FaultSpec {
  /**
   * Answer with this HTTP status instead of running the request (200 only with `rawBody`).
   * Any string of `body`, `graphqlErrors` or `rawBody` may hold `{token}`: the server puts
   * there the token the request carried, as a careless proxy or server that echoes
   * credentials would.
   */
  status?: 200 | 502 | 504 | 500 | 403 | 429 | 401;
  /** Seconds; sets `Retry-After` (and, with `rateLimitReset`, the reset time). */
  retryAfter?: number;
  /** A primary rate limit: 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`. */
  rateLimitReset?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Wait this long before answering (alone: a slow but successful request). */
  delayMs?: number;
  /** Default 1; `Infinity` for every matching request until `clear()`. */
  times?: number;
  /** Which requests it applies to; all of them when absent (unparseable ones included). */
  match?: (r: FaultRequestInfo) => boolean;
  /** Response body instead of GitHub's usual one for the status. */
  body?: unknown;
  /**
   * With 502/504: run the request (changing the store) and then answer the error, as when
   * GitHub's proxy gives up on a request GitHub goes on to finish. With `graphqlErrors` or
   * `hang`: run it first too.
   */
  afterExecute?: boolean;
  /**
   * Answer HTTP 200 with `data: null` and these errors, as GitHub does when a request fails
   * inside it ("Something went wrong while executing your query").
   */
  graphqlErrors?: FaultGraphQLError[];
  /** Run the request and answer its result passed through this (drop an alias, add an error). */
  rewrite?: (answer: { data?: unknown; errors?: unknown[] }) => unknown;
  /** Answer this text with this content type (an HTML error page); status 200 unless `status`. */
  rawBody?: { contentType: string; text: string };
  /** Never answer: hold the request until the client gives up or the server closes. */
  hang?: boolean;
}

/** Faults a test injects into the test GitHub. */
export interface Faults {
  add(f: FaultSpec): void;
  /** Mutations naming this thread get a per-field GraphQL error of `type` (default `FORBIDDEN`) until `clear()`. */
  failThread(threadId: string, type?: string): void;
  /** Added to every request, in milliseconds. */
  latencyMs: number;
  /** Removes every fault, thread failure and latency. */
  clear(): void;
}

interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
}

/** The server's fault table. */
export class FaultTable implements Faults {
  latencyMs = 0;
  private _faults: ActiveFault[] = [];
  private readonly _threads = new Map<string, string>();

  /** @throws Error for a combination the server cannot act out. */
  add(f: FaultSpec): void {
    if (f.afterExecute && f.status !== 502 && f.status !== 504 && !f.graphqlErrors && !f.hang) {
      throw new Error('afterExecute needs status 502 or 504, graphqlErrors or hang');
    }
    if (f.status === 200 && !f.rawBody) throw new Error('status 200 is for rawBody; use graphqlErrors or rewrite for GraphQL answers');
    if (f.rateLimitReset && f.status !== undefined && f.status !== 403) {
      throw new Error('rateLimitReset answers 403; do not give another status');
    }
    this._faults.push({ spec: f, remaining: f.times ?? 1 });
  }

  failThread(threadId: string, type = 'FORBIDDEN'): void {
    this._threads.set(threadId, type);
  }

  /** The injected error type for mutations naming `threadId`, if any. */
  threadFailure(threadId: string): string | undefined {
    return this._threads.get(threadId);
  }

  /** Takes (counts down) the first fault matching a request; requests that are not a query or mutation match only faults without `match`. */
  take(kind: 'query' | 'mutation' | 'invalid', operationName: string | undefined, topLevelFields: number): FaultSpec | undefined {
    const found = this._faults.find((f) => {
      if (f.remaining <= 0) return false;
      if (!f.spec.match) return true;
      return kind !== 'invalid' && f.spec.match({ kind, operationName, topLevelFields });
    });
    if (!found) return undefined;
    found.remaining--;
    this._faults = this._faults.filter((f) => f.remaining > 0);
    return found.spec;
  }

  clear(): void {
    this._faults = [];
    this._threads.clear();
    this.latencyMs = 0;
  }
}

/** A short description of a fault for the request log. */
export function describeFault(f: FaultSpec): string {
  const parts: string[] = [];
  if (f.reset) parts.push('reset');
  else if (f.hang) parts.push('hang');
  else if (f.rateLimitReset) parts.push('403 rate limit');
  else if (f.status) parts.push(String(f.status));
  if (f.graphqlErrors) parts.push('200 errors only');
  if (f.rewrite) parts.push('rewritten');
  if (f.rawBody) parts.push(f.rawBody.contentType);
  if (f.afterExecute) parts.push('after execute');
  if (f.retryAfter !== undefined) parts.push(`retry-after ${f.retryAfter}s`);
  if (f.delayMs) parts.push(`delay ${f.delayMs}ms`);
  return parts.join(', ') || 'matched';
}

/** `value` with every `{token}` in its strings replaced by `token` (a fault echoing credentials). */
export function echoToken<T>(value: T, token: string): T {
  if (typeof value === 'string') return value.split('{token}').join(token) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => echoToken(v, token)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, echoToken(v, token)])) as T;
  }
  return value;
}
