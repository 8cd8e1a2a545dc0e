import { BugIndicatingError } from './errors';
import { IDisposable } from './lifecycle';

/**
 * The longest delay a Node timer holds (2^31−1 ms, about 596 h 31 min). Node turns a longer
 * one into 1 ms with only a warning, so an over-long timeout would fire at once.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Whole hours within `MAX_TIMER_MS`: 596. */
export const MAX_TIMER_HOURS = Math.floor(MAX_TIMER_MS / 3_600_000);

/** `MAX_TIMER_MS` for people: `596h (2147483647 ms)`. */
export const MAX_TIMER_TEXT = `${MAX_TIMER_HOURS}h (${MAX_TIMER_MS} ms)`;

/**
 * @throws BugIndicatingError when `ms` is not a delay a timer can hold: user input must be
 *   refused before it gets here (`parseDuration` does).
 */
export function checkTimerDelay(ms: number): void {
  if (!(ms >= 0 && ms <= MAX_TIMER_MS)) {
    throw new BugIndicatingError(`a timer delay must be 0 to at most ${MAX_TIMER_MS} ms (got ${ms})`);
  }
}

/** One-shot timers that can all be cancelled at once (a command's kill escalation). */
export class TimerSet implements IDisposable {
  private readonly _timers = new Set<NodeJS.Timeout>();

  /**
   * Runs `fn` after `ms` unless the set is disposed first.
   * @throws BugIndicatingError when `ms` is beyond `MAX_TIMER_MS` (it would fire at once).
   */
  later(fn: () => void, ms: number): void {
    checkTimerDelay(ms);
    const t = setTimeout(() => {
      this._timers.delete(t);
      fn();
    }, ms);
    this._timers.add(t);
  }

  dispose(): void {
    for (const t of this._timers) clearTimeout(t);
    this._timers.clear();
  }
}
