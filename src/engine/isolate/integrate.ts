import type { IntegrationTree, Worktrees } from '../ports';

/** A kept fix to integrate: a thread and the commit its job made. */
export interface KeptFix {
  readonly threadId: string;
  readonly commit: string;
}

/** How one kept fix fared in integration. */
export type IntegrationOutcome =
  /** Picked onto the branch: `commit` is its commit in the integrated chain. */
  | { readonly kind: 'integrated'; readonly commit: string }
  /** An earlier fix already made the same change: `commit` is the chain commit that last changed its files. */
  | { readonly kind: 'alreadyThere'; readonly commit: string }
  /** It does not apply after the earlier fixes: `file`, and the earlier thread that changed it, if known. */
  | { readonly kind: 'conflict'; readonly file: string; readonly withThread?: string };

export interface Integration {
  /** The base plus every integrated fix, in order. */
  readonly tip: string;
  readonly outcomes: ReadonlyMap<string, IntegrationOutcome>;
  /** The integrated threads, in the order their commits are in the chain. */
  readonly integrated: readonly string[];
}

/**
 * Cherry-picks the kept fixes onto `base` in the order given (plan order: lane 1 first). A
 * fix that conflicts with the ones before it is aborted and marked `conflict`, naming the
 * file and the earlier thread whose fix touched it; the next one goes on.
 */
export async function integrateFixes(worktrees: Worktrees, base: string, fixes: readonly KeptFix[], signal?: AbortSignal): Promise<Integration> {
  // Nothing to pick: no integration worktree is made (a checkout of the whole repository).
  if (fixes.length === 0) return { tip: base, outcomes: new Map(), integrated: [] };
  const tree: IntegrationTree = await worktrees.openIntegration(base);
  const outcomes = new Map<string, IntegrationOutcome>();
  const integrated: string[] = [];
  const lastToucher = new Map<string, string>();
  const chainCommit = new Map<string, string>();
  try {
    for (const fix of fixes) {
      if (signal?.aborted) break;
      const picked = await tree.pick(fix.commit);
      if (picked.kind === 'conflict') {
        const file = picked.files.find((f) => lastToucher.has(f)) ?? picked.files[0] ?? '(unknown file)';
        outcomes.set(fix.threadId, { kind: 'conflict', file, ...(lastToucher.has(file) ? { withThread: lastToucher.get(file) } : {}) });
        continue;
      }
      if (picked.kind === 'alreadyThere') {
        // The commit a reply should name is the one that made this change (the latest to
        // touch its files), not whichever fix happens to be the tip now.
        const files = await worktrees.changedFiles(fix.commit);
        const maker = [...integrated].reverse().find((id) => files.some((f) => lastToucher.get(f) === id));
        outcomes.set(fix.threadId, { kind: 'alreadyThere', commit: maker ? chainCommit.get(maker)! : tree.tip });
        continue;
      }
      outcomes.set(fix.threadId, { kind: 'integrated', commit: picked.commit });
      integrated.push(fix.threadId);
      chainCommit.set(fix.threadId, picked.commit);
      for (const f of await worktrees.changedFiles(picked.commit)) lastToucher.set(f, fix.threadId);
    }
    return { tip: tree.tip, outcomes, integrated };
  } finally {
    await tree.close();
  }
}
