import { IDisposable } from './lifecycle';

/** One-shot timers that can all be cancelled at once (a command's kill escalation). */
export class TimerSet implements IDisposable {
  private readonly _timers = new Set<NodeJS.Timeout>();

  /** Runs `fn` after `ms` unless the set is disposed first. */
  later(fn: () => void, ms: number): void {
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
