import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { isCancellationError, isUserFacingError, oneLine } from '../../common/errors';
import { resolveInRepo } from '../../engine/fix/repoPath';
import type { ReviewThread } from '../../model/thread';
import type { StageContext } from '../runInput';

/** How the commit step ended. */
export type CommitOutcome =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'committed'; readonly sha: string }
  | { readonly kind: 'nothingToCommit' }
  | { readonly kind: 'failed'; readonly error: string };

/** The commit message for a run's fixes: a subject line and one line per thread. */
export function fixCommitMessage(subject: string, threads: readonly Pick<ReviewThread, 'path' | 'line' | 'url'>[]): string {
  const lines = threads.map((t) => `- ${t.path}${t.line !== null ? `:${t.line}` : ''} (${t.url})`);
  return `${subject}\n\nFixes review threads:\n${lines.join('\n')}\n`;
}

/**
 * The paths among `paths` that name a file of the work tree itself: refused thread paths
 * (outside, into .git) and paths through a symlink (git tracks nothing beyond one) are left
 * out, so that none of them reaches git as a pathspec.
 */
async function plainRepoFiles(root: string, paths: readonly string[]): Promise<string[]> {
  const realRoot = await realpath(root);
  const out: string[] = [];
  for (const p of paths) {
    const resolved = await resolveInRepo(root, p).catch(() => undefined);
    if (resolved && resolved === path.join(realRoot, path.posix.normalize(p))) out.push(path.posix.normalize(p));
  }
  return out;
}

/**
 * Commits the fixes in one commit (with --commit), running the repository's hooks. Files
 * that only failed threads point at stay out of it (a failed job may have left half an
 * edit there), and so do the run's own files (its joblog).
 */
export async function commitStage(
  ctx: StageContext,
  fixed: readonly ReviewThread[],
  notFixed: readonly ReviewThread[],
  ownFiles: readonly string[],
): Promise<CommitOutcome> {
  if (ctx.options.commit !== 'one' || fixed.length === 0) return { kind: 'skipped' };
  ctx.sink.stage({ stage: 'commit' });
  const fixedFiles = new Set(fixed.map((t) => t.path));
  const failedOnly = await plainRepoFiles(ctx.input.vcs.root, [...new Set(notFixed.map((t) => t.path))].filter((p) => !fixedFiles.has(p)));
  if (failedOnly.length) ctx.sink.log(`left out of the commit (only failed threads point at them): ${failedOnly.join(', ')}`);
  const subject = ctx.options.commitMessage ?? `Address ${fixed.length} review thread${fixed.length === 1 ? '' : 's'} on #${ctx.input.pr.number}`;
  try {
    const sha = await ctx.input.vcs.commitAll(fixCommitMessage(subject, fixed), [...ownFiles, ...failedOnly]);
    if (!sha) {
      ctx.sink.log('nothing to commit: the fixes changed no file');
      return { kind: 'nothingToCommit' };
    }
    ctx.sink.log(`committed ${sha.slice(0, 7)}: ${subject}`);
    return { kind: 'committed', sha };
  } catch (e) {
    if (isCancellationError(e) || !isUserFacingError(e)) throw e;
    return { kind: 'failed', error: oneLine(e) };
  }
}
