// Why not @octokit/plugin-retry / @octokit/plugin-throttling: plugin-throttling tells a
// secondary rate limit from other 403s by matching the message text, keeps Bottleneck
// groups in module-level state shared by every Octokit of the process (its write group
// spaces all GraphQL requests of the process 1 s apart), and neither plugin's waits can be
// cancelled by an AbortSignal or observed as events; plugin-retry would also resend
// mutations after a 5xx, which can post a reply twice. The retry policy below is small,
// classifies by status and headers only, and reports every attempt.
import type { Octokit } from '@octokit/core' with { 'resolution-mode': 'import' };
import { BugIndicatingError, CancellationError, UserFacingError } from '../common/errors';
import { Emitter, Event } from '../common/event';
import { Disposable, IDisposable, toDisposable } from '../common/lifecycle';
import { anySignal, sleep as abortableSleep } from '../common/abort';
import type { GitHubClientOptions, MutateOptions, RawResult, RequestEvent, RequestKind, RequestOptions, RetryEvent, RetryReason } from './clientTypes';
import { checkToken } from './credentials';
import { GitHubAuthError, GitHubBadAnswerError, GitHubNetworkError, GitHubRateLimitedError, GitHubRequestError, GitHubTimeoutError } from './errors';
import { fromGraphQLErrors, toErrorInfo } from './graphqlErrors';
import { httpErrorDetail, isOctokitRequestError, systemErrorCode } from './octokitErrors';
import { rateLimitWait, type RateLimitWait } from './rateLimit';
import { redactSecrets } from './redact';

export type { GraphQLErrorInfo } from './graphqlErrors';

// One default endpoint for the whole program, kept with the other credentials defaults.
import { DEFAULT_GRAPHQL_URL } from './credentials';
export { DEFAULT_GRAPHQL_URL };

export type { GitHubClientOptions, MutateOptions, RawResult, RequestEvent, RequestKind, RequestOptions, RetryEvent, RetryReason } from './clientTypes';

interface Retry {
  readonly reason: RetryReason;
  readonly delayMs: number;
  readonly basis?: RateLimitWait['basis'];
}

type Attempt<T> = { readonly result: RawResult<T> } | { readonly error: Error; readonly retry?: Retry };

// @octokit/graphql takes these option names out of the variables.
const RESERVED_NAMES = new Set(['method', 'baseUrl', 'url', 'headers', 'request', 'query', 'mediaType', 'operationName']);

// Connection failures where the request never left: retrying only delays the message.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_FAIL', 'ERR_INVALID_URL']);

/**
 * GitHub GraphQL over @octokit/core, with typed errors, retries and rate-limit waits.
 * Queries are retried after 5xx, network errors and timeouts with exponential backoff;
 * rate-limited requests (never executed by GitHub) are resent for queries and mutations.
 */
export class GitHubClient extends Disposable {
  private readonly _onDidRequest = this._register(new Emitter<RequestEvent>());
  /** Fires after every HTTP request sent, retries included. */
  readonly onDidRequest: Event<RequestEvent> = this._onDidRequest.event;
  private readonly _onDidRetry = this._register(new Emitter<RetryEvent>());
  /** Fires when a failed attempt is going to be resent, before the wait. */
  readonly onDidRetry: Event<RetryEvent> = this._onDidRetry.event;

  /** HTTP requests actually sent, retries included. */
  readonly requestCounts = { queries: 0, mutations: 0 };

  /** Host of the endpoint, for messages (the URL itself may hold credentials). */
  readonly host: string;
  private readonly _octokitOptions: { auth: string; baseUrl: string; userAgent: string; url: string | undefined };
  private _octokit: Promise<OctokitGraphQL> | undefined;
  private readonly _fetch: typeof fetch;
  private readonly _retries: number;
  private readonly _baseDelayMs: number;
  private readonly _maxRetryAfterSeconds: number;
  private readonly _timeoutMs: number;
  private readonly _sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly _now: () => number;
  private readonly _startTimer: (fire: () => void, ms: number) => IDisposable;
  private readonly _secrets: readonly string[];

  /**
   * No request is made.
   * @throws UserFacingError when `graphqlUrl` is not an http(s) URL, or the token holds a
   *   character no token has (a newline, a space, a control character).
   */
  constructor(options: GitHubClientOptions) {
    super();
    checkToken(options.token, options.tokenSource ?? 'The GitHub token');
    this._secrets = [options.token];
    const url = parseEndpoint(options.graphqlUrl ?? DEFAULT_GRAPHQL_URL);
    this.host = url.host;
    const path = url.pathname.replace(/\/+$/, '');
    const baseUrl = path.endsWith('/graphql') ? `${url.origin}${path.slice(0, -'/graphql'.length)}` : url.origin;
    this._octokitOptions = {
      auth: options.token,
      baseUrl,
      userAgent: options.userAgent ?? 'pr-thread-runner',
      url: path.endsWith('/graphql') && !url.search ? undefined : url.href,
    };
    this._fetch = options.fetch ?? globalThis.fetch;
    this._retries = options.retries ?? 3;
    this._baseDelayMs = options.retryBaseDelayMs ?? 1000;
    this._maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
    this._timeoutMs = options.requestTimeoutMs ?? 30_000;
    this._sleep = options.sleep ?? abortableSleep;
    this._now = options.now ?? Date.now;
    this._startTimer = options.startTimer ?? realTimer;
  }

