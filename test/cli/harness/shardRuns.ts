import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { StoredThread } from '../../github/storeModel';
import { commitsSince } from './isolation';
import type { PrtResult } from './prtProcess';
import { git, SAMPLE, type Workspace } from './workspace';

/**
 * A clone of the workspace's repository, as a runner's checkout is: its own folder, `origin`
 * pointing at the workspace's repository (so prt needs `--repo`), the sample branch checked out.
 */
export async function cloneOf(ws: Workspace, name: string): Promise<string> {
  const dir = path.join(ws.root, name);
  await git(ws.root, ['clone', '--quiet', '--branch', SAMPLE.branch, ws.repo, dir]);
  await git(dir, ['config', 'user.name', 'Test Dev']);
  await git(dir, ['config', 'user.email', 'test-dev@example.invalid']);
  return dir;
}

/** `--repo acme/app --pr 1`: a clone's origin is a folder, not GitHub. */
export const SAMPLE_PR_ARGS = ['--repo', `${SAMPLE.owner}/${SAMPLE.name}`, '--pr', String(SAMPLE.number)] as const;

/** What a run left that a sharded run must leave the same: per thread, GitHub's state; the branch's commits. */
export interface EndState {
  /** Thread path:line → resolved, and the bodies of its comments after the first. */
  readonly threads: Readonly<Record<string, { readonly resolved: boolean; readonly replies: readonly string[] }>>;
  /** The commits since the base, oldest first: subject, changed files, and the tree they make. */
  readonly commits: readonly { readonly subject: string; readonly files: readonly string[] }[];
  /** `git ls-tree -r HEAD` in the repository: the files and their contents' ids. */
  readonly tree: string;
}

/**
 * The end state of a run in `repo` (the branch since `base`, and the threads on the test
 * GitHub), with commit shas in replies replaced by `<sha>` (a commit's id holds its time).
 */
export async function endState(repo: string, base: string, threads: readonly StoredThread[]): Promise<EndState> {
  const commits = await commitsSince(repo, base);
  const noSha = (s: string) => s.replace(/\b[0-9a-f]{7,40}\b/g, '<sha>');
  return {
    threads: Object.fromEntries(
      threads.map((t) => [`${t.path}:${t.line ?? t.originalLine}#${t.comments[0].body}`, { resolved: t.isResolved, replies: t.comments.slice(1).map((c) => noSha(c.body)) }]),
    ),
    commits: commits.map((c) => ({ subject: c.subject, files: [...c.files].sort() })),
    tree: await git(repo, ['ls-tree', '-r', 'HEAD']),
  };
}

/** Asserts a prt process ended with exit 2 and one `prt: …` line on stderr matching `pattern`. */
export function assertOneLineError(r: PrtResult, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit 2; stderr:\n${r.stderr}`);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('prt: '));
  assert.equal(lines.length, 1, `one prt: line on stderr:\n${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}
