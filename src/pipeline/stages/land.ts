import { isCancellationError, isUserFacingError, oneLine } from '../../common/errors';
import { threadCommitMessage } from '../../engine/isolate/threadCommitMessage';
import type { StageContext } from '../runInput';
import { fixCommitMessage, type CommitOutcome } from './commit';
import type { Integrated } from './integrate';

/** The integrated fixes' commits: one per thread, one for all, or none. */
export type LandOutcome =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'committed'; readonly head: string; readonly commits: ReadonlyMap<string, string> }
  | { readonly kind: 'failed'; readonly error: string };

/**
 * Commits the integrated fixes on the user's branch, running the repository's hooks: with
 * `perThread` one commit per thread in plan order (each exactly the thread's step of the
 * chain), with `one` a single commit of the whole tree. Without a commit the fixes stay as
 * unstaged changes. A commit refused (a hook) puts HEAD and the index back where the run
 * found them, the fixes left in the work tree, and nothing is resolved.
 */
export async function landStage(ctx: StageContext, integrated: Integrated): Promise<LandOutcome> {
  const { vcs } = ctx.input;
  const mode = ctx.options.commit;
  const threads = [...integrated.chain, ...integrated.alreadyThere].map((c) => c.thread);
  if (mode === 'off' || integrated.chain.length === 0) {
    await vcs.resetTo(integrated.head);
    return { kind: 'skipped' };
  }
  ctx.sink.stage({ stage: 'commit', detail: mode === 'perThread' ? `${integrated.chain.length} commits, one per thread` : 'one commit' });
  const commits = new Map<string, string>();
  let head = integrated.head;
  try {
    if (mode === 'one') {
      const subject = ctx.options.commitMessage ?? `Address ${threads.length} review thread${threads.length === 1 ? '' : 's'} on #${ctx.input.pr.number}`;
      const sha = await vcs.commitTree(integrated.tip, fixCommitMessage(subject, threads));
      head = sha;
      for (const t of threads) commits.set(t.id, sha);
      ctx.sink.log(`committed ${sha.slice(0, 7)}: ${subject}`);
    } else {
      const landed = new Map<string, string>();
      for (const { thread, commit } of integrated.chain) {
        const sha = await vcs.commitTree(commit, threadCommitMessage(thread));
        head = sha;
        landed.set(commit, sha);
        commits.set(thread.id, sha);
        ctx.sink.log(`committed ${sha.slice(0, 7)} for ${thread.path}`);
      }
      // A fix an earlier one already made is in that earlier thread's commit.
      for (const { thread, commit } of integrated.alreadyThere) {
        const sha = landed.get(commit);
        if (sha) commits.set(thread.id, sha);
      }
    }
  } catch (e) {
    if (isCancellationError(e) || !isUserFacingError(e)) throw e;
    await vcs.resetTo(integrated.head);
    return { kind: 'failed', error: oneLine(e) };
  }
  for (const [id, sha] of commits) ctx.sink.committed(id, sha);
  return { kind: 'committed', head, commits };
}

/** The land outcome as the in-place commit step's outcome, for the steps after it. */
export function asCommitOutcome(landed: LandOutcome): CommitOutcome {
  if (landed.kind === 'committed') return { kind: 'committed', sha: landed.head };
  return landed.kind === 'failed' ? { kind: 'failed', error: landed.error } : { kind: 'skipped' };
}
