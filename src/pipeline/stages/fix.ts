import { DisposableStore } from '../../common/lifecycle';
import { describeThreadJob, threadAttempt, threadJob, type PlannedJob, type ThreadJobContext } from '../../engine/fix/threadJob';
import { isolatedJob, type IsolationContext } from '../../engine/isolate/isolatedJob';
import { JoblogWriter, toJoblogRow } from '../../engine/report/joblog';
import { Scheduler, type SchedulerLane } from '../../engine/schedule/scheduler';
import type { JobResult } from '../../model/job';
import type { Plan } from '../../model/plan';
import type { ReviewThread } from '../../model/thread';
import type { StageContext } from '../runInput';

/** How the fix stage ended. */
export interface FixOutcome {
  /** One per thread of the plan, in plan order. */
  readonly results: readonly JobResult[];
  readonly halted?: string;
  readonly cancelled: boolean;
}

/** The job context of a run: where jobs run and what fixes them. */
export function jobContext(ctx: StageContext): ThreadJobContext {
  const { input, options } = ctx;
  return {
    repoRoot: input.vcs.root,
    fixer: ctx.fixer,
    applySuggestions: options.applySuggestions,
    noCommandReason: options.noCommandReason,
  };
}

/** What each thread's job will do, in plan order. */
export function plannedJobs(ctx: StageContext, plan: Plan, byId: ReadonlyMap<string, ReviewThread>): PlannedJob[] {
  const jobCtx = jobContext(ctx);
  return plan.lanes.flatMap((l) => l.threads.map((id) => describeThreadJob(byId.get(id)!, l.name, jobCtx)));
}

function notRun(job: PlannedJob, status: JobResult['status'], error?: string): JobResult {
  return { threadId: job.threadId, lane: job.worker, status, attempts: 0, exitCode: null, signal: null, startedAt: null, durationMs: 0, ...(error ? { error } : {}) };
}

/**
 * Runs every planned job through the scheduler (lanes in parallel, at most J at once,
 * retries, timeout, halt, cancel), recording each as it ends in the Run and the joblog; with
 * an isolation each job works in a worktree of its own and its success is one commit.
 * Threads in `resolveOnly` were fixed by an earlier run: they get a result without running.
 * @throws the filesystem error when the joblog cannot be written.
 */
export async function fixStage(
  ctx: StageContext,
  plan: Plan,
  byId: ReadonlyMap<string, ReviewThread>,
  jobs: readonly PlannedJob[],
  resolveOnly: ReadonlySet<string>,
  isolation?: IsolationContext,
): Promise<FixOutcome> {
  const { sink, options: o } = ctx;
  const store = new DisposableStore();
  const joblog = o.joblogPath ? await JoblogWriter.open(o.joblogPath, { resume: o.resumeFailed }) : undefined;
  try {
    const seq = new Map(jobs.map((j, i) => [j.threadId, i + 1]));
    const byThread = new Map(jobs.map((j) => [j.threadId, j]));
    const toRun = new Set(jobs.filter((j) => !j.skipReason && !resolveOnly.has(j.threadId)).map((j) => j.threadId));
    const jobCtx = jobContext(ctx);
    const lanes: SchedulerLane[] = plan.lanes.map((l) => ({
      name: l.name,
      jobs: l.threads.filter((id) => toRun.has(id)).map((id) => {
        const thread = byId.get(id)!;
        const planned = byThread.get(id)!;
        return isolation ? isolatedJob(thread, l.name, threadAttempt(thread, planned, jobCtx), planned.command, isolation) : threadJob(thread, planned, jobCtx);
      }),
    }));
    sink.stage({ stage: 'fix', detail: `${toRun.size} jobs in ${plan.lanes.length} lanes, ${o.maxConcurrency} at once` });
    const scheduler = store.add(
      new Scheduler(lanes, {
        maxConcurrency: o.maxConcurrency,
        retries: o.retries,
        retryDelayMs: o.retryDelayMs,
        timeoutMs: o.timeoutMs,
        halt: o.halt,
        signal: ctx.signal,
      }),
    );
    const rows: Promise<void>[] = [];
    store.add(scheduler.onDidQueueJob((e) => sink.queued(e)));
    store.add(scheduler.onDidStartJob((e) => sink.started(e)));
    store.add(scheduler.onDidOutputJob((e) => sink.output(e)));
    store.add(scheduler.onDidRetryJob((e) => sink.retried(e)));
    store.add(scheduler.onDidFinishJob((r) => {
      sink.finished(r);
      const row = joblog && toJoblogRow(r, { seq: seq.get(r.threadId)!, thread: byId.get(r.threadId)! });
      if (joblog && row) rows.push(joblog.append(row));
    }));
    const others: JobResult[] = [];
    for (const j of jobs) {
      if (toRun.has(j.threadId)) continue;
      sink.queued({ threadId: j.threadId, lane: j.worker });
      others.push(resolveOnly.has(j.threadId) ? notRun(j, 'fixed') : notRun(j, 'skipped', j.skipReason));
    }
    const fixed = await scheduler.run();
    for (const r of others) sink.finished(r);
    await Promise.all(rows);
    const byResult = new Map([...fixed.results, ...others].map((r) => [r.threadId, r]));
    return {
      results: jobs.map((j) => byResult.get(j.threadId)!),
      ...(fixed.halted ? { halted: fixed.halted.reason } : {}),
      cancelled: fixed.cancelled || (ctx.signal?.aborted ?? false),
    };
  } finally {
    store.dispose();
    await joblog?.close();
  }
}
