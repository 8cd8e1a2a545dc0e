import type { RequestCounts } from '../engine/ports';
import type { PlannedJob } from '../engine/fix/threadJob';
import { summarize, type TimingSummary } from '../engine/report/summary';
import { summaryLine } from '../engine/fix/text';
import type { JobResult, ThreadChanges } from '../model/job';
import type { NotResolvedReason } from '../model/outcome';
import type { ThreadRunState, ThreadStatus, WriteState } from '../model/status';

/** One thread in the run report (SPEC §3 `--json`). */
export interface ThreadReport {
  readonly id: string;
  readonly worker: string;
  readonly status: ThreadStatus;
  readonly attempts: number;
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  /** What GitHub holds: the reply is posted. */
  readonly replied: boolean;
  /** What GitHub holds: the thread is resolved. */
  readonly resolved: boolean;
  readonly changes: ThreadChanges | null;
  /** The commit holding the thread's fix, when one was made. */
  readonly commit: string | null;
  /** Where a fix that did not land was saved. */
  readonly patch: string | null;
  /** What the AI fixer reported, when one ran: the first line of its final message, tokens, cost. */
  readonly agent?: { readonly fixer: string; readonly summary: string; readonly inputTokens?: number; readonly outputTokens?: number; readonly costUsd?: number };
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly output: string;
  readonly durationMs: number;
}

/** The whole run's outcome; `--json` prints it without `summary` and `planned`. */
export interface RunReport {
  readonly threads: readonly ThreadReport[];
  /** The whole run, GitHub reads and writes included. */
  readonly wallMs: number;
  /** Sum of the jobs' durations. */
  readonly sumMs: number;
  /** `sumMs / wallMs` of this report. */
  readonly speedup: number;
  readonly requests: RequestCounts;
  readonly summary: TimingSummary;
  readonly verify?: VerifyReport;
  /** The fix commit, when one was made. */
  readonly commit?: string;
  readonly pushed?: boolean;
  /** Why fixed threads were not (all) resolved. */
  readonly notResolved?: NotResolvedReason;
  /** Why the halt policy stopped the run. */
  readonly halted?: string;
  readonly cancelled: boolean;
  readonly dryRun: boolean;
  readonly planned: readonly PlannedJob[];
  /** The run could not go on (configuration, auth, network): one line, exit 2. */
  readonly error?: string;
}

/** What the report reads per thread; the Run provides it. */
export interface ThreadFactsView {
  state(id: string): ThreadRunState | undefined;
  error(id: string): string | undefined;
  result(id: string): JobResult | undefined;
  written(id: string): WriteState | undefined;
  commit(id: string): string | undefined;
  patch(id: string): string | undefined;
}

export interface ReportInput {
  /** Thread ids in plan order, with their lane. */
  readonly order: readonly { readonly id: string; readonly worker: string }[];
  readonly facts: ThreadFactsView;
  readonly wallMs: number;
  readonly requests: RequestCounts;
  readonly planned: readonly PlannedJob[];
  /** Per thread: the commit holding its fix. */
  readonly commits?: ReadonlyMap<string, string>;
  readonly outcome: Omit<RunReport, 'threads' | 'wallMs' | 'sumMs' | 'speedup' | 'requests' | 'summary' | 'planned' | 'cancelled' | 'dryRun'> &
    Partial<Pick<RunReport, 'cancelled' | 'dryRun'>>;
}

/** A settled state as a report status; a thread that never got one counts as skipped. */
function reportStatus(state: ThreadRunState | undefined): ThreadStatus {
  return state === undefined || state === 'queued' || state === 'running' || state === 'awaitingReview' ? 'skipped' : state;
}

/** Builds the run report from what the Run holds; every status comes from `threadState`. */
export function buildReport(input: ReportInput): RunReport {
  const results = input.order.flatMap(({ id }) => {
    const r = input.facts.result(id);
    return r ? [r] : [];
  });
  const summary = summarize(results, { wallMs: input.wallMs, requests: input.requests });
  const threads = input.order.map(({ id, worker }): ThreadReport => {
    const job = input.facts.result(id);
    const write = input.facts.written(id);
    return {
      id,
      worker,
      status: reportStatus(input.facts.state(id)),
      attempts: job?.attempts ?? 0,
      exitCode: job?.exitCode ?? null,
      durationMs: job?.durationMs ?? 0,
      error: input.facts.error(id) ?? null,
      replied: write?.replied ?? false,
      resolved: write?.resolved ?? false,
      changes: job?.fix ? job.fix.changes : null,
      commit: input.facts.commit(id) ?? input.commits?.get(id) ?? null,
      patch: input.facts.patch(id) ?? null,
      ...(job?.agent
        ? { agent: { fixer: job.agent.fixer, summary: summaryLine(job.agent.message), inputTokens: job.agent.inputTokens, outputTokens: job.agent.outputTokens, costUsd: job.agent.costUsd } }
        : {}),
    };
  });
  return {
    ...input.outcome,
    threads,
    wallMs: input.wallMs,
    sumMs: summary.sumMs,
    speedup: summary.speedup,
    requests: input.requests,
    summary,
    planned: input.planned,
    cancelled: input.outcome.cancelled ?? false,
    dryRun: input.outcome.dryRun ?? false,
  };
}
