/**
 * An expected failure caused by input, configuration or the outside world. Its message
 * is shown to the user as is, in one line, and says what to do.
 */
export class UserFacingError extends Error {
  readonly isUserFacingError = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

export function isUserFacingError(e: unknown): e is UserFacingError {
  return typeof e === 'object' && e !== null && (e as UserFacingError).isUserFacingError === true;
}

/**
 * A broken invariant: a bug in this program. Do not throw this for invalid user input.
 */
export class BugIndicatingError extends Error {
  readonly isBugIndicatingError = true;
  constructor(message: string) {
    super(message);
    this.name = 'BugIndicatingError';
  }
}

/** The operation was cancelled by the user (Stop, Ctrl-C, a closed window). Never shown as an error. */
export class CancellationError extends Error {
  readonly isCancellationError = true;
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancellationError';
  }
}

/** True for our CancellationError and for the AbortError thrown by Node and fetch on abort. */
export function isCancellationError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  return (e as CancellationError).isCancellationError === true || (e as Error).name === 'AbortError';
}

/** The error's message on one line, for logs and the CLI's stderr. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
