import { UserFacingError } from './errors';

/** An unparsable duration such as a `--timeout` value. */
export class InvalidDurationError extends UserFacingError {
  readonly isInvalidDurationError = true;
  constructor(text: string) {
    super(
      `invalid duration ${JSON.stringify(text)}: use a positive number with a unit, ` +
        'such as 1500ms, 30s, 5m or 1h (a bare number means seconds)',
    );
    this.name = 'InvalidDurationError';
  }
}

export function isInvalidDurationError(e: unknown): e is InvalidDurationError {
  return typeof e === 'object' && e !== null && (e as InvalidDurationError).isInvalidDurationError === true;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses `1500ms`, `30s`, `5m`, `1h` or a bare number of seconds (`90`) into milliseconds.
 * @throws InvalidDurationError for anything else, and for zero.
 */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim().toLowerCase());
  if (!m) throw new InvalidDurationError(text);
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 's']);
  if (!Number.isFinite(ms) || ms <= 0) throw new InvalidDurationError(text);
  return ms;
}
