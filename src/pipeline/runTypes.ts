import { PlanStrategy } from '../model/plan';
import { TimingSummary } from '../engine/report/summary';
import { HaltPolicy } from '../engine/schedule/haltPolicy';

/** Pipeline steps, in order (SPEC §1). */
export type RunStage = 'fetch' | 'plan' | 'fix' | 'verify' | 'commit' | 'push' | 'resolve' | 'done';

/** A thread's final status in a run report. */
export type ThreadReportStatus = 'resolved' | 'fixed' | 'failed' | 'timeout' | 'skipped' | 'cancelled';

/** One thread in the run report (SPEC §3 `--json`). */
export interface ThreadReport {
  readonly id: string;
  readonly worker: string;
  readonly status: ThreadReportStatus;
  readonly attempts: number;
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}

/** What a job would do, for `--dry-run`. */
export interface PlannedJob {
  readonly threadId: string;
  readonly worker: string;
  readonly path: string;
  readonly line: number | null;
  /** Will apply the thread's suggestion block. */
  readonly applySuggestion: boolean;
  /** The command line after placeholder substitution, when a command is set. */
  readonly command?: string;
  /** Why nothing will run for it, if so. */
  readonly skipReason?: string;
}

/** The whole run's outcome; the CLI's `--json` output is this minus `summary`/`planned`. */
export interface RunReport {
  readonly threads: readonly ThreadReport[];
  readonly wallMs: number;
  readonly sumMs: number;
  readonly speedup: number;
  readonly requests: { readonly queries: number; readonly mutations: number };
  readonly summary: TimingSummary;
  readonly verify?: { readonly ok: boolean; readonly exitCode: number | null; readonly output: string; readonly durationMs: number };
  readonly commit?: { readonly sha: string } | { readonly sha: null; readonly reason: string };
  readonly pushed?: boolean;
  /** Why the resolve step did not happen, when it did not. */
  readonly notResolvedBecause?: string;
  readonly halted?: string;
  readonly cancelled: boolean;
  readonly dryRun: boolean;
  readonly planned: readonly PlannedJob[];
}

/** Everything that shapes a run; front ends fill it from flags or settings. */
export interface RunOptions {
  readonly workers: number;
  readonly strategy: PlanStrategy;
  /** J: jobs at once over all lanes. */
  readonly maxConcurrency: number;
  /** Run per thread with `sh -c` in the repository root; placeholders are shell-quoted. */
  readonly command?: string;
  readonly applySuggestions: boolean;
  readonly verifyCommand?: string;
  /** Reply text; `{sha}` is the fix commit's short sha. */
  readonly replyTemplate: string;
  /** Reply to and resolve the fixed threads. */
  readonly resolve: boolean;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly halt: HaltPolicy;
  readonly timeoutMs?: number;
  readonly commit: boolean;
  readonly commitMessage?: string;
  readonly push: boolean;
  readonly batchSize: number;
  readonly writeIntervalMs: number;
  readonly dryRun: boolean;
  /** GNU parallel joblog file. */
  readonly joblogPath?: string;
  /** Rerun only the threads whose joblog rows failed, plus those not in the log. */
  readonly resumeFailed: boolean;
}
