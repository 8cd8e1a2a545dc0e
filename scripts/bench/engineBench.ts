import { parseRunOptions } from '../../src/cli/runOptions';
import { runCommand } from '../../src/engine/fix/command';
import { ProcessGroupRegistry } from '../../src/engine/fix/processGroupRegistry';
import type { ThreadSource, ThreadWriter, Vcs } from '../../src/engine/ports';
import type { ReviewThread } from '../../src/model/thread';
import { Run } from '../../src/pipeline/run';
import type { StageContext } from '../../src/pipeline/runInput';
import { commandEnv, fixStage, plannedJobs } from '../../src/pipeline/stages/fix';
import { planStage } from '../../src/pipeline/stages/plan';
import { BenchError } from './benchError';

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
}

export interface EngineRun {
  /** From planning to the fix stage's last result. */
  readonly wallMs: number;
  /** Lanes the plan made. */
  readonly lanes: number;
}

/** Threads as GitHub would return them, one file each so that no file lock serializes them. */
export function syntheticThreads(count: number): ReviewThread[] {
  return Array.from({ length: count }, (_, i): ReviewThread => {
    const n = String(i).padStart(5, '0');
    const url = `https://github.com/bench/engine/pull/1#discussion_r${i + 1}`;
    return {
      id: `PRRT_bench${n}`,
      path: `src/file${n}.ts`,
      line: 1,
      startLine: null,
      originalLine: 1,
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
 * Fetching, the run lock, verify and resolve are not part of it.
 * @throws BenchError when any job did not succeed (the time would then mean nothing).
 */
export async function runEngine(opts: EngineRunOptions): Promise<EngineRun> {
  const options = parseRunOptions({
    exec: opts.command,
    // The in-place path the figure is about; worktree isolation (SPEC §5) would add git
    // worktrees per lane, a different cost measured elsewhere.
    isolation: 'none',
    jobs: String(opts.maxConcurrency),
    ...(opts.workers !== undefined ? { workers: String(opts.workers) } : {}),
  });
  const threads = syntheticThreads(opts.jobs);
  const registry = new ProcessGroupRegistry();
  const run = new Run();
  try {
    const pr = { owner: 'bench', repo: 'engine', number: 1 };
    const input: StageContext['input'] = {
      pr,
      source: unusedPort<ThreadSource>('source'),
      writer: unusedPort<ThreadWriter>('writer'),
      vcs: unusedPort<Vcs>('vcs', { root: opts.cwd }),
      runCommand,
      baseEnv: process.env,
      registry,
    };
    const ctx: StageContext = { sink: run.createSink(), input, options };
    const started = performance.now();
    const plan = planStage(ctx, threads);
    const byId = new Map(threads.map((t) => [t.id, t]));
    const jobs = plannedJobs(ctx, plan, byId);
    // executeRun records the plan before the fix stage; the tree and progress bar read it.
    ctx.sink.planned({ pullRequest: pr, fetched: threads, threads, plan });
    const fixed = await fixStage(ctx, plan, byId, jobs, new Set());
    const wallMs = performance.now() - started;
    const bad = fixed.results.filter((r) => r.status !== 'fixed');
    if (bad.length > 0) {
      throw new BenchError(`${bad.length} of ${opts.jobs} engine jobs of \`${opts.command}\` did not succeed (first: ${bad[0].status}, ${bad[0].error ?? 'no reason'})`);
    }
    return { wallMs, lanes: plan.lanes.length };
  } finally {
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
