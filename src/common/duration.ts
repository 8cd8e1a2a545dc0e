import { UserFacingError } from './errors';
import { MAX_TIMER_HOURS, MAX_TIMER_MS, MAX_TIMER_TEXT } from './timers';

/** An unparsable duration such as a `--timeout` value. */
export class InvalidDurationError extends UserFacingError {
  readonly isInvalidDurationError = true;
  constructor(
    text: string,
    message = `invalid duration ${JSON.stringify(text)}: use a positive number with a unit, ` +
      'such as 1500ms, 30s, 5m or 1h (a bare number means seconds)',
  ) {
    super(message);
    this.name = 'InvalidDurationError';
  }
}

export function isInvalidDurationError(e: unknown): e is InvalidDurationError {
  return typeof e === 'object' && e !== null && (e as InvalidDurationError).isInvalidDurationError === true;
}

/**
 * A duration longer than a timer can hold: Node would fire it at once, so every job would
 * "time out" on start. Also an InvalidDurationError, for callers that treat both alike.
 */
export class DurationTooLongError extends InvalidDurationError {
  readonly isDurationTooLongError = true;
  readonly maxMs = MAX_TIMER_MS;
  constructor(text: string) {
    // No option name here: callers prefix it ("--timeout: …", "Setting prThreads.jobTimeout: …").
    super(text, `duration ${JSON.stringify(text)} is too long: a timer holds at most ${MAX_TIMER_TEXT}; use ${MAX_TIMER_HOURS}h or less`);
    this.name = 'DurationTooLongError';
  }
}

export function isDurationTooLongError(e: unknown): e is DurationTooLongError {
  return typeof e === 'object' && e !== null && (e as DurationTooLongError).isDurationTooLongError === true;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses `1500ms`, `30s`, `5m`, `1h` or a bare number of seconds (`90`) into milliseconds.
 * @throws InvalidDurationError for anything else, and for zero.
 * @throws DurationTooLongError (an InvalidDurationError) beyond `MAX_TIMER_MS`, about 596 h.
 */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim().toLowerCase());
  if (!m) throw new InvalidDurationError(text);
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 's']);
  // Hundreds of digits overflow to Infinity: too long as well, not garbage.
  if (!(ms <= MAX_TIMER_MS)) throw new DurationTooLongError(text);
  if (ms <= 0) throw new InvalidDurationError(text);
  return ms;
}
