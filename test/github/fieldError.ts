/**
 * An error raised by a resolver that GitHub would report as a field error: its `type`
 * (`NOT_FOUND`, `FORBIDDEN`, `EXCESSIVE_PAGINATION`, …) lands at the top level of the
 * error object in the response, next to `path`, `locations` and `message`.
 */
export class GitHubFieldError extends Error {
  readonly isGitHubFieldError = true;
  constructor(
    readonly type: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GitHubFieldError';
  }
}

export function isGitHubFieldError(e: unknown): e is GitHubFieldError {
  return typeof e === 'object' && e !== null && (e as GitHubFieldError).isGitHubFieldError === true;
}

/**
 * A schema field the test GitHub does not implement. Raised instead of answering with
 * silently wrong data, so a test that starts using a new field learns it at once.
 */
export class NotImplementedFieldError extends Error {
  readonly isNotImplementedFieldError = true;
  constructor(readonly coordinate: string) {
    super(`not implemented in the test GitHub: ${coordinate}`);
    this.name = 'NotImplementedFieldError';
  }
}

export function isNotImplementedFieldError(e: unknown): e is NotImplementedFieldError {
  return typeof e === 'object' && e !== null && (e as NotImplementedFieldError).isNotImplementedFieldError === true;
}

/** GitHub's NOT_FOUND error for a global id that names nothing. */
export function nodeNotFound(id: string): GitHubFieldError {
  return new GitHubFieldError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
}
