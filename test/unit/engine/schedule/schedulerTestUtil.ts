import { getEventListeners } from 'node:events';
import { CancellationError } from '../../../../src/common/errors';
import { AttemptContext, AttemptOutcome, SchedulerClock, SchedulerJob, SchedulerLane } from '../../../../src/engine/schedule/schedulerTypes';

export const OK: AttemptOutcome = { ok: true, exitCode: 0, signal: null };
export const FAIL: AttemptOutcome = { ok: false, exitCode: 1, signal: null };

/** A promise the test settles by hand. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function ticks(n = 3): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++) p = p.then(() => new Promise<void>((r) => setImmediate(r)));
  return p;
}

/** Resolves once `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A job that waits for its signal, then reports a killed process. */
export function untilAborted(ctx: AttemptContext): Promise<AttemptOutcome> {
  return aborted(ctx.signal).then(() => ({ ok: false, exitCode: null, signal: 'SIGTERM' }));
}

export function job(threadId: string, file: string, run: SchedulerJob['run']): SchedulerJob {
  return { threadId, file, command: `fix ${threadId}`, run };
}

export function lane(name: string, ...jobs: SchedulerJob[]): SchedulerLane {
  return { name, jobs };
}

/**
 * A clock under the test's control: `now` moves only when told, `sleep` records its delay
 * and returns at once (or waits for abort when `blockingSleep`), timeouts fire on `fireTimers()`.
 */
export class FakeClock implements SchedulerClock {
  t = 1_000_000;
  readonly sleeps: number[] = [];
  blockingSleep = false;
  private readonly _timers = new Map<number, () => void>();
  private _nextId = 1;

  now = (): number => this.t;

  sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    if (this.blockingSleep) await aborted(signal);
    if (signal.aborted) throw new CancellationError();
    this.t += ms;
  };

  setTimeout = (fn: () => void, _ms: number): unknown => {
    const id = this._nextId++;
    this._timers.set(id, fn);
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this._timers.delete(handle as number);
  };

  get pendingTimers(): number {
    return this._timers.size;
  }

  fireTimers(): void {
    const fns = [...this._timers.values()];
    this._timers.clear();
    for (const fn of fns) fn();
  }
}

/** Abort listeners still attached to `signal` (the scheduler must remove its own). */
export function abortListeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}
