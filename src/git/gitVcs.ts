import * as path from 'node:path';
import { UserFacingError } from '../common/errors';
import type { Held, Vcs } from '../engine/ports';
import type { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { commitAll, dirtyPaths } from './commit';
import { currentBranch, git, isGitError } from './git';
import { pushHead } from './push';
import { acquireRunLock } from './runLock';

/** The Vcs port over the git command line, for one work tree. */
export class GitVcs implements Vcs {
  private _stateDir: Promise<string> | undefined;

  constructor(
    readonly root: string,
    private readonly _options: { readonly registry?: ProcessGroupRegistry } = {},
  ) {}

  async lockRun(): Promise<Held> {
    return acquireRunLock(await this.stateDir());
  }

  dirtyPaths(exclude: readonly string[] = []): Promise<string[]> {
    return dirtyPaths(this.root, exclude);
  }

  async checkCommitIdentity(): Promise<void> {
    for (const which of ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT']) {
      try {
        await git(this.root, ['var', which]);
      } catch (e) {
        if (!isGitError(e)) throw e;
        throw new UserFacingError(
          'git has no identity to commit the fixes with: run git config user.name "Your Name" and git config user.email you@example.com (add --global for every repository), then run again',
        );
      }
    }
  }

  currentBranch(): Promise<string | undefined> {
    return currentBranch(this.root);
  }

  commitAll(message: string, exclude: readonly string[] = []): Promise<string | undefined> {
    return commitAll(this.root, message, exclude);
  }

  push(options: { readonly signal?: AbortSignal; readonly timeoutMs: number }): Promise<void> {
    return pushHead(this.root, { ...options, registry: this._options.registry });
  }

  /** `<git common dir>/prt`: shared by every worktree of the repository, never committed. */
  stateDir(): Promise<string> {
    this._stateDir ??= git(this.root, ['rev-parse', '--git-common-dir']).then((dir) => path.join(path.resolve(this.root, dir), 'prt'));
    return this._stateDir;
  }
}
