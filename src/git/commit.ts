import { git, GitError, gitFailed, gitResult, usefulLine } from './git';

/** Pathspecs for "the whole work tree except `exclude`" (repository-relative paths, taken literally). */
function pathspecs(exclude: readonly string[]): string[] {
  return ['.', ...exclude.map((p) => `:(exclude,literal)${p}`)];
}

/**
 * Paths with uncommitted changes (staged, unstaged or untracked), as `git status` lists them.
 * @param exclude repository-relative paths the run itself writes (its joblog), which are not the user's changes.
 */
export async function dirtyPaths(root: string, exclude: readonly string[] = [], env?: NodeJS.ProcessEnv): Promise<string[]> {
  const out = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...pathspecs(exclude)], { env });
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
export async function commitAll(
  root: string,
  message: string,
  exclude: readonly string[] = [],
  env?: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  await git(root, ['add', '-A', '--', ...pathspecs(exclude)], { env });
  const staged = await git(root, ['diff', '--cached', '--name-only'], { env });
  if (!staged) return undefined;
  // The repository's hooks run (a failing one fails the commit). The message goes through
  // stdin (-F -): thread text in it never meets a shell or argv parsing.
  try {
    await git(root, ['commit', '-q', '-F', '-'], { input: message, env });
  } catch (e) {
    // The work tree was clean before the run: unstaging leaves the fixes as plain changes.
    await git(root, ['reset', '-q'], { env }).catch(() => undefined);
    throw e;
  }
  return git(root, ['rev-parse', 'HEAD'], { env });
}

/**
 * Commits exactly `commit`'s tree onto HEAD with `message`, the work tree untouched:
 * `git read-tree --reset COMMIT` (the index becomes that tree, keeping the stat data of
 * entries that did not change, so git commit need not re-read every file; not `-m`, which
 * refuses whenever the work tree differs from the tree read), then `git commit -q -F -`
 * with the message on stdin. The repository's hooks run, with
 * the user's configuration and identity. When the commit is refused the index is put
 * back as it was and HEAD is unchanged.
 * @returns the new HEAD.
 * @throws GitError (a UserFacingError) with git's or the hook's own first line when refused.
 */
export async function commitTree(root: string, commit: string, message: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const before = await git(root, ['write-tree'], { env });
  await git(root, ['read-tree', '--reset', commit], { env });
  const args = ['commit', '-q', '-F', '-'];
  const result = await gitResult(root, args, { input: message, env });
  if (result.exitCode !== 0) {
    await git(root, ['read-tree', '--reset', before], { env });
    throw gitFailed(root, args, result);
  }
  return git(root, ['rev-parse', '--verify', 'HEAD'], { env });
}

/**
 * Moves the clean work tree and the index from `from` to `to`'s tree (`git read-tree -m
 * -u FROM TO`, a two-tree merge), HEAD unchanged.
 * @throws GitError in one line, git's reason and what to do, when git refuses (an
 *   untracked file in the way, a changed file).
 */
export async function checkoutTree(root: string, from: string, to: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const result = await gitResult(root, ['read-tree', '-m', '-u', from, to], { env });
  if (result.exitCode === 0) return;
  const reason = (usefulLine(result.stderr) ?? `git read-tree exited with ${result.exitCode}`).replace(/^(error|fatal): /, '');
  throw new GitError(
    `cannot put the fixes into the work tree: ${reason} Move, commit or stash what is in the way, then run again.`,
    result.exitCode,
    result.stderr,
  );
}
