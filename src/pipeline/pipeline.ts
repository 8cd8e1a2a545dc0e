import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { isCancellationError, oneLine, UserFacingError } from '../common/errors';
import { DisposableStore } from '../common/lifecycle';
import { commitAll, dirtyPaths, fixCommitMessage, pushHead } from '../git/commit';
import { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { runCommand } from '../engine/fix/command';
import { Plan } from '../model/plan';
import { PullRequestRef } from '../model/pullRequest';
import { ReviewThread } from '../model/thread';
import { planThreads, retainThreads } from '../engine/plan/planner';
import { JoblogWriter, readJoblog, threadsToRerun, toJoblogRow } from '../engine/report/joblog';
import { summarize } from '../engine/report/summary';
import type { GitHubClient } from '../github/client';
import { fetchPullRequestWithThreads } from '../github/threads';
import { replyAndResolve, WriteResult } from '../github/writes';
import { Run } from './run';
import { PlannedJob, RunOptions, RunReport, ThreadReport, ThreadReportStatus } from './runTypes';
import { Scheduler } from '../engine/schedule/scheduler';
import { SchedulerLane } from '../engine/schedule/schedulerTypes';
import { describeThreadJob, threadJob, ThreadJobContext } from '../engine/fix/threadJob';
import { JobResult } from '../model/job';

/** What a run works on. */
export interface RunInput {
  readonly client: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  /** Work tree root where fixes are made and commands run. */
  readonly repoRoot: string;
  /** Already-loaded threads (the extension); fetched when absent (the CLI). */
  readonly threads?: readonly ReviewThread[];
  readonly pullRequest?: PullRequestRef;
  /** A plan to follow (hand-edited in the tree); planned from the options when absent. */
  readonly plan?: Plan;
  /** Run only these threads (Run Lane, Run Thread). */
  readonly onlyThreads?: readonly string[];
  /** Environment the commands inherit. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly registry?: ProcessGroupRegistry;
}

const SHA_PLACEHOLDER = '{sha}';

/**
 * Token variables kept from per-thread and verify commands: those commands read hostile
 * thread text (often an AI agent's prompt), and nothing they are asked to do needs the
 * credentials prt uses to resolve threads. A command that does needs them passed on purpose.
 */
export const WITHHELD_FROM_COMMANDS: readonly string[] = ['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'];

function commandEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out = { ...env };
  for (const name of WITHHELD_FROM_COMMANDS) delete out[name];
  return out;
}

/**
 * Checks option combinations before anything runs, so a bad one costs nothing.
 * @throws UserFacingError saying which option to change.
 */
export function validateRunOptions(o: Readonly<RunOptions>): void {
  if (!o.command && !o.applySuggestions) {
    throw new UserFacingError('nothing to run: set a command (--exec CMD / prThreads.command) and/or apply suggestions (--apply-suggestions)');
  }
  if (o.push && !o.commit) throw new UserFacingError('--push needs --commit: there is nothing to push without the fix commit');
  if (o.resolve && o.replyTemplate.includes(SHA_PLACEHOLDER) && !o.commit) {
    throw new UserFacingError('the reply uses {sha} but nothing will be committed: add --commit (prThreads.commit), or drop {sha} from the reply');
  }
  if (o.resumeFailed && !o.joblogPath) throw new UserFacingError('--resume-failed needs --joblog FILE: the log says which threads failed');
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1 || o.batchSize > 50) {
    throw new UserFacingError(`--batch-size must be a whole number from 1 to 50 (got ${o.batchSize})`);
  }
}

async function selectThreads(all: readonly ReviewThread[], input: RunInput, o: Readonly<RunOptions>): Promise<ReviewThread[]> {
  let threads = [...all];
  if (input.onlyThreads) {
    const only = new Set(input.onlyThreads);
    threads = threads.filter((t) => only.has(t.id));
  }
  if (o.resumeFailed && o.joblogPath) {
    const rows = await readJoblog(o.joblogPath).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    const rerun = new Set(threadsToRerun(rows, threads.map((t) => t.id)));
    threads = threads.filter((t) => rerun.has(t.id));
  }
  return threads;
}

function reportStatus(r: JobResult, w: WriteResult | undefined): ThreadReportStatus {
  if (r.status !== 'fixed') return r.status;
  if (!w) return 'fixed';
  return w.ok ? (w.resolved ? 'resolved' : 'fixed') : 'failed';
}

