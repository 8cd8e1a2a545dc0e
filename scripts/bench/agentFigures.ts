// The agents figure (issue 9's benchmark): `prt run --agent claude` with the real Claude
// Code CLI (scripts/setup-agents.sh) on 12 threads against the test GitHub and a scripted
// Anthropic server whose every answer takes 2 s (one edit turn, then the final message), 4
// jobs at once against 1 at a time, measured side by side in one run: the speedup against
// the ideal 4×. Each run has a world of its own (test GitHub, repository, private HOME and
// worktree cache), removed afterwards.
import { claudeDriver } from '../../test/agents/agentDrivers';
import { AgentWorld, ThreadModel } from '../../test/agents/agentWorld';
import { maxOpen } from '../../test/agents/scripted';
import { availableParallelism } from 'node:os';
import { BenchError } from './benchError';
import { childrenCpuMs } from './cpuTime';
import { Figure, verdict } from './figureTable';
import type { Log } from './overheadFigures';
import { formatMs, formatRatio } from './stats';

export const AGENT_THREADS = 12;
export const AGENT_TURN_MS = 2_000;
const PARALLEL = 4;
/** Within 1.15× of the ideal 4× speedup. */
export const AGENT_TARGET = PARALLEL / 1.15;

interface AgentRunTimes {
  readonly jobs: number;
  /** From spawning `node dist/cli.js` to its exit. */
  readonly wallMs: number;
  /** The report's wallMs (the pipeline, without Node's start-up). */
  readonly reportWallMs: number;
  /** The most model requests open at one moment. */
  readonly open: number;
  /** The report's sum of job times. */
  readonly sumMs: number;
  /** User + system time of prt and the agents it ran (undefined without /proc). */
  readonly cpuMs: number | undefined;
}

/** A token per thread, all of one length (none is a prefix of another). */
function token(i: number): string {
  return `TASK-${String(i).padStart(3, '0')}`;
}

/**
 * One `prt run --agent claude --jobs J --commit-per-thread` on a fresh world of
 * `AGENT_THREADS` threads, each answered by two 2-second turns.
 * @throws BenchError when Claude Code is missing or a thread is not resolved.
 */
async function runOnce(jobs: number, log: Log): Promise<AgentRunTimes> {
  if (!claudeDriver.bin()) throw new BenchError('Claude Code is not installed in .cache/agents: run `bash scripts/setup-agents.sh`');
  const model = new ThreadModel(claudeDriver);
  const specs = Array.from({ length: AGENT_THREADS }, (_, i) => ({ token: token(i), path: `src/file${i}.ts` }));
  for (const s of specs) {
    model.on(s.token, [
      { delayMs: AGENT_TURN_MS, toolCalls: claudeDriver.edit(s.path, `export const value = 'old-${s.token}';`, `export const value = 'new-${s.token}';`) },
      { delayMs: AGENT_TURN_MS, text: `Renamed the value in ${s.path}.` },
    ]);
  }
  const world = await AgentWorld.create(claudeDriver, specs, model.script);
  try {
    log(`agents: prt run --agent claude on ${AGENT_THREADS} threads, --jobs ${jobs}, each turn of the model ${formatMs(AGENT_TURN_MS)}`);
    const cpu0 = childrenCpuMs();
    const started = performance.now();
    const r = await world.run(['--jobs', String(jobs), '--commit-per-thread']);
    const wallMs = performance.now() - started;
    const cpu1 = childrenCpuMs();
    const cpuMs = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
    let report: { threads: { status: string; error: string | null }[]; wallMs: number; sumMs: number };
    try {
      report = JSON.parse(r.stdout) as typeof report;
    } catch (e) {
      throw new BenchError(`prt run --agent claude --jobs ${jobs} printed no JSON report (exit ${r.code}): ${r.stderr.slice(-300)}`, { cause: e });
    }
    const other = report.threads.filter((t) => t.status !== 'resolved');
    if (r.code !== 0 || report.threads.length !== AGENT_THREADS || other.length > 0) {
      throw new BenchError(`prt run --agent claude --jobs ${jobs} exited ${r.code}: ${AGENT_THREADS - other.length} of ${AGENT_THREADS} resolved (first other: ${other[0]?.status ?? 'missing'} ${other[0]?.error ?? ''})`);
    }
    if (world.server.scriptErrors.length) throw new BenchError(`the scripted model failed: ${String(world.server.scriptErrors[0])}`);
    return { jobs, wallMs, reportWallMs: report.wallMs, sumMs: report.sumMs, open: maxOpen(world.server.requests), cpuMs };
  } finally {
    await world.dispose();
  }
}

/**
 * The figure: the 1-at-a-time wall over the 4-at-once wall (target ≥ 4/1.15). Both runs go
 * one after the other in the same bench run, the parallel one first (a warm start, if any,
 * helps the sequential one, never the figure).
 * @throws BenchError when a run cannot be made.
 */
export async function agentFigures(log: Log): Promise<Figure[]> {
  const parallel = await runOnce(PARALLEL, log);
  const sequential = await runOnce(1, log);
  const speedup = sequential.wallMs / parallel.wallMs;
  const modelFloor = 2 * AGENT_TURN_MS;
  const rounds = Math.ceil(AGENT_THREADS / PARALLEL);
  return [
    {
      name: `prt run --agent claude, ${AGENT_THREADS} threads, ${PARALLEL} at once vs 1`,
      measured: `${formatRatio(speedup)} faster (${formatMs(parallel.wallMs)} vs ${formatMs(sequential.wallMs)})`,
      target: `≥ ${AGENT_TARGET.toFixed(2)}× (within 1.15× of the ideal ${PARALLEL}×)`,
      verdict: verdict(speedup, '>=', AGENT_TARGET),
      notes: [
        `the real Claude Code per thread in its worktree, against a scripted Anthropic server answering each turn after ${formatMs(AGENT_TURN_MS)} (an edit, then the final message): at least ${formatMs(modelFloor)} a job; --commit-per-thread, every thread resolved in both`,
        `reports' wallMs ${formatMs(parallel.reportWallMs)} vs ${formatMs(sequential.reportWallMs)}; sum of job times ${formatMs(parallel.sumMs)} vs ${formatMs(sequential.sumMs)} (${formatMs(parallel.sumMs / AGENT_THREADS)} vs ${formatMs(sequential.sumMs / AGENT_THREADS)} a job); model requests open at once: ${parallel.open} vs ${sequential.open}`,
        `ideal with ${PARALLEL} at once: ${rounds} rounds of a job, ${formatMs((sequential.wallMs / AGENT_THREADS) * rounds)} at the sequential run's pace`,
        ...(parallel.cpuMs !== undefined && sequential.cpuMs !== undefined
          ? [`CPU time of prt and its agents: ${formatMs(parallel.cpuMs)} vs ${formatMs(sequential.cpuMs)} (${formatMs(sequential.cpuMs / AGENT_THREADS)} a job, mostly the agent CLI starting); ${PARALLEL} at once on ${availableParallelism()} cores share them`]
          : []),
      ],
    },
  ];
}
