import { UserFacingError } from '../common/errors';
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
  // The message goes through stdin (-F -): thread text in it never meets a shell or argv parsing.
  await git(root, ['commit', '--no-verify', '-q', '-F', '-'], { input: message });
  return git(root, ['rev-parse', 'HEAD']);
}

/**
 * Pushes the current branch to its upstream, or to `origin` under the same name.
 * @throws UserFacingError when HEAD is detached; GitError when the push fails.
 */
export async function pushHead(root: string, signal?: AbortSignal): Promise<void> {
  const branch = await git(root, ['rev-parse', '--abbrev-ref', 'HEAD']);
  if (branch === 'HEAD') throw new UserFacingError('cannot push: HEAD is detached; check out the pull request branch first');
  const upstream = await git(root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{u}']).catch(() => '');
  if (upstream) await git(root, ['push', '--quiet'], { signal });
  else await git(root, ['push', '--quiet', '--set-upstream', 'origin', `HEAD:refs/heads/${branch}`], { signal });
}

/** The commit message for a run's fixes: a subject line and one line per thread. */
export function fixCommitMessage(subject: string, threads: readonly { id: string; path: string; line: number | null; url: string }[]): string {
  const lines = threads.map((t) => `- ${t.path}${t.line !== null ? `:${t.line}` : ''} (${t.url})`);
  return `${subject}\n\nFixes review threads:\n${lines.join('\n')}\n`;
}