  /**
   * Runs a query document; any GraphQL error fails it.
   * @throws GitHubAuthError, GitHubNotFoundError, GitHubRateLimitedError, GitHubNetworkError,
   *   GitHubTimeoutError, GitHubRequestError; CancellationError when `signal` aborts.
   */
  async query<T>(document: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<T> {
    return this._expectData(await this.raw<T>(document, variables, options), document);
  }

  /**
   * Runs a mutation document; any GraphQL error fails it. Not resent after a 5xx, a network
   * error or a timeout unless `retryOnServerError` (GitHub may have done the work).
   * @throws as {@link query}.
   */
  async mutate<T>(document: string, variables?: Record<string, unknown>, options?: MutateOptions): Promise<T> {
    return this._expectData(await this.raw<T>(document, variables, options), document);
  }

  /**
   * Runs a document and returns GraphQL `errors` next to the (possibly partial) `data`, so
   * that a caller can map errors to the aliases they belong to. HTTP-level failures throw.
   * @throws as {@link query}, except for GraphQL errors, which are returned.
   */
  async raw<T>(document: string, variables: Record<string, unknown> = {}, options: MutateOptions = {}): Promise<RawResult<T>> {
    const { kind, operationName } = describeOperation(document);
    const clash = Object.keys(variables).find((k) => RESERVED_NAMES.has(k));
    if (clash) throw new BugIndicatingError(`GraphQL variable name ${clash} is reserved by @octokit/graphql`);
    const retryServerErrors = kind === 'query' || options.retryOnServerError === true;
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) throw new CancellationError();
      const outcome = await this._attempt<T>(kind, operationName, document, variables, attempt, options.signal);
      if ('result' in outcome) return outcome.result;
      const { error, retry } = outcome;
      const rateLimited = retry?.reason === 'rate-limit' || retry?.reason === 'secondary-rate-limit';
      if (!retry || (!rateLimited && !retryServerErrors)) throw error;
      if (attempt > this._retries) throw error;
      this._onDidRetry.fire({ kind, operationName, attempt, ...retry });
      await this._sleep(retry.delayMs, options.signal);
    }
  }

  private async _attempt<T>(
    kind: RequestKind,
    operationName: string,
    document: string,
    variables: Record<string, unknown>,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<Attempt<T>> {
    const timeout = new AbortController();
    const timer = this._startTimer(() => timeout.abort(), this._timeoutMs);
    let status: number | undefined;
    let contentType = '';
    let sent = false;
    const started = performance.now();
    // A per-request fetch so that only requests really sent are counted, with their status.
    const countingFetch: typeof fetch = async (input, init) => {
      sent = true;
      if (kind === 'query') this.requestCounts.queries++;
      else this.requestCounts.mutations++;
      const response = await this._fetch(input, init);
      status = response.status;
      contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      return response;
    };
    const timedOut = (): Attempt<T> => ({
      error: new GitHubTimeoutError(this.host, this._timeoutMs),
      retry: this._backoff('timeout', attempt),
    });
    const octokit = await (this._octokit ??= loadOctokit(this._octokitOptions));
    try {
      const data = await octokit.graphql<T>(document, {
        ...variables,
        operationName,
        request: { fetch: countingFetch, signal: anySignal([signal, timeout.signal]) },
      });
      // @octokit/request returns an empty body when an abort cuts off reading it.
      if (signal?.aborted) throw new CancellationError();
      if (timeout.signal.aborted) return timedOut();
      // @octokit/graphql hands back the body's `data` field: missing for an HTML page or for
      // JSON that is not a GraphQL answer. The same URL would answer the same: no retry.
      if (typeof data !== 'object' || data === null) return { error: new GitHubBadAnswerError(this.host, status ?? 200, contentType) };
      return { result: { data, errors: [] } };
    } catch (e) {
      if (signal?.aborted) throw new CancellationError();
      if (timeout.signal.aborted) return timedOut();
      return this._classify<T>(e, operationName, attempt, octokit.GraphqlResponseError);
    } finally {
      timer.dispose();
      if (sent) {
        this._onDidRequest.fire({ kind, operationName, status, durationMs: performance.now() - started, attempt });
      }
    }
  }

  private _classify<T>(
    e: unknown,
    operationName: string,
    attempt: number,
    GraphqlResponseError: OctokitGraphQL['GraphqlResponseError'],
  ): Attempt<T> {
    if (e instanceof GraphqlResponseError) {
      const errors = (e.errors ?? []).map(toErrorInfo).map((x) => ({ ...x, message: this._redact(x.message) }));
      // GitHub reports the primary limit of GraphQL as an error of type RATE_LIMITED.
      if (errors.some((x) => x.type === 'RATE_LIMITED')) {
        return this._rateLimit(e.headers, 200) ?? { error: fromGraphQLErrors(operationName, errors) };
      }
      const data = (e.data as T | undefined) ?? null;
      if (errors.length === 0 && data === null) return { error: new GitHubBadAnswerError(this.host, 200, 'application/json') };
      return { result: { data, errors } };
    }
    if (!isOctokitRequestError(e)) throw e;
    if (!e.response) {
      const code = systemErrorCode(e.cause);
      const error = new GitHubNetworkError(this.host, code, { cause: e.cause });
      return code !== undefined && UNREACHABLE_CODES.has(code) ? { error } : { error, retry: this._backoff('network', attempt) };
    }
    const status = e.status;
    if (status === 401) return { error: new GitHubAuthError() };
    if (status === 403 || status === 429) {
      const limited = this._rateLimit(e.response.headers, status, e.response.data);
      if (limited) return limited;
    }
    const error = new GitHubRequestError(operationName, status, undefined, this._redact(httpErrorDetail(e.response.data, status)));
    return status >= 500 ? { error, retry: this._backoff('server-error', attempt) } : { error };
  }

  /** A retry after the wait a rate-limited answer asks for, or undefined when it is no rate limit. */
  private _rateLimit(headers: Record<string, unknown> | undefined, status: number, body?: unknown): Attempt<never> | undefined {
    const now = this._now();
    const wait = rateLimitWait(headers, status, now, body);
    if (!wait) return undefined;
    const error = new GitHubRateLimitedError(wait.seconds, wait.limit, now);
    if (wait.seconds > this._maxRetryAfterSeconds) return { error };
    return { error, retry: { reason: wait.limit === 'primary' ? 'rate-limit' : 'secondary-rate-limit', delayMs: wait.seconds * 1000, basis: wait.basis } };
  }

  /** Server text with the client's secrets shown as `***`. */
  private _redact(text: string): string {
    return redactSecrets(text, this._secrets);
  }

  private _backoff(reason: RetryReason, attempt: number): Retry {
    return { reason, delayMs: this._baseDelayMs * 2 ** (attempt - 1) };
  }

  private _expectData<T>(result: RawResult<T>, document: string): T {
    if (result.errors.length > 0) throw fromGraphQLErrors(describeOperation(document).operationName, result.errors);
    if (result.data === null) throw new BugIndicatingError('GitHub answered without data and without errors');
    return result.data;
  }
}

