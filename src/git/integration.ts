import { BugIndicatingError } from '../common/errors';
import type { IntegrationTree, PickOutcome } from '../engine/ports';
import { gitFailed } from './git';
import { checkRevision, type ScratchRepo } from './scratchRepo';
import { hasStagedChanges } from './slots';

/**
 * The scratch worktree where kept fixes are cherry-picked in plan order. Picks run one at
 * a time, and whatever a pick ends with, the worktree is left clean at the tip.
 */
export class GitIntegrationTree implements IntegrationTree {
  private _tip: string;
  private _queue: Promise<unknown> = Promise.resolve();
  private _closed = false;

  constructor(
    private readonly _repo: ScratchRepo,
    /** The worktree's folder. */
    readonly path: string,
    base: string,
  ) {
    this._tip = base;
  }

  get tip(): string {
    return this._tip;
  }

  /**
   * Cherry-picks `commit` onto the tip, without hooks, rerere or signing.
   * @returns picked (the new tip), alreadyThere (the change is in the tip already: git
   *   stops with "The previous cherry-pick is now empty"), or conflict (the files git could
   *   not merge; the pick is aborted and the tip unchanged).
   * @throws GitError when git fails otherwise (the worktree is put back at the tip first);
   *   BugIndicatingError after close().
   */
  pick(commit: string): Promise<PickOutcome> {
    if (this._closed) return Promise.reject(new BugIndicatingError('pick() after close()'));
    const run = this._queue.then(() => this._pick(checkRevision(commit)));
    this._queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this._closed = true;
    await this._queue;
  }

  private async _pick(commit: string): Promise<PickOutcome> {
    const args = ['cherry-pick', commit];
    const result = await this._repo.gitInResult(this.path, args);
    if (result.exitCode === 0) {
      this._tip = await this._repo.gitIn(this.path, ['rev-parse', '--verify', 'HEAD']);
      return { kind: 'picked', commit: this._tip };
    }
    // Told apart by git's state, never by its words: unmerged paths mean a conflict; a pick
    // still in progress with nothing staged means the change was already there.
    const unmerged = await this._repo.gitIn(this.path, ['diff', '--name-only', '--diff-filter=U', '-z']);
    const files = unmerged.split('\0').filter(Boolean);
    const inProgress = (await this._repo.gitInResult(this.path, ['rev-parse', '-q', '--verify', 'CHERRY_PICK_HEAD'])).exitCode === 0;
    const empty = inProgress && files.length === 0 && !(await hasStagedChanges(this._repo, this.path));
    if (inProgress) await this._repo.gitIn(this.path, ['cherry-pick', '--abort']);
    await this._backToTip();
    if (files.length > 0) return { kind: 'conflict', files };
    if (empty) return { kind: 'alreadyThere' };
    throw gitFailed(this.path, args, result);
  }

  /** The worktree exactly at the tip, nothing else in it (ignored files aside). */
  private async _backToTip(): Promise<void> {
    await this._repo.gitIn(this.path, ['reset', '-q', '--hard', this._tip]);
    await this._repo.gitIn(this.path, ['clean', '-ffdq']);
  }
}
