import { CancellationError } from '../../common/errors';
import { Disposable, IDisposable, toDisposable } from '../../common/lifecycle';

/**
 * Sends `signal` to every process of group `pgid`.
 * @returns false when the group no longer exists.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    // ESRCH: every member has already exited, which is what we wanted.
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** True while any process of group `pgid` exists (a not yet reaped zombie counts). */
export function isGroupAlive(pgid: number): boolean {
  try {
    return signalGroup(pgid, 0);
  } catch (e) {
    // EPERM: the group exists but belongs to someone else; it is alive all the same.
    if ((e as NodeJS.ErrnoException).code === 'EPERM') return true;
    throw e;
  }
}

/**
 * The process groups of the commands this program started and that are still running.
 * Its owner (the CLI on exit or SIGINT, the extension on deactivate) disposes it, which
 * kills them all, so no command outlives the program that started it.
 */
export class ProcessGroupRegistry extends Disposable {
  private readonly _groups = new Set<number>();

  /** Process group ids currently tracked. */
  get groups(): readonly number[] {
    return [...this._groups];
  }

  get isDisposed(): boolean {
    return this._store.isDisposed;
  }

  /**
   * Tracks `pgid` until the returned disposable is disposed.
   * @throws CancellationError when the registry is already disposed (the owner is shutting down).
   */
  track(pgid: number): IDisposable {
    if (this.isDisposed) throw new CancellationError();
    this._groups.add(pgid);
    return toDisposable(() => this._groups.delete(pgid));
  }

  /** Sends `signal` to every tracked group. */
  signalAll(signal: NodeJS.Signals): void {
    for (const pgid of this._groups) signalGroup(pgid, signal);
  }

  /** Kills every tracked group outright: at shutdown there is no time left for a grace period. */
  override dispose(): void {
    if (this.isDisposed) return;
    this.signalAll('SIGKILL');
    this._groups.clear();
    super.dispose();
  }
}
