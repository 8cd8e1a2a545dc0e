import { isCancellationError } from '../../common/errors';
import { patchFile } from '../../engine/isolate/isolatedJob';
import type { ReviewItem, ReviewVerdict } from '../../engine/ports';
import type { JobResult } from '../../model/job';
import type { ReviewThread } from '../../model/thread';
import type { StageContext } from '../runInput';
import type { LandingIsolation } from './integrate';

/** How review ended: which fixes the person kept. */
export type ReviewOutcome = { readonly kind: 'done'; readonly kept: ReadonlySet<string> } | { readonly kind: 'cancelled'; readonly kept: ReadonlySet<string> };

/**
 * Asks the reviewer to keep or drop each fix that changed something (with --review, or the
 * editor's review setting). Dropped fixes, and fixes left undecided when the reviewer is done
 * or stopped, are `rejected`; their commit is saved as a patch. Without review every fix is kept.
 */
export async function reviewStage(ctx: StageContext, iso: LandingIsolation, results: readonly JobResult[], byId: ReadonlyMap<string, ReviewThread>): Promise<ReviewOutcome> {
  const fixed = results.filter((r) => r.status === 'fixed');
  const all = new Set(fixed.map((r) => r.threadId));
  const reviewer = ctx.input.reviewer;
  const items: ReviewItem[] = fixed.flatMap((r) =>
    r.fix?.commit && r.fix.base && r.fix.changes ? [{ thread: byId.get(r.threadId)!, commit: r.fix.commit, base: r.fix.base, changes: r.fix.changes }] : [],
  );
  if (!ctx.options.review || !reviewer || items.length === 0) return { kind: 'done', kept: all };
  ctx.sink.stage({ stage: 'review', detail: `${items.length} fix${items.length === 1 ? '' : 'es'} to review` });
  const verdicts = new Map<string, ReviewVerdict>();
  for (const item of items) ctx.sink.reviewed(item.thread.id, 'pending');
  const decide = (threadId: string, verdict: ReviewVerdict) => {
    if (!items.some((i) => i.thread.id === threadId)) return;
    verdicts.set(threadId, verdict);
    ctx.sink.reviewed(threadId, verdict);
  };
  let cancelled = false;
  try {
    await reviewer.review(items, { signal: ctx.signal, decide });
  } catch (e) {
    if (!isCancellationError(e)) throw e;
    cancelled = true;
  }
  const kept = new Set([...all].filter((id) => !items.some((i) => i.thread.id === id) || verdicts.get(id) === 'accepted'));
  for (const item of items) {
    if (verdicts.get(item.thread.id) === 'accepted') continue;
    const file = patchFile(iso.patchFolder, item.thread.id);
    await iso.worktrees.saveCommitPatch(item.commit, file);
    ctx.sink.reviewed(item.thread.id, 'rejected', file);
  }
  return cancelled ? { kind: 'cancelled', kept } : { kind: 'done', kept };
}
