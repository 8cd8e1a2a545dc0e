import { HaltPolicy } from '../../model/haltPolicy';
import { AgentReport, FixRecord, JobResult } from '../../model/job';

export type OutputStream = 'stdout' | 'stderr';

/** What one attempt of a job is given. */
export interface AttemptContext {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Aborts on timeout, on `halt now` and on cancel; the job must then end promptly. */
  readonly signal: AbortSignal;
  readonly lane: string;
  readonly onOutput: (stream: OutputStream, chunk: string) => void;
}

/** How one attempt ended, as the job function reports it. */
export interface AttemptOutcome {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** One-line reason when `!ok`. */
  readonly error?: string;
  /** Captured output tail. */
  readonly output?: string;
  /** Whether a failure is worth another attempt; defaults to true when `!ok`. */
  readonly retryable?: boolean;
  /** What the attempt changed, where the job isolates its work (the last attempt's counts). */
  readonly fix?: FixRecord;
  /** What an AI fixer reported. */
  readonly agent?: AgentReport;
  /**
   * The attempt counts only when it changed a file (an AI fixer's claim of success is not
   * enough); the isolated job checks it after the attempt.
   */
  readonly mustChange?: boolean;
}

/** One thread's job. */
export interface SchedulerJob {
  readonly threadId: string;
  /**
   * Repository-relative normalized path; two jobs on the same file never run at once.
   * Undefined for a job that works in a worktree of its own: it needs no such lock.
   */
  readonly file?: string;
  /** What runs, for logs and the joblog. */
  readonly command?: string;
  /**
   * Runs one attempt. Transient failures are reported as `{ ok: false }` and retried;
   * a throw counts as a failed attempt that is not retried (a bug or a definite failure),
   * except a CancellationError the run did not cause, which ends the job cancelled.
   * After `ctx.signal` aborts it must settle promptly: the scheduler waits for it.
   */
  readonly run: (ctx: AttemptContext) => Promise<AttemptOutcome>;
}

export interface SchedulerLane {
  readonly name: string;
  /** Run one at a time, in this order. */
  readonly jobs: readonly SchedulerJob[];
}

export interface SchedulerOptions {
  /** J: jobs running at once over all lanes (at least 1). */
  readonly maxConcurrency: number;
  /** Extra attempts after the first. */
  readonly retries: number;
  /** Wait before the 2nd attempt; doubles for each further one. */
  readonly retryDelayMs: number;
  /** Cap of the backoff; default 60 s. */
  readonly maxRetryDelayMs?: number;
  /** Per attempt; the attempt's signal aborts when it is exceeded. */
  readonly timeoutMs?: number;
  readonly halt: HaltPolicy;
  /** Cancels the run: running attempts abort, nothing new starts. */
  readonly signal?: AbortSignal;
}

/** Time source and timers; tests inject fakes so that nothing depends on the wall clock. */
export interface SchedulerClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with a cancellation error as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface JobQueuedEvent {
  readonly threadId: string;
  readonly lane: string;
}

export interface JobStartedEvent {
  readonly threadId: string;
  readonly lane: string;
  readonly attempt: number;
  /** Epoch ms. */
  readonly startedAt: number;
}

export interface JobOutputEvent {
  readonly threadId: string;
  readonly lane: string;
  readonly attempt: number;
  readonly stream: OutputStream;
  readonly chunk: string;
}

export interface JobRetriedEvent {
  readonly threadId: string;
  readonly lane: string;
  /** The attempt about to be made after the delay. */
  readonly attempt: number;
  readonly delayMs: number;
  /** Why the previous attempt failed. */
  readonly error: string;
}

export interface RunResult {
  /** One per job, in plan order (lane by lane). */
  readonly results: readonly JobResult[];
  readonly wallMs: number;
  /** Sum of the jobs' durations. */
  readonly sumMs: number;
  /** `sumMs / wallMs`; 0 when nothing took time. */
  readonly speedup: number;
  /** Set when the halt policy stopped the run. */
  readonly halted?: { readonly reason: string; readonly failed: number };
  /** True when the run's signal aborted; cancellation is not an error. */
  readonly cancelled: boolean;
}

/** `exit code 3`, `killed by SIGTERM`, for failures the job did not explain. */
export function describeExit(exitCode: number | null, signal: string | null): string {
  if (signal) return `killed by ${signal}`;
  if (exitCode !== null) return `exit code ${exitCode}`;
  return 'failed';
}
