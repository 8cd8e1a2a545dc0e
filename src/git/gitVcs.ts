import * as path from 'node:path';
import { UserFacingError } from '../common/errors';
import type { Held, Vcs } from '../engine/ports';
import type { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { checkoutTree, commitAll, commitTree, dirtyPaths } from './commit';
import { currentBranch, git, GitError, gitResult, isGitError } from './git';
import { pushHead } from './push';
import { acquireRunLock } from './runLock';
import { checkRevision } from './scratchRepo';

export interface GitVcsOptions {
  /** The run's registry: the processes of `git push` are the run's. */
  readonly registry?: ProcessGroupRegistry;
  /** The environment git runs in; `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The Vcs port over the git command line, for one work tree: the user's commits, with their hooks, identity and configuration. */
export class GitVcs implements Vcs {
  private _stateDir: Promise<string> | undefined;

  constructor(
    readonly root: string,
    private readonly _options: GitVcsOptions = {},
  ) {}

  async lockRun(): Promise<Held> {
    return acquireRunLock(await this.stateDir());
  }

  dirtyPaths(exclude: readonly string[] = []): Promise<string[]> {
    return dirtyPaths(this.root, exclude, this._options.env);
  }

  async checkCommitIdentity(): Promise<void> {
    for (const which of ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT']) {
      try {
        await this._git(['var', which]);
      } catch (e) {
        if (!isGitError(e)) throw e;
        throw new UserFacingError(
          'git has no identity to commit the fixes with: run git config user.name "Your Name" and git config user.email you@example.com (add --global for every repository), then run again',
        );
      }
    }
  }

  currentBranch(): Promise<string | undefined> {
    return currentBranch(this.root, this._options.env);
  }

  commitAll(message: string, exclude: readonly string[] = []): Promise<string | undefined> {
    return commitAll(this.root, message, exclude, this._options.env);
  }

  push(options: { readonly signal?: AbortSignal; readonly timeoutMs: number }): Promise<void> {
    return pushHead(this.root, { ...options, registry: this._options.registry, env: this._options.env });
  }

  /** `<git common dir>/prt`: shared by every worktree of the repository, never committed. */
  stateDir(): Promise<string> {
    this._stateDir ??= this._git(['rev-parse', '--git-common-dir']).then((dir) => path.join(path.resolve(this.root, dir), 'prt'));
    return this._stateDir;
  }

  /**
   * `git rev-parse --verify HEAD`.
   * @throws GitError when HEAD names no commit yet (a repository without commits).
   */
  async headCommit(): Promise<string> {
    const result = await gitResult(this.root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { env: this._options.env });
    if (result.exitCode !== 0 || !result.stdout) {
      throw new GitError(`the repository in ${this.root} has no commit yet: make a first commit, then run again`, result.exitCode, result.stderr);
    }
    return result.stdout;
  }

  /** `git read-tree -m -u FROM TO`. @throws GitError in one line when git refuses (an untracked file in the way…). */
  async checkoutTree(from: string, to: string): Promise<void> {
    await checkoutTree(this.root, checkRevision(from), checkRevision(to), this._options.env);
  }

  /** `git read-tree COMMIT` + `git commit -q -F -`, hooks run. @throws GitError with the hook's or git's words. */
  async commitTree(commit: string, message: string): Promise<string> {
    return commitTree(this.root, checkRevision(commit), message, this._options.env);
  }

  /** `git reset -q COMMIT --`. @throws GitError */
  async resetTo(commit: string): Promise<void> {
    await this._git(['reset', '-q', checkRevision(commit), '--']);
  }

  private _git(args: readonly string[]): Promise<string> {
    return git(this.root, args, { env: this._options.env });
  }
}