/**
 * Runs the pipeline — fetch, plan, fix, verify, commit, push, resolve — firing the Run's
 * events. A thread is replied to and resolved only when its job succeeded, verify (if any)
 * passed and, with `{sha}`, the fix commit exists. Cancellation ends it early with a report.
 * @throws UserFacingError for bad options or a setup that cannot run (dirty work tree for
 *   --commit, unreadable joblog), and GitHub errors of the fetch.
 */
export async function executeRun(run: Run, input: RunInput, o: Readonly<RunOptions>, signal?: AbortSignal): Promise<RunReport> {
  validateRunOptions(o);
  const sink = run.createSink();
  const store = new DisposableStore();
  const t0 = Date.now();
  const requests0 = { ...input.client.requestCounts };
  try {
    // Checked before any request: a run that cannot commit should cost nothing and say one thing.
    // The joblog may live in the work tree: it is the run's own record, never part of the fix commit.
    const ownFiles = o.joblogPath ? await pathsInRepo(input.repoRoot, [o.joblogPath]) : [];
    if (o.commit && !o.dryRun) await assertCleanWorkTree(input.repoRoot, ownFiles);
    sink.stage({ stage: 'fetch', detail: `${input.owner}/${input.repo}#${input.number}` });
    let all = input.threads;
    let pullRequest = input.pullRequest;
    if (!all) {
      const loaded = await fetchPullRequestWithThreads(input.client, { owner: input.owner, repo: input.repo, number: input.number }, { signal });
      all = loaded.threads;
      pullRequest = loaded.pullRequest;
    }
    const threads = await selectThreads(all, input, o);
    const byId = new Map(threads.map((t) => [t.id, t]));

    sink.stage({ stage: 'plan' });
    let plan = input.plan ? retainThreads(input.plan, new Set(byId.keys())) : planThreads(threads, o);
    const planned = new Set(plan.lanes.flatMap((l) => l.threads));
    const unplanned = threads.filter((t) => !planned.has(t.id));
    if (unplanned.length) plan = { strategy: plan.strategy, lanes: [...plan.lanes, ...planThreads(unplanned, { ...o, workers: 1 }).lanes.map((l) => ({ ...l, name: `worker-${plan.lanes.length + 1}` }))] };
    sink.planned(threads, plan, pullRequest);

    const jobCtx: ThreadJobContext = {
      repoRoot: input.repoRoot,
      repo: `${input.owner}/${input.repo}`,
      pr: input.number,
      command: o.command,
      applySuggestions: o.applySuggestions,
      baseEnv: commandEnv(input.baseEnv),
      registry: input.registry,
    };
    const jobs: PlannedJob[] = plan.lanes.flatMap((l) => l.threads.map((id) => describeThreadJob(byId.get(id)!, l.name, jobCtx)));
    const worker = new Map(jobs.map((j) => [j.threadId, j.worker]));

    const finishReport = (results: readonly JobResult[], fixWallMs: number, extra: Partial<RunReport>, writes = new Map<string, WriteResult>()): RunReport => {
      const requests = {
        queries: input.client.requestCounts.queries - requests0.queries,
        mutations: input.client.requestCounts.mutations - requests0.mutations,
      };
      const summary = summarize(results, { wallMs: fixWallMs, requests });
      const reports: ThreadReport[] = results.map((r) => {
        const w = writes.get(r.threadId);
        const status = reportStatus(r, w);
        return {
          id: r.threadId,
          worker: worker.get(r.threadId) ?? r.lane,
          status,
          attempts: r.attempts,
          exitCode: r.exitCode,
          durationMs: r.durationMs,
          error: status === 'failed' && w && !w.ok ? (w.error ?? 'reply/resolve failed') : (r.error ?? null),
        };
      });
      const report: RunReport = {
        threads: reports,
        wallMs: Date.now() - t0,
        sumMs: summary.sumMs,
        speedup: summary.speedup,
        requests,
        summary,
        cancelled: false,
        dryRun: false,
        planned: jobs,
        ...extra,
      };
      sink.finish(report);
      return report;
    };

    if (o.dryRun) {
      const results = jobs.map((j): JobResult => ({ threadId: j.threadId, lane: j.worker, status: 'skipped', attempts: 0, exitCode: null, signal: null, startedAt: null, durationMs: 0, error: j.skipReason ?? 'dry run' }));
      return finishReport(results, 0, { dryRun: true });
    }

    const joblog = o.joblogPath ? await JoblogWriter.open(o.joblogPath, { resume: o.resumeFailed }) : undefined;
    const seq = new Map(jobs.map((j, i) => [j.threadId, i + 1]));
    const toRun = new Set(jobs.filter((j) => !j.skipReason).map((j) => j.threadId));
    const fixCtx: ThreadJobContext = jobCtx;
    const lanes: SchedulerLane[] = plan.lanes.map((l) => ({
      name: l.name,
      jobs: l.threads.filter((id) => toRun.has(id)).map((id) => threadJob(byId.get(id)!, jobs[seq.get(id)! - 1], fixCtx)),
    }));
    sink.stage({ stage: 'fix', detail: `${toRun.size} jobs in ${plan.lanes.length} lanes, ${o.maxConcurrency} at once` });
    const scheduler = store.add(
      new Scheduler(lanes, {
        maxConcurrency: o.maxConcurrency,
        retries: o.retries,
        retryDelayMs: o.retryDelayMs,
        timeoutMs: o.timeoutMs,
        halt: o.halt,
        signal,
      }),
    );
    const pendingRows: Promise<void>[] = [];
    store.add(scheduler.onDidQueueJob((e) => sink.queued(e)));
    store.add(scheduler.onDidStartJob((e) => sink.started(e)));
    store.add(scheduler.onDidOutputJob((e) => sink.output(e)));
    store.add(scheduler.onDidRetryJob((e) => sink.retried(e)));
    store.add(scheduler.onDidFinishJob((r) => {
      sink.finished(r);
      const thread = byId.get(r.threadId)!;
      const row = joblog ? toJoblogRow(r, { seq: seq.get(r.threadId)!, thread }) : undefined;
      if (joblog && row) pendingRows.push(joblog.append({ ...row, command: row.command }));
    }));
    for (const j of jobs) if (j.skipReason) sink.queued({ threadId: j.threadId, lane: j.worker });
    const fixed = await scheduler.run();
    await Promise.all(pendingRows);
    await joblog?.close();

    const skipped: JobResult[] = jobs
      .filter((j) => j.skipReason)
      .map((j) => ({ threadId: j.threadId, lane: j.worker, status: 'skipped', attempts: 0, exitCode: null, signal: null, startedAt: null, durationMs: 0, error: j.skipReason }));
    for (const r of skipped) sink.finished(r);
    const resultById = new Map([...fixed.results, ...skipped].map((r) => [r.threadId, r]));
    const results = jobs.map((j) => resultById.get(j.threadId)!);
    const halted = fixed.halted?.reason;
    if (fixed.cancelled || signal?.aborted) {
      return finishReport(results, fixed.wallMs, { cancelled: true, halted, notResolvedBecause: 'the run was cancelled' });
    }
    const succeeded = results.filter((r) => r.status === 'fixed');

    let verify: RunReport['verify'];
    if (o.verifyCommand && succeeded.length) {
      sink.stage({ stage: 'verify', detail: o.verifyCommand });
      const v = await runCommand({
        command: o.verifyCommand,
        cwd: input.repoRoot,
        env: { ...stringEnv(commandEnv(input.baseEnv)), PRT_REPO: jobCtx.repo, PRT_PR: String(input.number) },
        signal,
        registry: input.registry,
        onOutput: (_s, chunk) => sink.log(chunk.replace(/\n$/, '')),
      });
      verify = { ok: !v.aborted && v.exitCode === 0, exitCode: v.exitCode, output: v.output, durationMs: v.durationMs };
      if (v.aborted) return finishReport(results, fixed.wallMs, { cancelled: true, verify, halted, notResolvedBecause: 'the run was cancelled' });
      if (!verify.ok) {
        return finishReport(results, fixed.wallMs, { verify, halted, notResolvedBecause: `verify failed (exit ${v.exitCode ?? v.signal}): nothing was resolved` });
      }
    }

    let commit: RunReport['commit'];
    let pushed: boolean | undefined;
    if (o.commit && succeeded.length) {
      sink.stage({ stage: 'commit' });
      const subject = o.commitMessage ?? `Address ${succeeded.length} review thread${succeeded.length === 1 ? '' : 's'} on #${input.number}`;
      // A failed job may have left half an edit behind: files that only failed threads point
      // at stay out of the commit (and in the work tree, for the user to look at).
      const fixedFiles = new Set(succeeded.map((r) => byId.get(r.threadId)!.path));
      const failedOnly = [...new Set(results.filter((r) => r.status !== 'fixed' && r.status !== 'skipped').map((r) => byId.get(r.threadId)!.path))]
        .filter((p) => !fixedFiles.has(p) && !p.startsWith('/') && !p.split(/[\\/]/).includes('..'));
      if (failedOnly.length) sink.log(`left out of the commit (only failed threads point at them): ${failedOnly.join(', ')}`);
      const sha = await commitAll(input.repoRoot, fixCommitMessage(subject, succeeded.map((r) => byId.get(r.threadId)!)), [...ownFiles, ...failedOnly]);
      commit = sha ? { sha } : { sha: null, reason: 'the fixes changed no file' };
      sink.log(sha ? `committed ${sha.slice(0, 7)}: ${subject}` : 'nothing to commit: the fixes changed no file');
      if (sha && o.push) {
        sink.stage({ stage: 'push' });
        try {
          await pushHead(input.repoRoot, signal);
          pushed = true;
          sink.log(`pushed ${sha.slice(0, 7)}`);
        } catch (e) {
          if (isCancellationError(e)) throw e;
          return finishReport(results, fixed.wallMs, { verify, commit, pushed: false, halted, notResolvedBecause: `push failed, so no reply can name the commit: ${oneLine(e)}` });
        }
      }
    }

    if (!o.resolve || succeeded.length === 0) {
      return finishReport(results, fixed.wallMs, { verify, commit, pushed, halted, ...(o.resolve ? {} : { notResolvedBecause: 'resolving is turned off' }) });
    }
    if (o.replyTemplate.includes(SHA_PLACEHOLDER) && !(commit && commit.sha)) {
      return finishReport(results, fixed.wallMs, { verify, commit, pushed, halted, notResolvedBecause: 'the reply uses {sha} but nothing was committed (the fixes changed no file)' });
    }
    sink.stage({ stage: 'resolve', detail: `${succeeded.length} threads` });
    const reply = o.replyTemplate.split(SHA_PLACEHOLDER).join(commit?.sha ? commit.sha.slice(0, 7) : '');
    const writes = new Map<string, WriteResult>();
    let notResolvedBecause: string | undefined;
    try {
      await replyAndResolve(input.client, succeeded.map((r) => ({ threadId: r.threadId, reply: reply.trim() ? reply : undefined })), {
        resolve: true,
        batchSize: o.batchSize,
        intervalMs: o.writeIntervalMs,
        signal,
        onDidFinishThread: (w) => {
          writes.set(w.threadId, w);
          sink.written({ threadId: w.threadId, ok: w.ok, resolved: w.resolved, error: w.error });
        },
      });
    } catch (e) {
      if (!isCancellationError(e)) notResolvedBecause = oneLine(e);
      else notResolvedBecause = 'the run was cancelled';
    }
    return finishReport(results, fixed.wallMs, { verify, commit, pushed, halted, notResolvedBecause, cancelled: signal?.aborted ?? false }, writes);
  } finally {
    store.dispose();
  }
}

/** @throws UserFacingError when the work tree has uncommitted changes (the fix commit would sweep them in). */
async function assertCleanWorkTree(root: string, exclude: readonly string[]): Promise<void> {
  const dirty = await dirtyPaths(root, exclude);
  if (dirty.length) {
    throw new UserFacingError(
      `the work tree has ${dirty.length} uncommitted change(s) (e.g. ${dirty[0]}): commit or stash them first, so the fix commit holds only the fixes`,
    );
  }
}

/** The repository-relative form of each file path that lies inside `root` (symlinked folders resolved). */
async function pathsInRepo(root: string, files: readonly string[]): Promise<string[]> {
  const realRoot = await realpath(root);
  const out: string[] = [];
  for (const f of files) {
    const abs = path.resolve(f);
    // The file may not exist yet; its folder does (or the joblog could not be written at all).
    const dir = await realpath(path.dirname(abs)).catch(() => path.dirname(abs));
    const rel = path.relative(realRoot, path.join(dir, path.basename(abs)));
    if (rel && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel)) out.push(rel.split(path.sep).join('/'));
  }
  return out;
}

function stringEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
