import { UserFacingError, oneLine } from '../common/errors';

/** The token was refused (HTTP 401). Nothing will work until the user signs in again. */
export class GitHubAuthError extends UserFacingError {
  readonly isGitHubAuthError = true;
  readonly status = 401;
  constructor() {
    super('GitHub rejected the token (401 Bad credentials): sign in again, or set GITHUB_TOKEN to a token with the repo scope.');
    this.name = 'GitHubAuthError';
  }
}

export function isGitHubAuthError(e: unknown): e is GitHubAuthError {
  return typeof e === 'object' && e !== null && (e as GitHubAuthError).isGitHubAuthError === true;
}

/** GitHub answered with a GraphQL error of type `NOT_FOUND` (or an object the caller needs is missing). */
export class GitHubNotFoundError extends UserFacingError {
  readonly isGitHubNotFoundError = true;
  readonly type = 'NOT_FOUND';
  /**
   * @param message one line that names what is missing and which option to check.
   * @param path the GraphQL path of the missing object (`['repository', 'pullRequest']`).
   */
  constructor(message: string, readonly path?: readonly (string | number)[]) {
    super(message);
    this.name = 'GitHubNotFoundError';
  }
}

export function isGitHubNotFoundError(e: unknown): e is GitHubNotFoundError {
  return typeof e === 'object' && e !== null && (e as GitHubNotFoundError).isGitHubNotFoundError === true;
}

/**
 * A rate limit (secondary: 403/429 with Retry-After; primary: no requests left until the
 * reset time) asks for a longer wait than the client is willing to sleep.
 */
export class GitHubRateLimitedError extends UserFacingError {
  readonly isGitHubRateLimitedError = true;
  /** When the request may be sent again, in epoch ms. */
  readonly retryAt: number;
  constructor(
    /** Seconds to wait before sending again. */
    readonly retryAfterSeconds: number,
    readonly limit: 'primary' | 'secondary',
    now = Date.now(),
  ) {
    const at = new Date(now + retryAfterSeconds * 1000);
    const which = limit === 'primary' ? 'rate limit' : 'secondary rate limit';
    super(`GitHub's ${which} was reached: try again in ${formatWait(retryAfterSeconds)} (after ${at.toISOString()}).`);
    this.name = 'GitHubRateLimitedError';
    this.retryAt = at.getTime();
  }
}

export function isGitHubRateLimitedError(e: unknown): e is GitHubRateLimitedError {
  return typeof e === 'object' && e !== null && (e as GitHubRateLimitedError).isGitHubRateLimitedError === true;
}

/** The endpoint could not be reached, or the connection broke before an answer came. */
export class GitHubNetworkError extends UserFacingError {
  readonly isGitHubNetworkError = true;
  constructor(
    /** Host of the GraphQL URL (never the full URL, which could carry credentials). */
    readonly host: string,
    /** System error code when there is one (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, …). */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot reach GitHub at ${host}${code ? ` (${code})` : ''}: check --graphql-url / GITHUB_GRAPHQL_URL or the network.`,
      options,
    );
    this.name = 'GitHubNetworkError';
  }
}

export function isGitHubNetworkError(e: unknown): e is GitHubNetworkError {
  return typeof e === 'object' && e !== null && (e as GitHubNetworkError).isGitHubNetworkError === true;
}

/** No answer came within the request timeout; GitHub may or may not have done the work. */
export class GitHubTimeoutError extends UserFacingError {
  readonly isGitHubTimeoutError = true;
  constructor(readonly host: string, readonly timeoutMs: number) {
    super(`GitHub at ${host} did not answer within ${formatWait(timeoutMs / 1000)}: check the network, or try again later.`);
    this.name = 'GitHubTimeoutError';
  }
}

export function isGitHubTimeoutError(e: unknown): e is GitHubTimeoutError {
  return typeof e === 'object' && e !== null && (e as GitHubTimeoutError).isGitHubTimeoutError === true;
}

/**
 * A successful HTTP status whose body is not a GraphQL answer: an HTML page (a proxy's
 * sign-in page, a web server at the wrong URL) or JSON holding neither `data` nor
 * `errors`. The endpoint is most likely wrong; resending would get the same page.
 */
export class GitHubBadAnswerError extends UserFacingError {
  readonly isGitHubBadAnswerError = true;
  constructor(
    /** Host of the GraphQL URL (never the full URL, which could carry credentials). */
    readonly host: string,
    readonly status: number,
    /** The answer's media type, without parameters (`text/html`); '' when none was given. */
    readonly contentType: string,
  ) {
    super(`GitHub at ${host} answered ${describeBody(contentType)}: check --graphql-url / GITHUB_GRAPHQL_URL.`);
    this.name = 'GitHubBadAnswerError';
  }
}

export function isGitHubBadAnswerError(e: unknown): e is GitHubBadAnswerError {
  return typeof e === 'object' && e !== null && (e as GitHubBadAnswerError).isGitHubBadAnswerError === true;
}

function describeBody(contentType: string): string {
  if (contentType === 'text/html' || contentType === 'application/xhtml+xml') return 'with an HTML page, not GraphQL JSON';
  if (contentType === 'application/json' || contentType.endsWith('+json')) return 'JSON that is not a GraphQL answer (no data, no errors)';
  return `${contentType ? `with ${contentType}` : 'without a content type'}, not GraphQL JSON`;
}

/** Any other failed request: an HTTP error status, or GraphQL errors in the answer. */
export class GitHubRequestError extends UserFacingError {
  readonly isGitHubRequestError = true;
  constructor(
    readonly operationName: string,
    /** HTTP status; 200 when the failure came as GraphQL errors. */
    readonly status: number,
    /** GraphQL error `type` (`FORBIDDEN`, `INSUFFICIENT_SCOPES`, …) when GitHub gave one. */
    readonly type: string | undefined,
    /** GitHub's own description, shortened to one line. */
    detail: string,
  ) {
    super(`GitHub ${operationName} failed (${describe(status, type)}): ${shorten(detail)}${adviceFor(status, type)}`);
    this.name = 'GitHubRequestError';
  }
}

export function isGitHubRequestError(e: unknown): e is GitHubRequestError {
  return typeof e === 'object' && e !== null && (e as GitHubRequestError).isGitHubRequestError === true;
}

function describe(status: number, type: string | undefined): string {
  if (type) return status === 200 ? type : `${status} ${type}`;
  return `HTTP ${status}`;
}

// Classified by status / type only; the advice says what the user can do about it. A
// secondary rate limit (also a 403) never gets here: the client makes it a
// GitHubRateLimitedError, whose advice is when to try again.
function adviceFor(status: number, type: string | undefined): string {
  if (type === 'FORBIDDEN' || type === 'INSUFFICIENT_SCOPES' || status === 403) {
    return ' — check that the token has the repo scope and access to this repository.';
  }
  if (status >= 500) return ' — GitHub had a problem; try again later.';
  if (status === 404) return ' — check --graphql-url / GITHUB_GRAPHQL_URL.';
  return ' — try again; if it persists, report it with this message.';
}

function shorten(text: string): string {
  const line = oneLine(text);
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 120) return `${s}s`;
  const m = Math.ceil(s / 60);
  return m < 120 ? `${m} min` : `${Math.ceil(m / 60)} h`;
}
