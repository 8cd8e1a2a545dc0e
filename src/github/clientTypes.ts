// The GitHub client's options, events and results, apart from its machinery.
import type { IDisposable } from '../common/lifecycle';
import type { GraphQLErrorInfo } from './graphqlErrors';
import type { RateLimitWait } from './rateLimit';

export interface GitHubClientOptions {
  /** Never logged, never put in an error or an event; redacted from any text a server sends back. */
  readonly token: string;
  /** Where the token came from, named when it cannot be a token (default "The GitHub token"). */
  readonly tokenSource?: string;
  /** Default https://api.github.com/graphql; GitHub Enterprise: https://HOST/api/graphql. */
  readonly graphqlUrl?: string;
  readonly userAgent?: string;
  /** Retries after the first attempt (default 3). */
  readonly retries?: number;
  /** First backoff delay for 5xx and network errors, doubled on each retry (default 1000). */
  readonly retryBaseDelayMs?: number;
  /** Longest rate-limit wait the client sleeps through; longer fails with GitHubRateLimitedError (default 60). */
  readonly maxRetryAfterSeconds?: number;
  /** Per attempt (default 30000). */
  readonly requestTimeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** How to wait between attempts (tests may record or shorten waits). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Epoch ms now, for rate-limit reset times (tests pass a fake clock's). */
  readonly now?: () => number;
  /** Starts the per-attempt timeout; `fire` aborts the attempt (tests fire it by hand). */
  readonly startTimer?: (fire: () => void, ms: number) => IDisposable;
}

export type RequestKind = 'query' | 'mutation';

/** One HTTP request that was sent. */
export interface RequestEvent {
  readonly kind: RequestKind;
  readonly operationName: string;
  /** HTTP status; undefined when no answer came (network error, timeout, cancel). */
  readonly status: number | undefined;
  readonly durationMs: number;
  /** 1 for the first attempt of an operation. */
  readonly attempt: number;
}

export type RetryReason = 'server-error' | 'network' | 'timeout' | 'secondary-rate-limit' | 'rate-limit';

/** A failed attempt that will be sent again after `delayMs`. */
export interface RetryEvent {
  readonly kind: RequestKind;
  readonly operationName: string;
  /** The attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: RetryReason;
  /**
   * For a rate limit, what set the wait: `no-retry-after` is a secondary limit that named
   * none, waited out for GitHub's advised minute.
   */
  readonly basis?: RateLimitWait['basis'];
}

/** A GraphQL answer as is: data may be partial when errors are present. */
export interface RawResult<T> {
  readonly data: T | null;
  readonly errors: readonly GraphQLErrorInfo[];
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

export interface MutateOptions extends RequestOptions {
  /** Resend after a 5xx, network error or timeout (default false: the write lane decides). */
  readonly retryOnServerError?: boolean;
}
