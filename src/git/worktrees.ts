import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { BugIndicatingError } from '../common/errors';
import type { ThreadChanges } from '../model/job';
import type { CleanResult, IntegrationTree, Slot, Worktrees } from '../engine/ports';
import { GitIntegrationTree } from './integration';
import { makePatchFolder, PATCH_CONFIG, PATCH_OPTIONS, removePatches, writeGitOutput } from './patches';
import { checkRevision, isInside, ScratchRepo } from './scratchRepo';
import { commitSlotChanges, ensureWorktree, resetWorktree, stageAll } from './slots';

export interface GitWorktreesOptions {
  /**
   * The user's cache folder; default `$XDG_CACHE_HOME`, else `$HOME/.cache` (read from
   * `env`). Worktrees go in `<cacheDir>/pr-thread-runner/worktrees/<repository id>/`.
   */
  readonly cacheDir?: string;
  /** The environment git runs in; `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The Worktrees port over git. Each job slot is a detached worktree `slot-N`, and the
 * integration tree is `integrate`, both in the user's cache folder under the repository's
 * id (never inside the repository or a `.git`: agents refuse to edit there), reused by
 * later runs. Commits made in them are scratch commits: no hooks, no signing, the fixed
 * identity "PR Thread Runner" <pr-thread-runner@localhost>. Saved patches go in
 * `<git common dir>/prt/patches/<run id>`.
 */
export class GitWorktrees implements Worktrees {
  private readonly _repo: ScratchRepo;
  /** The commit each slot was last put at: a job's changes are what lies beyond it. */
  private readonly _bases = new Map<string, string>();

  constructor(repoRoot: string, options: GitWorktreesOptions = {}) {
    this._repo = new ScratchRepo(repoRoot, options);
  }

  /**
   * The folder holding this repository's worktrees (it may not exist yet).
   * @throws UserFacingError when it would lie inside the repository or a `.git` folder.
   */
  async worktreeFolder(): Promise<string> {
    return (await this._repo.location()).folder;
  }

  /**
   * `git worktree add --detach PATH COMMIT` when the slot is missing; else, when git lists
   * it, `git checkout --detach --force COMMIT` + `git clean -ffd`. A folder git does not
   * list, or one that cannot be reset, is removed and made again (after `git worktree prune`).
   * @throws GitError when git fails; UserFacingError when the cache folder is unusable.
   */
  async prepareSlot(index: number, commit: string): Promise<{ readonly slot: Slot; readonly created: boolean }> {
    if (!Number.isSafeInteger(index) || index < 0) throw new BugIndicatingError(`not a slot index: ${index}`);
    const sha = await this._commit(commit);
    const slotPath = path.join(await this.worktreeFolder(), `slot-${index}`);
    const created = await ensureWorktree(this._repo, slotPath, sha);
    this._bases.set(slotPath, sha);
    return { slot: { index, path: slotPath }, created };
  }

  /** `git checkout --detach --force COMMIT` + `git clean -ffd` in the slot. @throws GitError */
  async resetSlot(slot: Slot, commit: string): Promise<void> {
    const slotPath = await this._checkSlot(slot);
    const sha = await this._commit(commit);
    await resetWorktree(this._repo, slotPath, sha);
    this._bases.set(slotPath, sha);
  }

  /**
   * `git add -A`, then, when something is staged, a scratch `git commit` (message on
   * stdin); changes are counted by `git diff-tree --numstat -M` (a binary file: one file,
   * no lines). A job that committed itself is folded into the one commit on the slot's base.
   * @throws GitError
   */
  async commitSlot(slot: Slot, message: string): Promise<{ readonly commit: string; readonly changes: ThreadChanges } | undefined> {
    const slotPath = await this._checkSlot(slot);
    const made = await commitSlotChanges(this._repo, slotPath, this._bases.get(slotPath), message);
    if (made) this._bases.set(slotPath, made.commit);
    return made;
  }

  /**
   * `git add -A` in the slot, then `git diff --cached --binary BASE` into `file`, replaced
   * atomically; no file when nothing changed.
   * @returns false when there was nothing to save.
   * @throws GitError
   */
  async savePatch(slot: Slot, file: string): Promise<boolean> {
    const slotPath = await this._checkSlot(slot);
    const base = this._bases.get(slotPath);
    await stageAll(this._repo, slotPath, base);
    const args = [...PATCH_CONFIG, 'diff', '--cached', ...PATCH_OPTIONS, base ?? 'HEAD', '--'];
    return (await writeGitOutput(slotPath, args, await this._repo.scratchEnv(), file)) > 0;
  }

  /** `git format-patch -1 --stdout --binary COMMIT` into `file`, replaced atomically. @throws GitError */
  async saveCommitPatch(commit: string, file: string): Promise<void> {
    const args = [...PATCH_CONFIG, 'format-patch', '-1', '--stdout', ...PATCH_OPTIONS, checkRevision(commit)];
    await writeGitOutput(this._repo.repoRoot, args, await this._repo.scratchEnv(), file);
  }

