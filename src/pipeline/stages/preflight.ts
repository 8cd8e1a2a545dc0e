import { realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { BugIndicatingError, UserFacingError } from '../../common/errors';
import type { Held } from '../../engine/ports';
import { validateRunOptions, type RunOptions } from '../../model/options';
import type { RunInput } from '../runInput';

/** What the checks before any request hand on. */
export interface Preflight {
  /** The repository's run lock, held until the run ends (none for a dry run). */
  readonly lock: Held | undefined;
  /** Repository-relative paths the run itself writes (its joblog): never part of a fix commit. */
  readonly ownFiles: readonly string[];
}

/**
 * Every check that needs no GitHub request, so that a run which cannot finish costs nothing
 * and says one thing: the options, the joblog path, the run lock, and for --commit a git
 * identity and a clean work tree, for --push a branch.
 * @param validate the option checks of the command (`prt integrate` runs no fixer, so it
 *   checks only what landing needs); `prt run`'s by default.
 * @throws UserFacingError naming what to change; the lock is released again then.
 */
export async function preflight(
  ctx: { readonly options: Readonly<RunOptions>; readonly input: Pick<RunInput, 'vcs' | 'worktrees' | 'fixer'> },
  validate: (o: Readonly<RunOptions>, givenFixer: boolean) => void = validateRunOptions,
): Promise<Preflight> {
  const { options: o, input } = ctx;
  validate(o, input.fixer !== undefined);
  if (o.joblogPath) await checkJoblogPath(o.joblogPath);
  const ownFiles = o.joblogPath ? await pathsInRepo(input.vcs.root, [o.joblogPath]) : [];
  if (o.dryRun) return { lock: undefined, ownFiles };
  const lock = await input.vcs.lockRun();
  try {
    if (o.commit !== 'off') await input.vcs.checkCommitIdentity();
    // Isolated fixes are integrated into the work tree, and a fix commit must hold only fixes.
    if (o.commit !== 'off' || o.isolation === 'worktree') {
      const dirty = await input.vcs.dirtyPaths(ownFiles);
      if (dirty.length) {
        const why = o.isolation === 'worktree'
          ? 'the fixes are brought into a clean work tree (if they are an earlier run\'s fixes, commit them, or run with --isolation none)'
          : 'the fix commit must hold only the fixes';
        throw new UserFacingError(
          `the work tree has ${dirty.length} uncommitted change(s) (e.g. ${JSON.stringify(dirty[0])}): commit or stash them first (git stash -u), ${why}`,
        );
      }
    }
    if (o.isolation === 'worktree' && !input.worktrees) throw new BugIndicatingError('isolation worktree without a Worktrees adapter');
    if (o.push && (await input.vcs.currentBranch()) === undefined) {
      throw new UserFacingError('cannot push: HEAD is detached; check out the pull request branch first');
    }
  } catch (e) {
    await lock.release();
    throw e;
  }
  return { lock, ownFiles };
}

/** @throws UserFacingError when the joblog cannot be a file there (a folder, no parent folder). */
async function checkJoblogPath(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    throw new UserFacingError(`--joblog ${JSON.stringify(file)} is a folder: name a file, e.g. ${JSON.stringify(path.join(file, 'prt.joblog'))}`);
  }
  const parent = await stat(path.dirname(path.resolve(file))).catch(() => undefined);
  if (!parent?.isDirectory()) {
    throw new UserFacingError(`--joblog ${JSON.stringify(file)}: the folder ${JSON.stringify(path.dirname(path.resolve(file)))} does not exist; create it or name another file`);
  }
}

/** The repository-relative form of each path that lies inside `root` (symlinked folders resolved). */
async function pathsInRepo(root: string, files: readonly string[]): Promise<string[]> {
  const realRoot = await realpath(root);
  const out: string[] = [];
  for (const f of files) {
    const abs = path.resolve(f);
    const dir = await realpath(path.dirname(abs)).catch(() => path.dirname(abs));
    const rel = path.relative(realRoot, path.join(dir, path.basename(abs)));
    if (rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) out.push(rel.split(path.sep).join('/'));
  }
  return out;
}
