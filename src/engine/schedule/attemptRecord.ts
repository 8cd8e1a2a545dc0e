import { isCancellationError, oneLine } from '../../common/errors';
import type { AgentReport, FixRecord, JobResult, JobStatus } from '../../model/job';
import { describeExit, type AttemptOutcome, type SchedulerJob } from './schedulerTypes';

/** Why a running attempt's signal aborted. */
export type AbortCause = 'timeout' | 'halted' | 'cancelled';

/** One attempt of a job, settled. */
export interface AttemptRecord {
  readonly attempt: number;
  readonly status: 'fixed' | 'failed' | 'timeout' | 'cancelled';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly error?: string;
  readonly output?: string;
  readonly fix?: FixRecord;
  readonly agent?: AgentReport;
  readonly retryable: boolean;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** What the scheduler knows of an attempt besides the job's own answer. */
export interface AttemptFrame {
  readonly attempt: number;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Why the attempt's signal aborted, if it did. */
  readonly cause: AbortCause | undefined;
  readonly timeoutMs: number | undefined;
}

/** The status of an attempt, from why its signal aborted and from what the job returned or threw. */
export function attemptRecord(frame: AttemptFrame, ended: { readonly outcome: AttemptOutcome | undefined } | { readonly thrown: unknown }): AttemptRecord {
  const outcome = 'outcome' in ended ? ended.outcome : undefined;
  const base = {
    attempt: frame.attempt,
    exitCode: outcome?.exitCode ?? null,
    signal: outcome?.signal ?? null,
    ...(outcome?.output !== undefined ? { output: outcome.output } : {}),
    ...(outcome?.fix !== undefined ? { fix: outcome.fix } : {}),
    ...(outcome?.agent !== undefined ? { agent: outcome.agent } : {}),
    startedAt: frame.startedAt,
    endedAt: frame.endedAt,
  };
  // Once the attempt's signal aborted, why it aborted decides the status, whatever the
  // job made of it (a killed command often just reports a signal).
  if (frame.cause === 'timeout') {
    return { ...base, status: 'timeout', error: `timed out after ${formatMs(frame.timeoutMs ?? 0)}`, retryable: true };
  }
  if (frame.cause === 'halted') return { ...base, status: 'cancelled', error: 'halted', retryable: false };
  if (frame.cause === 'cancelled') return { ...base, status: 'cancelled', error: 'cancelled', retryable: false };
  if ('thrown' in ended) {
    // A cancellation the run did not cause (the runner's process registry was disposed at
    // shutdown, the job's own signal): still no failure, so it neither counts toward the
    // halt policy nor is retried nor shown as an error.
    if (isCancellationError(ended.thrown)) return { ...base, status: 'cancelled', error: 'cancelled', retryable: false };
    return { ...base, status: 'failed', error: oneLine(ended.thrown) || 'the job threw an error', retryable: false };
  }
  if (!outcome) {
    // A job function with a bug (plain JavaScript callers): a failed job, not a broken run.
    return { ...base, status: 'failed', error: 'the job reported no outcome', retryable: false };
  }
  if (outcome.ok) return { ...base, status: 'fixed', retryable: false };
  return {
    ...base,
    status: 'failed',
    error: outcome.error ?? describeExit(outcome.exitCode, outcome.signal),
    retryable: outcome.retryable ?? true,
  };
}

/** The job's result from its last attempt; its duration counts from its first. */
export function jobResult(lane: string, job: SchedulerJob, record: AttemptRecord, firstStart: number): JobResult {
  return {
    threadId: job.threadId,
    lane,
    status: record.status,
    attempts: record.attempt,
    exitCode: record.exitCode,
    signal: record.signal,
    startedAt: firstStart,
    durationMs: Math.max(0, record.endedAt - firstStart),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(record.output !== undefined ? { output: record.output } : {}),
    ...(record.fix !== undefined ? { fix: record.fix } : {}),
    ...(record.agent !== undefined ? { agent: record.agent } : {}),
    ...(job.command !== undefined ? { command: job.command } : {}),
  };
}

/** A job that never started: cancelled with the run, or skipped by a halt after that many failures. */
export function notStartedResult(lane: string, job: SchedulerJob, why: 'cancelled' | { readonly haltedAfter: number }): JobResult {
  const status: JobStatus = why === 'cancelled' ? 'cancelled' : 'skipped';
  return {
    threadId: job.threadId,
    lane,
    status,
    attempts: 0,
    exitCode: null,
    signal: null,
    startedAt: null,
    durationMs: 0,
    error: why === 'cancelled' ? 'cancelled' : `halted: ${why.haltedAfter} failed`,
    ...(job.command !== undefined ? { command: job.command } : {}),
  };
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
