import { UserFacingError } from '../common/errors';

/** The command line is wrong; exit code 2. */
export class UsageError extends UserFacingError {
  readonly isUsageError = true;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function isUsageError(e: unknown): e is UsageError {
  return typeof e === 'object' && e !== null && (e as UsageError).isUsageError === true;
}
