import { isCancellationError, isUserFacingError, oneLine } from '../common/errors';
import type { PullRequestKey, RequestCounts } from '../engine/ports';
import type { PlannedJob } from '../engine/fix/threadJob';
import type { NotResolvedReason } from '../model/outcome';
import type { RunOptions } from '../model/options';
import { SHA_PLACEHOLDER } from '../model/options';
import type { Plan } from '../model/plan';
import type { ReviewThread } from '../model/thread';
import { buildReport, type ReportInput, type RunReport, type VerifyReport } from './report';
import { recordCommits } from './resumeRecord';
import type { Run } from './run';
import type { PullRequestLookup, RunInput, StageContext } from './runInput';
import { commitStage } from './stages/commit';
import { fetchStage } from './stages/fetch';
import { fixStage, plannedJobs } from './stages/fix';
import { planStage } from './stages/plan';
import { preflight } from './stages/preflight';
import { pushStage } from './stages/push';
import { resolveStage, type ResolveItem } from './stages/resolve';
import { selectStage } from './stages/select';
import { verifyStage } from './stages/verify';

type Outcome = ReportInput['outcome'];

/**
 * Runs the pipeline — checks, fetch, select, plan, fix, verify, commit, push, resolve — as a
 * chain of stages, each handing its typed outcome to the next, with the Run recording every
 * thread's state; a pull request given by its repository only is looked up after the checks,
 * so that a run they refuse sends no request. A thread is replied to and resolved only when its job succeeded, verify
 * (if any) passed, the commit (if asked) was made and pushed (if asked).
 * @returns the report, also when the run was stopped or could not go on (`error`, one line).
 * @throws only bugs: every expected failure is in the report.
 */
