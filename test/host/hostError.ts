import { UserFacingError } from '../../src/common/errors';

/**
 * The test host (code-server, chromium, their install) could not do its part: not
 * installed, did not start, died mid-run. The message says what to do; the extension
 * under test is not to blame.
 */
export class HostError extends UserFacingError {
  readonly isHostError = true;
  /**
   * @param details what a person needs to see next to the one-line message, such as the
   *   end of code-server's log; printed below it.
   */
  constructor(message: string, readonly details?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HostError';
  }
}

export function isHostError(e: unknown): e is HostError {
  return typeof e === 'object' && e !== null && (e as HostError).isHostError === true;
}
