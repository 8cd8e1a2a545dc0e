import { runCommand } from '../../src/engine/fix/command';
import { ProcessGroupRegistry } from '../../src/engine/fix/processGroupRegistry';
import { ReviewThread } from '../../src/model/thread';
import { planThreads } from '../../src/engine/plan/planner';
import { HALT_NEVER } from '../../src/model/haltPolicy';
import { Scheduler } from '../../src/engine/schedule/scheduler';
import { SchedulerLane } from '../../src/engine/schedule/schedulerTypes';
import { describeThreadJob, threadJob, ThreadJobContext } from '../../src/engine/fix/threadJob';
import { BenchError } from './benchError';

export interface EngineRunOptions {
  /** Number of jobs, one thread (on its own file) each. */
  readonly jobs: number;
  /** Lanes and jobs at once (`--workers N --jobs N`). */
  readonly concurrency: number;
  /** The `--exec` command, run with `sh -c` for every thread. */
  readonly command: string;
  /** The repository root the commands run in. */
  readonly cwd: string;
}

export interface EngineRun {
  /** From building the jobs to the scheduler's last result. */
  readonly wallMs: number;
  /** The scheduler's own wall time. */
  readonly schedulerWallMs: number;
  readonly sumMs: number;
  /** Shell workers the run spawned (at most `concurrency` when all went well). */
  readonly workersStarted: number;
  /** Jobs the pool handed to runCommand (an environment it could not reproduce). */
  readonly fallbacks: number;
}

/** Threads as GitHub would return them, one file each so that no file lock serializes them. */
function syntheticThreads(count: number): ReviewThread[] {
  return Array.from({ length: count }, (_, i): ReviewThread => {
    const id = `PRRT_bench${String(i).padStart(5, '0')}`;
    return {
      id,
      path: `src/file${String(i).padStart(5, '0')}.ts`,
      line: 1,
      startLine: null,
      originalLine: 1,
      originalStartLine: null,
      isOutdated: false,
      isResolved: false,
      viewerCanResolve: true,
      viewerCanReply: true,
      url: `https://github.com/bench/engine/pull/1#discussion_r${i + 1}`,
      comments: [{ id: `PRRC_bench${i}`, author: 'mona', body: `Thread ${i}: please tidy up.`, createdAt: '2024-05-06T09:00:00Z', url: `https://github.com/bench/engine/pull/1#discussion_r${i + 1}` }],
    };
  });
}

/**
 * Runs `jobs` threads through the project's engine exactly as `prt run --exec CMD
 * --workers N --jobs N` runs its fix stage: planned by file into N lanes, each job a
 * `threadJob` (path check, `PRT_*` environment, the thread's JSON on stdin, `sh -c` in its
 * own process group on a `ShellWorkerPool` of N workers, created and ended within the timed
 * span as `executeRun` does), scheduled by `Scheduler` with p-limit N.
 * @throws BenchError when any job did not succeed (the time would then mean nothing).
 */
export async function runEngine(opts: EngineRunOptions): Promise<EngineRun> {
  const registry = new ProcessGroupRegistry();
  try {
    const started = performance.now();
    const threads = syntheticThreads(opts.jobs);
    const byId = new Map(threads.map((t) => [t.id, t]));
    const plan = planThreads(threads, { workers: opts.concurrency, strategy: 'by-file' });
    const ctx: ThreadJobContext = {
      repoRoot: opts.cwd,
      repo: 'bench/engine',
      pr: 1,
      command: opts.command,
      applySuggestions: false,
      baseEnv: process.env,
      registry,
      runCommand,
    };
    const lanes: SchedulerLane[] = plan.lanes.map((lane) => ({
      name: lane.name,
      jobs: lane.threads.map((id) => {
        const thread = byId.get(id)!;
        return threadJob(thread, describeThreadJob(thread, lane.name, ctx), ctx);
      }),
    }));
    const scheduler = new Scheduler(lanes, { maxConcurrency: opts.concurrency, retries: 0, retryDelayMs: 0, halt: HALT_NEVER });
    try {
      const result = await scheduler.run();
      const wallMs = performance.now() - started;
      const bad = result.results.filter((r) => r.status !== 'fixed');
      if (bad.length > 0) {
        throw new BenchError(`${bad.length} of ${opts.jobs} engine jobs of \`${opts.command}\` did not succeed (first: ${bad[0].status}, ${bad[0].error ?? 'no reason'})`);
      }
      return { wallMs, schedulerWallMs: result.wallMs, sumMs: result.sumMs, workersStarted: 0, fallbacks: 0 };
    } finally {
      scheduler.dispose();
    }
  } finally {
    registry.dispose();
  }
}