export async function executeRun(run: Run, input: RunInput, options: Readonly<RunOptions>, signal?: AbortSignal): Promise<RunReport> {
  const sink = run.createSink();
  const t0 = Date.now();
  const requests0 = { ...input.source.requestCounts };
  let plan: Plan = { strategy: options.strategy, lanes: [] };
  let jobs: readonly PlannedJob[] = [];
  let commits = new Map<string, string>();
  const finish = (outcome: Outcome): RunReport => {
    const requests: RequestCounts = {
      queries: input.source.requestCounts.queries - requests0.queries,
      mutations: input.source.requestCounts.mutations - requests0.mutations,
    };
    const order = plan.lanes.flatMap((l) => l.threads.map((id) => ({ id, worker: l.name })));
    const report = buildReport({ order, facts: run, wallMs: Date.now() - t0, requests, planned: jobs, commits, outcome });
    sink.finish(report);
    return report;
  };

  let lock: Awaited<ReturnType<typeof preflight>>['lock'];
  try {
    const checked = await preflight({ options, input });
    lock = checked.lock;
    const ctx: StageContext = { sink, input: { ...input, pr: await pullRequestOf(input.pr, signal) }, options, signal };
    const { pullRequest, threads: fetched } = await fetchStage(ctx);
    const selection = await selectStage(ctx, fetched);
    plan = planStage(ctx, selection.threads);
    const byId = new Map(selection.threads.map((t) => [t.id, t]));
    const ordered = plan.lanes.flatMap((l) => l.threads.map((id) => byId.get(id)!));
    jobs = plannedJobs(ctx, plan, byId);
    sink.planned({ pullRequest, fetched, threads: ordered, plan });
    if (options.dryRun) {
      for (const j of jobs) sink.finished({ threadId: j.threadId, lane: j.worker, status: 'skipped', attempts: 0, exitCode: null, signal: null, startedAt: null, durationMs: 0, error: j.skipReason ?? 'dry run' });
      return finish({ dryRun: true, notResolved: { kind: 'dryRun' } });
    }

    const fix = await fixStage(ctx, plan, byId, jobs, new Set(selection.resolveOnly.keys()));
    const halted = fix.halted;
    if (fix.cancelled) return finish({ cancelled: true, halted, notResolved: { kind: 'cancelled' } });
    const fixedNow = fix.results.filter((r) => r.status === 'fixed' && !selection.resolveOnly.has(r.threadId)).map((r) => byId.get(r.threadId)!);
    const notFixed = fix.results.filter((r) => r.status !== 'fixed' && r.status !== 'skipped').map((r) => byId.get(r.threadId)!);
    const resumed = ordered.filter((t) => selection.resolveOnly.has(t.id));

    const verified = await verifyStage(ctx, fixedNow.length + resumed.length);
    const verify: VerifyReport | undefined = verified.kind === 'skipped' ? undefined : verified.report;
    if (verified.kind === 'cancelled') return finish({ cancelled: true, halted, verify, notResolved: { kind: 'cancelled' } });
    if (verified.kind === 'failed') return finish({ halted, verify, notResolved: { kind: 'verifyFailed', exitCode: verify!.exitCode, signal: verify!.signal } });

    const committed = await commitStage(ctx, fixedNow, notFixed, checked.ownFiles);
    if (committed.kind === 'failed') return finish({ halted, verify, notResolved: { kind: 'commitFailed', error: committed.error } });
    const sha = committed.kind === 'committed' ? committed.sha : undefined;
    if (sha) {
      commits = new Map(fixedNow.map((t) => [t.id, sha]));
      if (options.joblogPath) await recordCommits(await input.vcs.stateDir(), options.joblogPath, commits);
    }
    for (const t of resumed) {
      const recorded = selection.resolveOnly.get(t.id);
      if (recorded) commits.set(t.id, recorded);
    }
    const base = { halted, verify, ...(sha ? { commit: sha } : {}) };

    const pushed = await pushStage(ctx, sha);
    if (pushed.kind === 'cancelled') return finish({ ...base, pushed: false, cancelled: true, notResolved: { kind: 'cancelled' } });
    if (pushed.kind === 'failed') return finish({ ...base, pushed: false, notResolved: { kind: 'pushFailed', error: pushed.error } });
    const after = { ...base, ...(pushed.kind === 'pushed' ? { pushed: true } : {}) };

    if (!options.resolve) return finish({ ...after, notResolved: { kind: 'resolveOff' } });
    let notResolved: NotResolvedReason | undefined;
    let items: ResolveItem[] = [...fixedNow, ...resumed].map((thread) => ({ thread, commit: commits.get(thread.id) }));
    if (options.replyTemplate.includes(SHA_PLACEHOLDER)) {
      // A reply naming a commit that does not exist would tell the reviewer something false.
      if (items.some((i) => !i.commit)) notResolved = { kind: 'nothingCommitted' };
      items = items.filter((i) => i.commit);
    }
    if (items.length === 0) return finish({ ...after, notResolved });
    const resolved = await resolveStage(ctx, orderLike(items, ordered));
    if (resolved.kind === 'cancelled') return finish({ ...after, cancelled: true, notResolved: { kind: 'cancelled' } });
    if (resolved.kind === 'stopped') return finish({ ...after, error: resolved.error, notResolved: { kind: 'writeStopped', error: resolved.error } });
    return finish({ ...after, notResolved, cancelled: signal?.aborted ?? false });
  } catch (e) {
    if (isCancellationError(e) || signal?.aborted) return finish({ cancelled: true, notResolved: { kind: 'cancelled' } });
    if (isUserFacingError(e)) return finish({ error: oneLine(e) });
    throw e;
  } finally {
    await lock?.release();
  }
}

/** The pull request's key, looked up when only its repository is known. */
async function pullRequestOf(pr: PullRequestKey | PullRequestLookup, signal: AbortSignal | undefined): Promise<PullRequestKey> {
  if (!('findNumber' in pr)) return pr;
  return { owner: pr.owner, repo: pr.repo, number: await pr.findNumber(signal) };
}

/** Items in the order of `threads` (plan order), so replies go out lane by lane. */
function orderLike(items: readonly ResolveItem[], threads: readonly ReviewThread[]): ResolveItem[] {
  const pos = new Map(threads.map((t, i) => [t.id, i]));
  return [...items].sort((a, b) => pos.get(a.thread.id)! - pos.get(b.thread.id)!);
}
