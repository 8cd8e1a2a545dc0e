import type { JobResult } from '../model/job';
import type { NotResolvedReason } from '../model/outcome';
import { SHA_PLACEHOLDER } from '../model/options';
import type { ReviewThread } from '../model/thread';
import type { VerifyReport } from './report';
import type { Outcome } from './runFrame';
import { markPending, recordCommits } from './resumeRecord';
import type { StageContext } from './runInput';
import { commitStage } from './stages/commit';
import { integrateStage } from './stages/integrate';
import { landStage } from './stages/land';
import type { LandingIsolation } from './stages/integrate';
import { pushStage } from './stages/push';
import { resolveStage, type ResolveItem } from './stages/resolve';
import { reviewStage } from './stages/review';
import { verifyStage } from './stages/verify';

/** What the fix stage left for the landing. */
export interface FixedWork {
  /** The run's threads in plan order. */
  readonly ordered: readonly ReviewThread[];
  readonly byId: ReadonlyMap<string, ReviewThread>;
  readonly results: readonly JobResult[];
  /** Fixed by an earlier run, resolved only, with the commit recorded for each (if any). */
  readonly resumed: ReadonlyMap<string, string | undefined>;
  /** Repository-relative files the run writes itself (its joblog). */
  readonly ownFiles: readonly string[];
  readonly halted?: string;
}

/** A landing's end: the report outcome and the commit holding each thread's fix. */
export interface Landed {
  readonly outcome: Outcome;
  readonly commits: ReadonlyMap<string, string>;
}

function fixedNow(work: FixedWork): ReviewThread[] {
  return work.results.filter((r) => r.status === 'fixed' && !work.resumed.has(r.threadId)).map((r) => work.byId.get(r.threadId)!);
}

function withResumed(work: FixedWork, commits: Map<string, string>): Map<string, string> {
  for (const [id, sha] of work.resumed) if (sha) commits.set(id, sha);
  return commits;
}

/**
 * In place (`--isolation none`): the fixes are already in the work tree; verify, commit them
 * in one commit, push, resolve.
 */
export async function landInPlace(ctx: StageContext, work: FixedWork): Promise<Landed> {
  const fixed = fixedNow(work);
  const notFixed = work.results.filter((r) => r.status !== 'fixed' && r.status !== 'skipped').map((r) => work.byId.get(r.threadId)!);
  const verified = await verifyStage(ctx, fixed.length + work.resumed.size);
  const verify = verified.kind === 'skipped' ? undefined : verified.report;
  const base = { halted: work.halted, verify };
  if (verified.kind === 'cancelled') return { outcome: { ...base, cancelled: true, notResolved: { kind: 'cancelled' } }, commits: new Map() };
  if (verified.kind === 'failed') return { outcome: { ...base, notResolved: verifyFailed(verify!) }, commits: new Map() };
  const committed = await commitStage(ctx, fixed, notFixed, work.ownFiles);
  if (committed.kind === 'failed') return { outcome: { ...base, notResolved: { kind: 'commitFailed', error: committed.error } }, commits: new Map() };
  const sha = committed.kind === 'committed' ? committed.sha : undefined;
  const commits = new Map(sha ? fixed.map((t) => [t.id, sha] as const) : []);
  for (const [id, c] of commits) ctx.sink.committed(id, c);
  return pushAndResolve(ctx, work, [...fixed, ...resumedThreads(work)], withResumed(work, commits), { ...base, ...(sha ? { commit: sha } : {}) }, sha);
}

/**
 * Isolated (`--isolation worktree`): review (when on), integrate the kept commits onto the
 * branch in plan order, verify the integrated tree, commit (none, one, or one per thread),
 * push, resolve.
 */
