import { plural } from '../../common/text';
import { JobResult, JobStatus } from '../../model/job';

/** A job among the slowest of a run. */
export interface SlowJob {
  readonly threadId: string;
  readonly durationMs: number;
  readonly status: JobStatus;
}

/** GitHub API calls a run made. */
export interface RequestCounts {
  readonly queries: number;
  readonly mutations: number;
}

/** How long a run took and how much parallelism bought. */
export interface TimingSummary {
  /** Wall-clock time of the whole run. */
  readonly wallMs: number;
  /** Sum of every job's duration: the time a serial run would have spent in jobs. */
  readonly sumMs: number;
  /** `sumMs / wallMs`; 0 when the wall time is 0. */
  readonly speedup: number;
  /** Mean duration over the jobs that started; 0 when none did. */
  readonly averageMs: number;
  /** The jobs that started, slowest first (at most 5; input order among equals). */
  readonly slowest: readonly SlowJob[];
  /** Jobs that started (at least one attempt). */
  readonly started: number;
  readonly counts: Readonly<Record<JobStatus, number>>;
  readonly requests: RequestCounts;
  /** What the AI fixers reported, added up (where they report it); absent when none ran. */
  readonly agents?: AgentTotals;
}

/** Tokens and cost of a run's AI fixer runs, as far as the fixers report them. */
export interface AgentTotals {
  /** Which fixers (claude, codex, a model's name). */
  readonly fixers: readonly string[];
  readonly runs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Undefined when no run reported a cost (Codex reports none). */
  readonly costUsd?: number;
}

function agentTotals(results: readonly JobResult[]): AgentTotals | undefined {
  const reports = results.flatMap((r) => (r.agent ? [r.agent] : []));
  if (reports.length === 0) return undefined;
  const costs = reports.flatMap((a) => (a.costUsd === undefined ? [] : [a.costUsd]));
  return {
    fixers: [...new Set(reports.map((a) => a.fixer))],
    runs: reports.length,
    inputTokens: reports.reduce((n, a) => n + (a.inputTokens ?? 0), 0),
    outputTokens: reports.reduce((n, a) => n + (a.outputTokens ?? 0), 0),
    ...(costs.length ? { costUsd: costs.reduce((n, c) => n + c, 0) } : {}),
  };
}

const SLOWEST = 5;
const STATUS_ORDER: readonly JobStatus[] = ['fixed', 'failed', 'timeout', 'cancelled', 'skipped'];
const STATUS_WORDS: Readonly<Record<JobStatus, string>> = {
  fixed: 'fixed',
  failed: 'failed',
  timeout: 'timed out',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

/** Timing figures of a run from its job results. */
export function summarize(
  results: readonly JobResult[],
  run: { readonly wallMs: number; readonly requests: RequestCounts },
): TimingSummary {
  const counts: Record<JobStatus, number> = { fixed: 0, failed: 0, timeout: 0, cancelled: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  const started = results.filter((r) => r.startedAt !== null || r.attempts > 0);
  const sumMs = results.reduce((sum, r) => sum + r.durationMs, 0);
  const slowest = started
    .map((r, index) => ({ r, index }))
    .sort((a, b) => b.r.durationMs - a.r.durationMs || a.index - b.index)
    .slice(0, SLOWEST)
    .map(({ r }) => ({ threadId: r.threadId, durationMs: r.durationMs, status: r.status }));
  return {
    wallMs: run.wallMs,
    sumMs,
    speedup: run.wallMs > 0 ? sumMs / run.wallMs : 0,
    averageMs: started.length > 0 ? started.reduce((sum, r) => sum + r.durationMs, 0) / started.length : 0,
    slowest,
    started: started.length,
    counts,
    requests: { queries: run.requests.queries, mutations: run.requests.mutations },
    ...(agentTotals(results) ? { agents: agentTotals(results) } : {}),
  };
}

/**
 * A duration for people: `840 ms`, `1.25 s`, `12.4 s`, `2 m 05 s`, `1 h 02 m`.
 * Rounding never yields `1000 ms` or `60.0 s`: such values move up a unit.
 */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (Math.round(value) < 1000) return `${Math.round(value)} ms`;
  const seconds = value / 1000;
  if (Number(seconds.toFixed(2)) < 10) return `${seconds.toFixed(2)} s`;
  if (Number(seconds.toFixed(1)) < 60) return `${seconds.toFixed(1)} s`;
  const totalSeconds = Math.round(seconds);
  if (totalSeconds < 3600) {
    return `${Math.floor(totalSeconds / 60)} m ${String(totalSeconds % 60).padStart(2, '0')} s`;
  }
  const totalMinutes = Math.round(seconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${String(totalMinutes % 60).padStart(2, '0')} m`;
}

/**
 * The summary as lines for an output channel or a terminal:
 * ```
 * Wall 12.4 s · jobs 38.1 s · speedup 3.07× · avg 1.00 s/thread
 * Slowest: src/a.ts:12 5.20 s (fixed), src/b.ts:3 4.10 s (failed)
 * Jobs: fixed 37, failed 2, timed out 1
 * GitHub requests: 5 queries, 4 mutations
 * ```
 * `threadLabel` names a thread (e.g. `path:line`); the id is used without it. The Slowest
 * line is left out when no job started.
 */
export function formatSummary(
  summary: TimingSummary,
  options: { readonly threadLabel?: (threadId: string) => string } = {},
): string[] {
  const label = (id: string) => oneLineText(options.threadLabel?.(id) ?? id);
  const speedup = summary.wallMs > 0 ? `${summary.speedup.toFixed(2)}×` : '–';
  const lines = [
    `Wall ${formatDuration(summary.wallMs)} · jobs ${formatDuration(summary.sumMs)} · ` +
      `speedup ${speedup} · avg ${formatDuration(summary.averageMs)}/thread`,
  ];
  if (summary.slowest.length > 0) {
    const jobs = summary.slowest.map((j) => `${label(j.threadId)} ${formatDuration(j.durationMs)} (${STATUS_WORDS[j.status]})`);
    lines.push(`Slowest: ${jobs.join(', ')}`);
  }
  // Fixed and failed are always named (a zero there is news); the rest only when they happened.
  const counts = STATUS_ORDER.filter((s) => s === 'fixed' || s === 'failed' || summary.counts[s] > 0).map(
    (s) => `${STATUS_WORDS[s]} ${summary.counts[s]}`,
  );
  // The jobs' own outcomes: a fixed job may still not land (conflict, rejected), which the run says apart.
  lines.push(`Jobs: ${counts.join(', ')}`);
  const a = summary.agents;
  if (a) {
    const cost = a.costUsd === undefined ? '' : `, $${a.costUsd.toFixed(2)} as reported`;
    lines.push(`Agents (${oneLineText(a.fixers.join(', '))}): ${plural(a.runs, 'run')}, ${a.inputTokens.toLocaleString('en-US')} tokens in, ${a.outputTokens.toLocaleString('en-US')} out${cost}`);
  }
  const { queries, mutations } = summary.requests;
  lines.push(`GitHub requests: ${plural(queries, 'query', 'queries')}, ${plural(mutations, 'mutation', 'mutations')}`);
  return lines;
}


/** Labels hold thread paths (hostile text): keep each on one line. */
function oneLineText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ');
}