interface OctokitGraphQL {
  readonly graphql: Octokit['graphql'];
  readonly GraphqlResponseError: typeof import('@octokit/graphql', { with: { 'resolution-mode': 'import' } }).GraphqlResponseError;
}

// Octokit is ESM-only and this package compiles to CommonJS: esbuild bundles these
// dynamic imports, which TypeScript accepts where a static import would not.
async function loadOctokit(options: { auth: string; baseUrl: string; userAgent: string; url: string | undefined }): Promise<OctokitGraphQL> {
  const [{ Octokit }, { GraphqlResponseError }] = await Promise.all([import('@octokit/core'), import('@octokit/graphql')]);
  const octokit = new Octokit({ auth: options.auth, baseUrl: options.baseUrl, userAgent: options.userAgent });
  // Octokit posts to baseUrl + '/graphql'; any other path is given as the absolute URL.
  const graphql = options.url ? octokit.graphql.defaults({ url: options.url }) : octokit.graphql;
  return { graphql, GraphqlResponseError };
}

function realTimer(fire: () => void, ms: number): IDisposable {
  const t = setTimeout(fire, ms);
  return toDisposable(() => clearTimeout(t));
}

function parseEndpoint(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserFacingError('The GraphQL URL is not a valid URL: set --graphql-url / GITHUB_GRAPHQL_URL to e.g. https://api.github.com/graphql.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserFacingError(`The GraphQL URL must use http or https, not ${url.protocol}: check --graphql-url / GITHUB_GRAPHQL_URL.`);
  }
  return url;
}

/** Kind and name of the document's operation (our documents are always named). */
function describeOperation(document: string): { kind: RequestKind; operationName: string } {
  const m = /^\s*(query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(document);
  if (!m) throw new BugIndicatingError('GraphQL documents must start with a named query or mutation');
  return { kind: m[1] as RequestKind, operationName: m[2] };
}

