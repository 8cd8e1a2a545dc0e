import { lstat, mkdir, readFile, rm, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import type { ThreadChanges } from '../model/job';
import { gitFailed, isGitError } from './git';
import type { ScratchRepo } from './scratchRepo';

/**
 * Makes `tree` (a folder in the repository's worktree folder) a worktree checked out at
 * `commit`. A worktree git lists there is reused: reset, untracked files removed, ignored
 * ones (installed dependencies) kept. Anything else at that path — a folder git does not
 * list (the repository was cloned again, its worktree metadata pruned), one left locked,
 * one whose `.git` file is gone, one that cannot be reset — is removed and made again.
 * @returns true when the worktree was made (its setup command is then due).
 * @throws GitError when git cannot make it.
 */
export async function ensureWorktree(repo: ScratchRepo, tree: string, commit: string): Promise<boolean> {
  const listed = await repo.exclusive(async () => (await repo.listWorktrees()).find((e) => e.path === tree));
  // A locked one is not reused: an `add` killed halfway (Ctrl-C reaches git too) leaves it
  // locked "initializing", perhaps half checked out, and it would stay locked for good.
  if (listed && !listed.prunable && !listed.locked && (await isFile(path.join(tree, '.git')))) {
    try {
      await resetWorktree(repo, tree, commit);
      return false;
    } catch (e) {
      if (!isGitError(e)) throw e;
      // Deliberately not reported: a slot git cannot reset (its metadata damaged by a job)
      // is scratch, and making it again below is the repair; a failure there is reported.
    }
  }
  const { folder } = await repo.location();
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await repo.exclusive(async () => {
    await rm(tree, { recursive: true, force: true });
    // Registrations whose folders are gone, ours included, are dropped. One that is still
    // locked (an `add` killed halfway stays locked "initializing") survives the prune and
    // would make `add` refuse the path: the path is ours and now empty, so `-f -f` may
    // take it over. The scratch options: `worktree add` runs post-checkout otherwise.
    await repo.git(['worktree', 'prune']);
    await repo.gitIn(repo.repoRoot, ['worktree', 'add', '--force', '--force', '--detach', tree, commit]);
  });
  return true;
}

/**
 * Puts a worktree back at `commit`: tracked files as there, untracked ones removed (nested
 * repositories a job made too: `-ff`), ignored ones kept.
 * @throws GitError when git refuses.
 */
export async function resetWorktree(repo: ScratchRepo, tree: string, commit: string): Promise<void> {
  await removeStaleIndexLock(tree);
  await repo.gitIn(tree, ['checkout', '-q', '--detach', '--force', commit]);
  await repo.gitIn(tree, ['clean', '-ffdq']);
}

/**
 * Commits everything changed in `tree` since `base` (ignored files left out) as one commit
 * on `base`, without hooks; a job that committed on its own is folded into it.
 * @returns the commit and what it changed against `base`, undefined when nothing changed.
 * @throws GitError when git refuses.
 */
export async function commitSlotChanges(
  repo: ScratchRepo,
  tree: string,
  base: string | undefined,
  message: string,
): Promise<{ commit: string; changes: ThreadChanges } | undefined> {
  await stageAll(repo, tree, base);
  if (!(await hasStagedChanges(repo, tree))) return undefined;
  // The message goes through stdin: thread text never meets argv parsing; kept as written.
  await repo.gitIn(tree, ['commit', '-q', '--no-verify', '--cleanup=verbatim', '--allow-empty-message', '-F', '-'], { input: message });
  const commit = await repo.gitIn(tree, ['rev-parse', '--verify', 'HEAD']);
  const numstat = await repo.gitIn(tree, ['diff-tree', '-r', '-z', '-M', '--numstat', '--no-commit-id', commit]);
  return { commit, changes: parseNumstat(numstat) };
}

/**
 * Stages every change in `tree` (`git add -A`: untracked files too, ignored ones not) and,
 * when a job moved HEAD off `base` (it committed), moves HEAD back to `base`, its commits'
 * changes staged, so that what is staged is everything the job did.
 */
export async function stageAll(repo: ScratchRepo, tree: string, base: string | undefined): Promise<void> {
  await repo.gitIn(tree, ['add', '-A']);
  if (base !== undefined && (await repo.gitIn(tree, ['rev-parse', '--verify', 'HEAD'])) !== base) {
    await repo.gitIn(tree, ['reset', '-q', '--soft', base]);
  }
}

/** True when the index differs from HEAD (`diff-index --quiet` exits 1). @throws GitError */
export async function hasStagedChanges(repo: ScratchRepo, tree: string): Promise<boolean> {
  const args = ['diff-index', '--cached', '--quiet', 'HEAD', '--'];
  const result = await repo.gitInResult(tree, args);
  if (result.exitCode > 1) throw gitFailed(tree, args, result);
  return result.exitCode === 1;
}

/**
 * Totals of `git diff-tree --numstat -z -M`: one record per file, `ADDED\tDELETED\tPATH\0`,
 * a rename `ADDED\tDELETED\t\0FROM\0TO\0`; a binary file counts `-` for both (a file, no lines).
 */
export function parseNumstat(out: string): ThreadChanges {
  const fields = out.split('\0');
  let files = 0;
  let insertions = 0;
  let deletions = 0;
  for (let i = 0; i < fields.length; i++) {
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(fields[i]);
    if (!m) continue;
    files++;
    if (m[1] !== '-') insertions += Number(m[1]);
    if (m[2] !== '-') deletions += Number(m[2]);
    if (m[3] === '') i += 2;
  }
  return { files, insertions, deletions };
}

/**
 * Removes the `index.lock` a git process killed with its job left in the slot's git dir.
 * Only prt works in a slot between jobs, so no live git holds it; left there, every later
 * command in the slot would fail with "Another git process seems to be running".
 */
async function removeStaleIndexLock(tree: string): Promise<void> {
  let gitFile: string;
  try {
    gitFile = await readFile(path.join(tree, '.git'), 'utf8');
  } catch {
    return; // No `.git` file: git itself will say what is wrong.
  }
  const gitDir = /^gitdir: (.+)$/m.exec(gitFile)?.[1]?.trim();
  // Usually there is none (ENOENT); a lock that cannot be removed makes git say so next.
  if (gitDir) await unlink(path.join(path.resolve(tree, gitDir), 'index.lock')).catch(() => undefined);
}

async function isFile(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined))?.isFile() ?? false;
}
