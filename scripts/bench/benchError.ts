/**
 * A figure of the bench could not be measured (a tool failed, a job did not succeed, the
 * CLI bundle is missing). The bench then exits 2: a number from a broken run would lie.
 */
export class BenchError extends Error {
  readonly isBenchError = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BenchError';
  }
}

export function isBenchError(e: unknown): e is BenchError {
  return typeof e === 'object' && e !== null && (e as BenchError).isBenchError === true;
}
