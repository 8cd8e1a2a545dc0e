import { CancellationError } from '../../common/errors';
import { Disposable, IDisposable, toDisposable } from '../../common/lifecycle';
import { jobToken, newRunId, signalMarkedProcesses } from './markedProcesses';

/**
 * Sends `signal` to every process of group `pgid`.
 * @returns false when the group no longer exists.
 * @throws Error (EPERM) when the group belongs to another user.
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
 * Everything the jobs of one run started and that may still run: the process groups of
 * running jobs, and, through a marker in every job's environment (`markedProcesses.ts`),
 * the processes that left their group (setsid, a double fork, a daemon), also after their
 * job ended. Its owner (the CLI at the end of a run, on signals and on exit; the extension
 * on Stop and deactivate) disposes it, which kills them all, so nothing a job started
 * outlives the run. Where /proc is absent (macOS) only the groups are reached.
 */
export class ProcessGroupRegistry extends Disposable {
  /** Random; the prefix of every marker token of this run's jobs. */
  readonly runId = newRunId();
  private readonly _groups = new Set<number>();
  private _jobs = 0;

  /** Process group ids currently tracked. */
  get groups(): readonly number[] {
    return [...this._groups];
  }

  get isDisposed(): boolean {
    return this._store.isDisposed;
  }

  /**
   * A new job's marker token, to put in its environment (`markEnv`) before it starts.
   * @throws CancellationError when the registry is already disposed (the owner is shutting down).
   */
  newJobToken(): string {
    if (this.isDisposed) throw new CancellationError();
    return jobToken(this.runId, ++this._jobs);
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

  /** Sends `signal` to every tracked group and every process carrying this run's marker. */
  signalAll(signal: NodeJS.Signals): void {
    for (const pgid of this._groups) {
      try {
        signalGroup(pgid, signal);
      } catch (e) {
        // EPERM: a member changed user (setuid); the others must still be reached.
        if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
      }
    }
    signalMarkedProcesses({ run: this.runId }, signal);
  }

  /**
   * Keeps `child` (temporary files of the run's jobs) until the registry is disposed, which
   * happens at the latest when the program exits, even on a second signal; the owner may
   * dispose it earlier through the returned handle.
   */
  own(child: IDisposable): IDisposable {
    return this._register(child);
  }

  /**
   * Kills every tracked group and every marked process outright: at shutdown there is no
   * time left for a grace period. Synchronous, so that it also works in an exit handler.
   */
  override dispose(): void {
    if (this.isDisposed) return;
    // Disposed first: a job that starts now is refused instead of escaping the kill.
    super.dispose();
    this.signalAll('SIGKILL');
    this._groups.clear();
  }
}
