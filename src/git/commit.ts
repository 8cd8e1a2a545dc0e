import { git } from './git';

/** Pathspecs for "the whole work tree except `exclude`" (repository-relative paths, taken literally). */
function pathspecs(exclude: readonly string[]): string[] {
  return ['.', ...exclude.map((p) => `:(exclude,literal)${p}`)];
}

/**
 * Paths with uncommitted changes (staged, unstaged or untracked), as `git status` lists them.
 * @param exclude repository-relative paths the run itself writes (its joblog), which are not the user's changes.
 */
export async function dirtyPaths(root: string, exclude: readonly string[] = []): Promise<string[]> {
  const out = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...pathspecs(exclude)]);
  return out
    .split('\0')
    .filter((e) => e.length > 3)
    .map((e) => e.slice(3));
}

/**
 * Stages every change in the work tree but `exclude` and commits it.
 * @param exclude repository-relative paths that must stay out of the commit (the run's joblog).
 * @returns the new commit's full sha, or undefined when there was nothing to commit.
 * @throws GitError when git refuses (no identity, hooks failing…).
 */
export async function commitAll(root: string, message: string, exclude: readonly string[] = []): Promise<string | undefined> {
  await git(root, ['add', '-A', '--', ...pathspecs(exclude)]);
  const staged = await git(root, ['diff', '--cached', '--name-only']);
  if (!staged) return undefined;
  // The repository's hooks run (a failing one fails the commit). The message goes through
  // stdin (-F -): thread text in it never meets a shell or argv parsing.
  try {
    await git(root, ['commit', '-q', '-F', '-'], { input: message });
  } catch (e) {
    // The work tree was clean before the run: unstaging leaves the fixes as plain changes.
    await git(root, ['reset', '-q']).catch(() => undefined);
    throw e;
  }
  return git(root, ['rev-parse', 'HEAD']);
}
