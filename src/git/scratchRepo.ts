import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { BugIndicatingError, UserFacingError } from '../common/errors';
import { git, gitBytes, gitResult, type GitOptions, type GitResult } from './git';

/** Who prt's scratch commits (slots, integration) are made by: no user identity is needed for them. */
export const SCRATCH_NAME = 'PR Thread Runner';
export const SCRATCH_EMAIL = 'pr-thread-runner@localhost';

/**
 * Global options of every git command run in a slot or the integration tree. Scratch
 * commits are not the user's: no hook of any kind (a hooks path with nothing in it also
 * stops post-commit and post-checkout), no signing (no pinentry prompt), no rerere
 * (which would record into the user's rr-cache), no auto gc or maintenance forking into
 * the background, and no fsmonitor daemon started per worktree.
 */
export const SCRATCH_CONFIG: readonly string[] = [
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'commit.gpgsign=false',
  '-c', 'rerere.enabled=false',
  '-c', 'gc.auto=0',
  '-c', 'maintenance.auto=false',
  '-c', 'core.fsmonitor=false',
];

/**
 * Variables that point git at a repository, an index or an object store regardless of the
 * working folder. Inherited from a hook prt was started from, they would send a slot's
 * commands to the user's own index, so they never reach git here.
 */
const LOCATING_VARIABLES = [
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES', 'GIT_PREFIX',
];

/** Where a repository's scratch worktrees live, and the git common dir they share. */
export interface RepoLocation {
  /** Real path of `git rev-parse --git-common-dir`. */
  readonly commonDir: string;
  /** `<main work tree's basename>-<first 12 hex of sha256(commonDir)>`. */
  readonly id: string;
  /** `<cache>/pr-thread-runner/worktrees/<id>` (a real path; not created here). */
  readonly folder: string;
}

/**
 * One repository as the worktree code sees it: where its scratch worktrees go, and git run
 * either in the repository or, with the scratch options, in one of those worktrees.
 */
export class ScratchRepo {
  private _location: Promise<RepoLocation> | undefined;
  private _admin: Promise<unknown> = Promise.resolve();
  private readonly _env: NodeJS.ProcessEnv;

  constructor(
    readonly repoRoot: string,
    private readonly _options: { readonly cacheDir?: string; readonly env?: NodeJS.ProcessEnv } = {},
  ) {
    const env = { ...(_options.env ?? process.env) };
    for (const name of LOCATING_VARIABLES) delete env[name];
    this._env = env;
  }

  /**
   * The repository's common dir, id and worktree folder, computed once.
   * @throws UserFacingError when the cache folder would put worktrees inside the repository or a `.git`.
   */
  location(): Promise<RepoLocation> {
    this._location ??= this._locate();
    return this._location;
  }

  /** git in the repository root. @throws GitError */
  git(args: readonly string[], options: Omit<GitOptions, 'env'> = {}): Promise<string> {
    return git(this.repoRoot, args, { ...options, env: this._env });
  }

  /** git in the repository root, any exit code. */
  gitResult(args: readonly string[], options: Omit<GitOptions, 'env'> = {}): Promise<GitResult> {
    return gitResult(this.repoRoot, args, { ...options, env: this._env });
  }

  /** git in the repository root, its stdout as bytes. @throws GitError */
  gitBytes(args: readonly string[], options: Omit<GitOptions, 'env'> = {}): Promise<Buffer> {
    return gitBytes(this.repoRoot, args, { ...options, env: this._env });
  }

  /** git in a scratch worktree, with the scratch options and identity. @throws GitError */
  async gitIn(tree: string, args: readonly string[], options: Omit<GitOptions, 'env'> = {}): Promise<string> {
    return git(tree, [...SCRATCH_CONFIG, ...args], { ...options, env: await this.scratchEnv() });
  }

  /** git in a scratch worktree, any exit code. */
  async gitInResult(tree: string, args: readonly string[], options: Omit<GitOptions, 'env'> = {}): Promise<GitResult> {
    return gitResult(tree, [...SCRATCH_CONFIG, ...args], { ...options, env: await this.scratchEnv() });
  }

  /**
   * The environment of scratch commands: the fixed identity, and a ceiling at the worktree
   * folder so that git in a slot whose `.git` file a job deleted fails instead of finding
   * a repository further up (a dotfiles repository in the home folder).
   */
  async scratchEnv(): Promise<NodeJS.ProcessEnv> {
    const { folder } = await this.location();
    return {
      ...this._env,
      GIT_AUTHOR_NAME: SCRATCH_NAME,
      GIT_AUTHOR_EMAIL: SCRATCH_EMAIL,
      GIT_COMMITTER_NAME: SCRATCH_NAME,
      GIT_COMMITTER_EMAIL: SCRATCH_EMAIL,
      GIT_CEILING_DIRECTORIES: folder,
    };
  }

