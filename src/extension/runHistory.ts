import { Emitter, Event } from '../common/event';
import { Disposable, DisposableStore } from '../common/lifecycle';
import type { ThreadRunState } from '../model/status';
import type { ReviewThread } from '../model/thread';
import type { Run } from '../pipeline/run';

/**
 * The runs of this window, newest last. It copies no state: a thread's state is whatever the
 * newest run that had the thread says (Runs are the only holders of run state), so views
 * ask here which Run to read.
 */
export class RunHistory extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<readonly string[]>());
  /** Fires with the threads whose state may have changed. */
  readonly onDidChange: Event<readonly string[]> = this._onDidChange.event;

  private readonly _latest = new Map<string, Run>();
  private readonly _runs = new Map<Run, DisposableStore>();

  /** Takes ownership of `run`: its thread states supersede older runs' as soon as it plans. */
  add(run: Run): void {
    const store = new DisposableStore();
    this._runs.set(run, store);
    store.add(run.onDidPlan(() => {
      for (const t of run.threads) this._latest.set(t.id, run);
      this._prune();
      this._onDidChange.fire(run.threads.map((t) => t.id));
    }));
    store.add(run.onDidChangeThreads((ids) => this._onDidChange.fire(ids.filter((id) => this._latest.get(id) === run))));
  }

  /** The newest run that holds the thread. */
  runOf(threadId: string): Run | undefined {
    return this._latest.get(threadId);
  }

  state(threadId: string): ThreadRunState | undefined {
    return this._latest.get(threadId)?.state(threadId);
  }

  error(threadId: string): string | undefined {
    return this._latest.get(threadId)?.error(threadId);
  }

  /**
   * GitHub is the truth after a load: a thread it lists is unresolved whatever a run said, so a
   * `resolved` it contradicts is forgotten; threads of another pull request are all forgotten.
   */
  reconcile(threads: readonly ReviewThread[], samePullRequest: boolean): void {
    const listed = new Set(threads.map((t) => t.id));
    const changed: string[] = [];
    for (const [id, run] of [...this._latest]) {
      if (!samePullRequest || (listed.has(id) && run.state(id) === 'resolved')) {
        this._latest.delete(id);
        changed.push(id);
      }
    }
    this._prune();
    if (changed.length) this._onDidChange.fire(changed);
  }

  /** Runs no thread points at any more are disposed (a running one is kept until it ends). */
  private _prune(): void {
    const used = new Set(this._latest.values());
    for (const [run, store] of [...this._runs]) {
      if (!used.has(run) && run.isFinished) {
        store.dispose();
        run.dispose();
        this._runs.delete(run);
      }
    }
  }

  override dispose(): void {
    for (const [run, store] of this._runs) {
      store.dispose();
      run.dispose();
    }
    this._runs.clear();
    this._latest.clear();
    super.dispose();
  }
}
