import type { PullRequestKey } from '../engine/ports';
import { shardPlan } from '../engine/shard/shardAssignment';
import type { RunOptions } from '../model/options';
import type { RunReport } from './report';
import type { Run } from './run';
import type { PullRequestLookup, RunInput, StageContext } from './runInput';
import { BodyFiles } from '../engine/fix/threadEnv';
import { checkAgent, makeFixer } from './fixers';
import { landInPlace, landIsolated, type FixedWork } from './landing';
import { framed } from './runFrame';
import { checkEmitDir, emitStage, type EmitTarget } from './stages/emit';
import { fetchStage } from './stages/fetch';
import { fixStage, plannedJobs } from './stages/fix';
import { planStage } from './stages/plan';
import { preflight } from './stages/preflight';
import { prepareStage } from './stages/prepare';
import { markPending } from './resumeRecord';
import { selectStage } from './stages/select';

/**
 * Runs the pipeline — checks, fetch, select, plan, prepare, fix, review, integrate, verify,
 * commit, push, resolve — as a chain of stages, each handing its typed outcome to the next,
 * with the Run recording every thread's state. A pull request given by its repository only
 * is looked up after the checks, so that a run they refuse sends no request. A thread is
 * replied to and resolved only when its job succeeded, its fix was kept and integrated,
 * verify (if any) passed, and the commit and push (if asked) were made.
 *
 * With `emit` (a shard of a sharded run), the whole pull request is planned as above, only
 * the shard's lanes run, and their fixes are written to the emit folder instead of landing:
 * nothing is integrated and nothing is written to GitHub (`prt integrate` lands them).
 * @returns the report, also when the run was stopped or could not go on (`error`, one line).
 * @throws only bugs: every expected failure is in the report.
 */
export async function executeRun(run: Run, input: RunInput, options: Readonly<RunOptions>, signal?: AbortSignal, emit?: EmitTarget): Promise<RunReport> {
  // The jobs' PRT_BODY_FILEs: one private folder for the run, owned by the registry too, so
  // that even a quit on a second signal removes it.
  const bodyFiles = new BodyFiles();
  input.registry?.own(bodyFiles);
  try {
    return await framed(run, input.source, options.strategy, signal, async (frame) => {
      const { sink } = frame;
      const checked = await preflight({ options, input });
      frame.hold(checked.lock);
      checkAgent(options, input);
      if (emit && !options.dryRun) await checkEmitDir(emit.dir);
      const pr = await pullRequestOf(input.pr, signal);
      const fixer = makeFixer(options, input, pr, bodyFiles);
      const ctx: StageContext = { sink, input: { ...input, pr }, options, signal, fixer };
      const { pullRequest, threads: fetched } = await fetchStage(ctx);
      const selection = await selectStage(ctx, fetched);
      const whole = planStage(ctx, selection.threads);
      // A shard runs its own lanes of the whole plan, and reports only their threads.
      const plan = emit ? shardPlan(whole, emit.shard) : whole;
      frame.plan = plan;
      const byId = new Map(selection.threads.map((t) => [t.id, t]));
      const ordered = plan.lanes.flatMap((l) => l.threads.map((id) => byId.get(id)!));
      const jobs = plannedJobs(ctx, plan, byId);
      frame.jobs = jobs;
      sink.planned({ pullRequest, fetched, threads: ordered, plan });
      if (options.dryRun) {
        for (const j of jobs) sink.finished({ threadId: j.threadId, lane: j.worker, status: 'skipped', attempts: 0, exitCode: null, signal: null, startedAt: null, durationMs: 0, error: j.skipReason ?? 'dry run' });
        return { dryRun: true, notResolved: { kind: 'dryRun' } };
      }

      const resolveOnly = new Set(selection.resolveOnly.keys());
      const toRun = jobs.filter((j) => !j.skipReason && !resolveOnly.has(j.threadId)).map((j) => j.threadId);
      // A lane runs one job at a time: no more slots than lanes with jobs (each may get a setup).
      const atOnce = new Set(jobs.filter((j) => toRun.includes(j.threadId)).map((j) => j.worker)).size;
      const iso = options.isolation === 'worktree' && toRun.length > 0 ? await prepareStage(ctx, input.worktrees!, atOnce) : undefined;
      // An isolated job's exit 0 in the joblog does not mean its fix landed: until it does, a
      // resume must run it again rather than resolve it.
      if (iso && options.joblogPath) await markPending(await input.vcs.stateDir(), options.joblogPath, toRun);
      const fix = await fixStage(ctx, plan, byId, jobs, resolveOnly, iso);
      if (fix.cancelled) return { cancelled: true, halted: fix.halted, notResolved: { kind: 'cancelled' } };
      if (emit) {
        const base = iso?.base ?? (await input.vcs.headCommit());
        const tips = new Map(plan.lanes.map((l) => [l.name, iso?.lanes.tip(l.name) ?? base] as const));
        await emitStage(ctx, emit, { plan: whole, lanes: plan, base, tips, results: fix.results, startedAt: frame.startedAt, halted: fix.halted });
        return { halted: fix.halted };
      }
      const work: FixedWork = { ordered, byId, results: fix.results, resumed: selection.resolveOnly, ownFiles: checked.ownFiles, halted: fix.halted };
      const landed = iso ? await landIsolated(ctx, iso, work) : await landInPlace(ctx, work);
      frame.commits = landed.commits;
      return landed.outcome;
    });
  } finally {
    bodyFiles.dispose();
  }
}

/** The pull request's key, looked up when only its repository is known. */
async function pullRequestOf(pr: PullRequestKey | PullRequestLookup, signal: AbortSignal | undefined): Promise<PullRequestKey> {
  if (!('findNumber' in pr)) return pr;
  return { owner: pr.owner, repo: pr.repo, number: await pr.findNumber(signal) };
}
