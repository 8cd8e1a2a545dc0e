import { parseRunOptions } from '../../src/cli/runOptions';
import { runCommand } from '../../src/engine/fix/command';
import { ProcessGroupRegistry } from '../../src/engine/fix/processGroupRegistry';
import type { ThreadSource, ThreadWriter, Vcs, Worktrees } from '../../src/engine/ports';
import type { JobResult } from '../../src/model/job';
import type { ReviewThread } from '../../src/model/thread';
import { Run } from '../../src/pipeline/run';
import type { StageContext } from '../../src/pipeline/runInput';
import { BodyFiles } from '../../src/engine/fix/threadEnv';
import { commandEnv, makeFixer } from '../../src/pipeline/fixers';
import { fixStage, plannedJobs } from '../../src/pipeline/stages/fix';
import { planStage } from '../../src/pipeline/stages/plan';
import { prepareStage, type Isolation } from '../../src/pipeline/stages/prepare';
import { BenchError } from './benchError';
import type { ThreadSpot } from './benchRepo';

/** `--isolation worktree`: the run's git adapters (in a bench repository, with a private cache folder). */
export interface EngineIsolation {
  readonly vcs: Vcs;
  readonly worktrees: Worktrees;
  /** The environment of the jobs (a private HOME and cache folder); this process's otherwise. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What the fix stage left, for a figure that goes on to the stages after it (integrate, land). */
export interface EngineFixed {
  readonly ctx: StageContext;
  readonly iso: Isolation | undefined;
  readonly threads: readonly ReviewThread[];
  /** Plan order. */
  readonly results: readonly JobResult[];
}

export interface EngineRunOptions {
  /** Number of jobs, one thread (on its own file) each. */
  readonly jobs: number;
  /** `--jobs J`: jobs at once. */
  readonly maxConcurrency: number;
  /** `--workers K`: lanes; prt's default (4) when absent. */
  readonly workers?: number;
  /** The `--exec` command, run with `sh -c` for every thread. */
  readonly command: string;
  /** The repository root the commands run in (thread paths are checked against it). */
  readonly cwd: string;
  /** Where each thread points; `src/fileNNNNN.ts`, line 1, one file each when absent. */
  readonly spots?: readonly ThreadSpot[];
  /** `--isolation worktree` with these adapters; `--isolation none` (in place) when absent. */
  readonly isolation?: EngineIsolation;
  /** `--commit-per-thread`: read by the land stage only, for a figure that goes on to it. */
  readonly commitPerThread?: boolean;
}

export interface EngineRun<T = undefined> {
  /** From planning to the fix stage's last result (with isolation, the prepare stage before it excluded). */
  readonly wallMs: number;
  /** With isolation: the prepare stage (slots made or reused at HEAD), before `wallMs` starts. */
  readonly prepareMs?: number;
  /** Lanes the plan made. */
  readonly lanes: number;
  /** What `after` returned. */
  readonly after: T;
}

/**
 * Threads as GitHub would return them, at `spots` when given, else one file each so that no
 * file lock serializes them.
 */
export function syntheticThreads(count: number, spots?: readonly ThreadSpot[]): ReviewThread[] {
  if (spots && spots.length < count) throw new BenchError(`${count} threads at ${spots.length} places`);
  return Array.from({ length: count }, (_, i): ReviewThread => {
    const n = String(i).padStart(5, '0');
    const url = `https://github.com/bench/engine/pull/1#discussion_r${i + 1}`;
    const line = spots?.[i].line ?? 1;
    return {
      id: `PRRT_bench${n}`,
      path: spots?.[i].path ?? `src/file${n}.ts`,
      line,
      startLine: null,
      originalLine: line,
      originalStartLine: null,
      isOutdated: false,
      isResolved: false,
      viewerCanResolve: true,
      viewerCanReply: true,
      url,
      comments: [{ id: `PRRC_bench${n}`, author: 'mona', body: `Thread ${i}: please tidy up.`, createdAt: '2024-05-06T09:00:00Z', url }],
    };
  });
}

/**
 * A port the fix stage never calls: touching anything on it but `fields` is a bench bug
 * (the figure would then time more than the fix stage), so it throws.
 */
function unusedPort<T extends object>(name: string, fields: Partial<T> = {}): T {
  return new Proxy(fields as T, {
    get(target, key) {
      if (key in target) return target[key as keyof T];
      throw new BenchError(`the fix stage touched ${name}.${String(key)}, which the engine bench does not provide`);
    },
  });
}

/**
 * Runs `jobs` threads through the fix stage exactly as `prt run --exec CMD --jobs J
 * [--workers K] --isolation none` does (in place, in the repository root): its options
 * parsed by prt's own `parseRunOptions`, planned by `planStage` (by file into K lanes),
 * then `fixStage` over a `Run` — the Scheduler (lanes, p-limit J, file locks), each job a
 * `threadJob` (the path check, the thread's environment with its `PRT_BODY_FILE`, its JSON
 * on stdin, `sh -c` in its own process group through `runCommand`, tracked and marked by a
 * `ProcessGroupRegistry`), every event recorded in the Run. The environment is this process's, GitHub tokens withheld, as in prt.
 * With `isolation`, as `--isolation worktree` does: `prepareStage` first (J job slots made
 * or reused at HEAD, timed apart), then each job an `isolatedJob` (its slot reset to the
 * lane's tip, the command run there, its changes committed as the thread's commit).
 * Fetching, the run lock, verify and resolve are not part of it; `after`, when given, runs
 * on what the fix stage left (its time not counted) before the Run is disposed.
 * @throws BenchError when any job did not succeed (the time would then mean nothing).
 */
export async function runEngine<T = undefined>(opts: EngineRunOptions, after?: (fixed: EngineFixed) => Promise<T>): Promise<EngineRun<T>> {
  const iso = opts.isolation;
  const options = parseRunOptions({
    exec: opts.command,
    // In place unless asked: worktree isolation (SPEC §5) adds a worktree per job slot.
    isolation: iso ? 'worktree' : 'none',
    jobs: String(opts.maxConcurrency),
    ...(opts.workers !== undefined ? { workers: String(opts.workers) } : {}),
    ...(opts.commitPerThread ? { 'commit-per-thread': true } : {}),
  });
  const threads = syntheticThreads(opts.jobs, opts.spots);
  const registry = new ProcessGroupRegistry();
  const run = new Run();
  // The jobs' PRT_BODY_FILEs: one folder for the run, as executeRun makes it.
  const bodyFiles = new BodyFiles();
  registry.own(bodyFiles);
  try {
    const pr = { owner: 'bench', repo: 'engine', number: 1 };
    const input: StageContext['input'] = {
      pr,
      source: unusedPort<ThreadSource>('source'),
      writer: unusedPort<ThreadWriter>('writer'),
      vcs: iso?.vcs ?? unusedPort<Vcs>('vcs', { root: opts.cwd }),
      ...(iso ? { worktrees: iso.worktrees } : {}),
      runCommand,
      baseEnv: iso?.env ?? process.env,
      registry,
    };
    const ctx: StageContext = { sink: run.createSink(), input, options, fixer: makeFixer(options, input, pr, bodyFiles) };
    let started = performance.now();
    const plan = planStage(ctx, threads);
    const byId = new Map(threads.map((t) => [t.id, t]));
    const jobs = plannedJobs(ctx, plan, byId);
    // executeRun records the plan before the fix stage; the tree and progress bar read it.
    ctx.sink.planned({ pullRequest: pr, fetched: threads, threads, plan });
    let prepareMs: number | undefined;
    let isolation: Isolation | undefined;
    if (iso) {
      const t = performance.now();
      // As executeRun: a lane runs one job at a time, so no more slots than lanes with jobs.
      const atOnce = new Set(jobs.filter((j) => !j.skipReason).map((j) => j.worker)).size;
      isolation = await prepareStage(ctx, iso.worktrees, atOnce);
      prepareMs = performance.now() - t;
      started += prepareMs;
    }
    const fixed = await fixStage(ctx, plan, byId, jobs, new Set(), isolation);
    const wallMs = performance.now() - started;
    const bad = fixed.results.filter((r) => r.status !== 'fixed');
    if (bad.length > 0) {
      throw new BenchError(`${bad.length} of ${opts.jobs} engine jobs of \`${opts.command}\` did not succeed (first: ${bad[0].status}, ${bad[0].error ?? 'no reason'})`);
    }
    const ordered = plan.lanes.flatMap((l) => l.threads.map((id) => byId.get(id)!));
    const next = after ? await after({ ctx, iso: isolation, threads: ordered, results: fixed.results }) : (undefined as T);
    return { wallMs, lanes: plan.lanes.length, after: next, ...(prepareMs !== undefined ? { prepareMs } : {}) };
  } finally {
    bodyFiles.dispose();
    run.dispose();
    registry.dispose();
  }
}

/**
 * `runCommand` alone, as the engine calls it but with nothing around it: `jobs` × `sh -c
 * command`, at most `concurrency` at once, with a `ProcessGroupRegistry`, the same inherited
 * environment (tokens withheld) and no stdin, no thread environment, no body file, no path
 * check, no planner or scheduler. Between the bare spawn and the engine, it says which side
 * of the runner the engine's cost is on.
 * @returns the wall time in ms.
 * @throws BenchError when a command fails.
 */
export async function timeRunCommand(jobs: number, concurrency: number, command: string, cwd: string): Promise<number> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(commandEnv(process.env))) if (v !== undefined) env[k] = v;
  const registry = new ProcessGroupRegistry();
  let next = 0;
  const worker = async () => {
    while (next < jobs) {
      next++;
      const r = await runCommand({ command, cwd, env, registry });
      if (r.exitCode !== 0) throw new BenchError(`runCommand of \`${command}\` ended with ${r.signal ?? `exit code ${r.exitCode}`}`);
    }
  };
  try {
    const started = performance.now();
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs) }, worker));
    return performance.now() - started;
  } finally {
    registry.dispose();
  }
}