  /** `git diff-tree -r --name-only --root COMMIT`: without rename detection, so a move names both paths. @throws GitError */
  async changedFiles(commit: string): Promise<string[]> {
    const out = await this._repo.git(['diff-tree', '-r', '-z', '--name-only', '--no-commit-id', '--root', checkRevision(commit)]);
    return out.split('\0').filter(Boolean);
  }

  /**
   * `git diff --stat --patch BASE COMMIT`, coloured when asked (`--color=always`), never
   * through an external diff program.
   * @throws GitError
   */
  async diffText(base: string, commit: string, options: { readonly color?: boolean } = {}): Promise<string> {
    const color = options.color ? '--color=always' : '--no-color';
    return this._repo.git(['diff', '--stat', '--patch', '--no-ext-diff', color, checkRevision(base), checkRevision(commit), '--']);
  }

  /**
   * The bytes of `file` (repository-relative, `/`-separated, taken literally) at `commit`:
   * `git ls-tree` finds its blob, `git cat-file blob` reads it.
   * @returns undefined when no file is there (missing, a folder, a submodule).
   * @throws GitError when `commit` names no commit.
   */
  async fileAt(commit: string, file: string): Promise<Buffer | undefined> {
    if (!file) return undefined;
    const out = await this._repo.git(['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', checkRevision(commit), '--', file]);
    // The entry named exactly `file`: a pathspec also matches a folder's entries by prefix.
    const blob = out
      .split('\0')
      .map((entry) => /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry))
      .find((m) => m?.[2] === file)?.[1];
    return blob === undefined ? undefined : this._repo.gitBytes(['cat-file', 'blob', blob]);
  }

  /** The `integrate` worktree, made or reused like a slot, at `base`. @throws GitError */
  async openIntegration(base: string): Promise<IntegrationTree> {
    const sha = await this._commit(base);
    const tree = path.join(await this.worktreeFolder(), 'integrate');
    await ensureWorktree(this._repo, tree, sha);
    return new GitIntegrationTree(this._repo, tree, sha);
  }

  /**
   * `<git common dir>/prt/patches/<runId>`, created, mode 0700.
   * @throws BugIndicatingError when `runId` is not a plain folder name.
   */
  async patchFolder(runId: string): Promise<string> {
    return makePatchFolder((await this._repo.location()).commonDir, runId);
  }

  /**
   * `git worktree unlock` and `git worktree remove --force` for each of this repository's
   * slots and its integration tree, then the repository's worktree folder (stale folders
   * too) and `git worktree prune`; then every saved patch. The user's work tree, other worktrees and other
   * repositories' slots are left alone.
   * @returns how many worktree folders and patch files were removed.
   */
  async clean(): Promise<CleanResult> {
    const { folder, commonDir } = await this._repo.location();
    const worktrees = await this._repo.exclusive(async () => {
      const removed = new Set<string>();
      for (const entry of await this._repo.listWorktrees()) {
        if (entry.path === folder || !isInside(entry.path, folder)) continue;
        removed.add(entry.path);
        // A worktree whose `git worktree add` was killed stays locked ("initializing"),
        // and neither `remove --force` nor `prune` takes a locked one: unlock it first.
        // Their results are not needed: one git will not remove (it holds submodules, its
        // folder is gone) goes with the folder and the prune below.
        await this._repo.gitResult(['worktree', 'unlock', entry.path]);
        await this._repo.gitResult(['worktree', 'remove', '--force', entry.path]);
      }
      for (const name of await folderNames(folder)) removed.add(path.join(folder, name));
      await rm(folder, { recursive: true, force: true });
      await this._repo.git(['worktree', 'prune']);
      return removed.size;
    });
    this._bases.clear();
    return { worktrees, patches: await removePatches(commonDir) };
  }

  /** The full sha of the commit `rev` names. @throws GitError when it names none. */
  private _commit(rev: string): Promise<string> {
    return this._repo.git(['rev-parse', '--verify', `${checkRevision(rev)}^{commit}`]);
  }

  /**
   * The slot's path, once it is known to be one of this repository's worktree folders:
   * a reset there force-checks-out and cleans, which must never reach the user's tree.
   */
  private async _checkSlot(slot: Slot): Promise<string> {
    const folder = await this.worktreeFolder();
    const slotPath = path.resolve(slot.path);
    if (path.dirname(slotPath) !== folder || !/^slot-\d+$/.test(path.basename(slotPath))) {
      throw new BugIndicatingError(`not a slot of this repository: ${slot.path}`);
    }
    return slotPath;
  }
}

/** The names of the folders in `dir`; none when it does not exist. */
async function folderNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