export async function landIsolated(ctx: StageContext, iso: LandingIsolation, work: FixedWork): Promise<Landed> {
  const none = new Map<string, string>();
  const reviewed = await reviewStage(ctx, iso, work.results, work.byId);
  if (reviewed.kind === 'cancelled') return { outcome: { halted: work.halted, cancelled: true, notResolved: { kind: 'cancelled' } }, commits: none };
  const fixed = fixedNow(work).filter((t) => reviewed.kept.has(t.id));
  const results = new Map(work.results.map((r) => [r.threadId, r]));
  const kept = fixed.flatMap((thread) => {
    const commit = results.get(thread.id)?.fix?.commit;
    return commit ? [{ thread, commit }] : [];
  });
  // A job that changed nothing (its command said it succeeded) has nothing to integrate.
  const unchanged = fixed.filter((t) => !results.get(t.id)?.fix?.commit);
  const integrated = await integrateStage(ctx, iso, kept, work.ownFiles);
  if (integrated.kind === 'cancelled') return { outcome: { halted: work.halted, cancelled: true, notResolved: { kind: 'cancelled' } }, commits: none };
  const landedThreads = [...integrated.integrated.chain, ...integrated.integrated.alreadyThere].map((c) => c.thread);
  const verified = await verifyStage(ctx, landedThreads.length + unchanged.length + work.resumed.size);
  const verify = verified.kind === 'skipped' ? undefined : verified.report;
  const base = { halted: work.halted, verify };
  if (verified.kind !== 'passed' && verified.kind !== 'skipped') {
    // The fixes stay in the work tree as plain changes for the user to look at.
    await ctx.input.vcs.resetTo(integrated.integrated.head);
    return verified.kind === 'cancelled'
      ? { outcome: { ...base, cancelled: true, notResolved: { kind: 'cancelled' } }, commits: none }
      : { outcome: { ...base, notResolved: verifyFailed(verify!) }, commits: none };
  }
  const landed = await landStage(ctx, integrated.integrated);
  if (landed.kind === 'failed') return { outcome: { ...base, notResolved: { kind: 'commitFailed', error: landed.error } }, commits: none };
  const commits = new Map(landed.kind === 'committed' ? landed.commits : []);
  const sha = landed.kind === 'committed' ? landed.head : undefined;
  const resolvable = [...landedThreads, ...unchanged, ...resumedThreads(work)];
  return pushAndResolve(ctx, work, resolvable, withResumed(work, commits), { ...base, ...(sha ? { commit: sha } : {}) }, sha);
}

function resumedThreads(work: FixedWork): ReviewThread[] {
  return work.ordered.filter((t) => work.resumed.has(t.id));
}

function verifyFailed(v: VerifyReport): NotResolvedReason {
  return { kind: 'verifyFailed', exitCode: v.exitCode, signal: v.signal };
}

/** The steps after the commit: record it for --resume-failed, push, reply and resolve. */
async function pushAndResolve(
  ctx: StageContext,
  work: FixedWork,
  threads: readonly ReviewThread[],
  commits: Map<string, string>,
  base: Outcome,
  sha: string | undefined,
): Promise<Landed> {
  const o = ctx.options;
  if (o.joblogPath) {
    const stateDir = await ctx.input.vcs.stateDir();
    await recordCommits(stateDir, o.joblogPath, commits);
    await markPending(stateDir, o.joblogPath, threads.map((t) => t.id), true);
  }
  // A resumed run may commit nothing new, yet its replies name an earlier run's commits,
  // which may never have reached GitHub (that run's push failed): the branch is pushed.
  const pushed = await pushStage(ctx, sha ?? (commits.size ? await ctx.input.vcs.headCommit() : undefined));
  if (pushed.kind === 'cancelled') return { outcome: { ...base, pushed: false, cancelled: true, notResolved: { kind: 'cancelled' } }, commits };
  if (pushed.kind === 'failed') return { outcome: { ...base, pushed: false, notResolved: { kind: 'pushFailed', error: pushed.error } }, commits };
  const after = { ...base, ...(pushed.kind === 'pushed' ? { pushed: true } : {}) };
  if (!o.resolve) return { outcome: { ...after, notResolved: { kind: 'resolveOff' } }, commits };
  let notResolved: NotResolvedReason | undefined;
  const pos = new Map(work.ordered.map((t, i) => [t.id, i]));
  const said = new Map(work.results.flatMap((r) => (r.agent ? [[r.threadId, r.agent.message] as const] : [])));
  let items: ResolveItem[] = [...threads].sort((a, b) => pos.get(a.id)! - pos.get(b.id)!).map((thread) => ({ thread, commit: commits.get(thread.id), agentMessage: said.get(thread.id) }));
  if (o.replyTemplate.includes(SHA_PLACEHOLDER)) {
    // A reply naming a commit that does not exist would tell the reviewer something false.
    if (items.some((i) => !i.commit)) notResolved = { kind: 'nothingCommitted' };
    items = items.filter((i) => i.commit);
  }
  if (items.length === 0) return { outcome: { ...after, notResolved }, commits };
  const resolved = await resolveStage(ctx, items);
  if (resolved.kind === 'cancelled') return { outcome: { ...after, cancelled: true, notResolved: { kind: 'cancelled' } }, commits };
  if (resolved.kind === 'stopped') return { outcome: { ...after, error: resolved.error, notResolved: { kind: 'writeStopped', error: resolved.error } }, commits };
  return { outcome: { ...after, notResolved, cancelled: ctx.signal?.aborted ?? false }, commits };
}
