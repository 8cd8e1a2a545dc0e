import { UserFacingError } from '../../common/errors';
import { integrateFixes, type KeptFix } from '../../engine/isolate/integrate';
import { patchFile } from '../../engine/isolate/isolatedJob';
import { threadLocation, type ReviewThread } from '../../model/thread';
import type { StageContext } from '../runInput';
import type { IsolationContext } from '../../engine/isolate/isolatedJob';

/** What landing needs of a run's isolation: the integration worktree and where patches go. */
export type LandingIsolation = Pick<IsolationContext, 'worktrees' | 'patchFolder'>;

/** The integrated fixes on the user's branch, not committed yet. */
export interface Integrated {
  /** HEAD the fixes were integrated onto. */
  readonly head: string;
  /** HEAD plus every integrated fix: the tree now in the user's work tree. */
  readonly tip: string;
  /** The integrated threads in chain order, each with its commit in the chain. */
  readonly chain: readonly { readonly thread: ReviewThread; readonly commit: string }[];
  /** Threads whose fix an earlier fix already made, with the chain commit that holds it. */
  readonly alreadyThere: readonly { readonly thread: ReviewThread; readonly commit: string }[];
}

export type IntegrateOutcome =
  | { readonly kind: 'integrated'; readonly integrated: Integrated }
  | { readonly kind: 'cancelled' };

/**
 * Cherry-picks the kept fixes onto the branch in plan order (in a scratch worktree), records
 * a conflicting one as `conflict` with its patch kept, then puts the integrated tree into the
 * user's work tree (HEAD unchanged), which must be as clean as it was when the run began.
 * @throws UserFacingError when the work tree changed during the run (nothing is integrated;
 *   every kept fix is saved as a patch in the run's patch folder).
 */
export async function integrateStage(ctx: StageContext, iso: LandingIsolation, kept: readonly { readonly thread: ReviewThread; readonly commit: string }[], ownFiles: readonly string[]): Promise<IntegrateOutcome> {
  const { sink, input } = ctx;
  sink.stage({ stage: 'integrate', detail: `${kept.length} fix${kept.length === 1 ? '' : 'es'}` });
  const dirty = await input.vcs.dirtyPaths(ownFiles);
  if (dirty.length) {
    // Nothing lands, so every kept fix is saved where the message says (the rest of the
    // run's patches are there already).
    for (const k of kept) await iso.worktrees.saveCommitPatch(k.commit, patchFile(iso.patchFolder, k.thread.id));
    throw new UserFacingError(
      `the work tree changed during the run (e.g. ${JSON.stringify(dirty[0])}): nothing was integrated; commit or stash your changes, then run again (the fixes' patches are in ${iso.patchFolder})`,
    );
  }
  const head = await input.vcs.headCommit();
  const byId = new Map(kept.map((k) => [k.thread.id, k]));
  const fixes: KeptFix[] = kept.map((k) => ({ threadId: k.thread.id, commit: k.commit }));
  const result = await integrateFixes(iso.worktrees, head, fixes, ctx.signal);
  const chain: Integrated['chain'][number][] = [];
  const alreadyThere: Integrated['alreadyThere'][number][] = [];
  for (const fix of fixes) {
    const outcome = result.outcomes.get(fix.threadId);
    const { thread } = byId.get(fix.threadId)!;
    if (!outcome) continue;
    if (outcome.kind === 'conflict') {
      const patch = patchFile(iso.patchFolder, thread.id);
      await iso.worktrees.saveCommitPatch(fix.commit, patch);
      const earlier = outcome.withThread ? byId.get(outcome.withThread)?.thread : undefined;
      const error = earlier
        ? `conflicts with the fix of ${threadLocation(earlier)} (${earlier.id}) in ${outcome.file}; its patch is in ${patch}`
        : `does not apply on the branch (${outcome.file}); its patch is in ${patch}`;
      sink.landed(thread.id, { kind: 'conflict', error, patch });
      continue;
    }
    sink.landed(thread.id, { kind: 'integrated' });
    if (outcome.kind === 'integrated') chain.push({ thread, commit: outcome.commit });
    else alreadyThere.push({ thread, commit: outcome.commit });
  }
  if (ctx.signal?.aborted) return { kind: 'cancelled' };
  if (result.tip !== head) await input.vcs.checkoutTree(head, result.tip);
  return { kind: 'integrated', integrated: { head, tip: result.tip, chain, alreadyThere } };
}