  /**
   * Runs `fn` after every earlier one has finished: changes to the repository's worktree
   * list (add, remove, prune) are made one at a time, since a prune racing an add can
   * remove the half-made one.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this._admin.then(fn, fn);
    this._admin = run.catch(() => undefined);
    return run;
  }

  /** The worktrees git lists for the repository, paths made real where they exist. */
  async listWorktrees(): Promise<WorktreeEntry[]> {
    // Not `-z`, which needs git 2.36: paths are printed as they are, never quoted, one a
    // line; only one holding a newline would read wrong, and ours hold none.
    const out = await this.git(['worktree', 'list', '--porcelain']);
    return Promise.all(parseWorktreeList(out).map(async (e) => ({ ...e, path: await realpath(e.path).catch(() => e.path) })));
  }

  private async _locate(): Promise<RepoLocation> {
    const commonDir = await realpath(path.resolve(this.repoRoot, await this.git(['rev-parse', '--git-common-dir'])));
    const id = `${mainFolderName(commonDir)}-${createHash('sha256').update(commonDir).digest('hex').slice(0, 12)}`;
    const cache = this._options.cacheDir ?? cacheHome(this._env);
    const folder = await realpathOfExisting(path.join(cache, 'pr-thread-runner', 'worktrees', id));
    const top = await realpath(path.resolve(this.repoRoot, await this.git(['rev-parse', '--show-toplevel'])));
    const mainTree = path.basename(commonDir) === '.git' ? path.dirname(commonDir) : undefined;
    const inside = [top, mainTree, commonDir].find((dir) => dir !== undefined && isInside(folder, dir));
    if (inside !== undefined || folder.split(path.sep).some((part) => part.toLowerCase() === '.git')) {
      throw new UserFacingError(
        `the worktree folder ${folder} would be inside ${inside ?? 'a .git folder'}: ` +
          'set XDG_CACHE_HOME to a folder outside the repository (agents refuse to edit files under .git), then run again',
      );
    }
    return { commonDir, id, folder };
  }
}

/** One entry of `git worktree list --porcelain`. */
export interface WorktreeEntry {
  readonly path: string;
  readonly bare: boolean;
  /** Its folder is gone (or its metadata broken): `git worktree prune` would remove it. */
  readonly prunable: boolean;
  /** Locked (`git worktree lock`; a `git worktree add` that was killed stays locked "initializing"). */
  readonly locked: boolean;
}

/** Parses `git worktree list --porcelain`: `worktree PATH` starts an entry, attribute lines follow, a blank line ends it. */
export function parseWorktreeList(out: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: { path: string; bare: boolean; prunable: boolean; locked: boolean } | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) {
      current = { path: line.slice('worktree '.length), bare: false, prunable: false, locked: false };
      entries.push(current);
    } else if (current && line === 'bare') current.bare = true;
    else if (current && (line === 'prunable' || line.startsWith('prunable '))) current.prunable = true;
    else if (current && (line === 'locked' || line.startsWith('locked '))) current.locked = true;
  }
  return entries;
}

/** `$XDG_CACHE_HOME` when it is an absolute path (as the XDG spec requires), else `$HOME/.cache`. */
export function cacheHome(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  return path.join(env.HOME || homedir(), '.cache');
}

/** True when `p` is `dir` or below it (both absolute, normalized). */
export function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Throws for a revision that git would read as an option: revisions here come from prt itself. */
export function checkRevision(rev: string): string {
  if (rev === '' || rev.startsWith('-')) throw new BugIndicatingError(`not a revision: ${JSON.stringify(rev)}`);
  return rev;
}

/**
 * The folder the user knows the repository by: the main work tree's name (the same from
 * every linked worktree), or a bare repository's name without `.git`; characters a
 * setup command might trip over become `_`.
 */
function mainFolderName(commonDir: string): string {
  const name = path.basename(commonDir) === '.git' ? path.basename(path.dirname(commonDir)) : path.basename(commonDir).replace(/\.git$/, '');
  return name.replace(/[^A-Za-z0-9._-]+/g, '_') || 'repo';
}

/** `p` with its longest existing prefix resolved through symlinks (the rest does not exist yet). */
async function realpathOfExisting(p: string): Promise<string> {
  const rest: string[] = [];
  let dir = path.resolve(p);
  for (;;) {
    try {
      return path.join(await realpath(dir), ...rest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
      const parent = path.dirname(dir);
      if (parent === dir) return path.join(dir, ...rest);
      rest.unshift(path.basename(dir));
      dir = parent;
    }
  }
}
