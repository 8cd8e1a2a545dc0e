import type { JobResult, JobStatus } from './job';

/** A thread's final status in a run report (SPEC §3 `--json`). */
export type ThreadStatus = JobStatus | 'resolved' | 'conflict' | 'rejected';

/** A thread's state as views show it, during and after a run. */
export type ThreadRunState = 'queued' | 'running' | 'awaitingReview' | ThreadStatus;

export const THREAD_STATUSES: readonly ThreadStatus[] = ['resolved', 'fixed', 'failed', 'timeout', 'skipped', 'cancelled', 'conflict', 'rejected'];

/** What the review host holds for a thread after the run tried to write it. */
export interface WriteState {
  readonly replied: boolean;
  readonly resolved: boolean;
  /** Everything asked was done. */
  readonly ok: boolean;
  readonly error?: string;
}

/** The reviewer's word on a fixed thread's changes. */
export type ReviewDecision = 'pending' | 'accepted' | 'rejected';

/** How a kept fix fared when it was brought onto the user's branch. */
export type Landing =
  | { readonly kind: 'integrated' }
  | { readonly kind: 'conflict'; readonly error: string; readonly patch?: string };

/** What a run knows about one thread, from which its status is derived. */
export interface ThreadFacts {
  /** While the fix stage runs. */
  readonly live?: 'queued' | 'running';
  readonly job?: JobResult;
  readonly review?: ReviewDecision;
  /** Where a rejected fix's changes were saved. */
  readonly rejectedPatch?: string;
  readonly landing?: Landing;
  /** The commit on the user's branch that holds the thread's fix, once committed. */
  readonly commit?: string;
  readonly write?: WriteState;
}

/**
 * The one place a thread's state is derived. A job that did not end `fixed` keeps its own
 * status. A fixed thread is `resolved` once the review host holds it resolved and every
 * write asked for it went through, `failed` when a write failed (the report says what the
 * host holds), else `fixed`.
 */
export function threadState(facts: ThreadFacts): ThreadRunState | undefined {
  const { job, write } = facts;
  if (!job) return facts.live;
  if (job.status !== 'fixed') return job.status;
  if (facts.review === 'pending') return 'awaitingReview';
  if (facts.review === 'rejected') return 'rejected';
  if (facts.landing?.kind === 'conflict') return 'conflict';
  if (!write) return 'fixed';
  if (!write.ok) return 'failed';
  return write.resolved ? 'resolved' : 'fixed';
}

/** The reason shown for a thread's state: the job's, the integration's, else the write's. */
export function threadError(facts: ThreadFacts): string | undefined {
  if (facts.job && facts.job.status !== 'fixed') return facts.job.error;
  if (facts.review === 'rejected') return 'rejected in review';
  if (facts.landing?.kind === 'conflict') return facts.landing.error;
  if (facts.write && !facts.write.ok) return facts.write.error;
  return undefined;
}

/** Where a fix that did not land was saved, if it was. */
export function threadPatch(facts: ThreadFacts): string | undefined {
  if (facts.landing?.kind === 'conflict') return facts.landing.patch;
  return facts.rejectedPatch ?? facts.job?.fix?.patch;
}

/** States that end a thread's part in a run without its fix landing through a fault. */
const FAILURES: ReadonlySet<ThreadRunState> = new Set(['failed', 'timeout', 'conflict']);

/** True for a state that makes `prt run` exit 1 (its fix, or its reply or resolve, failed). */
export function isFailedState(state: ThreadRunState | undefined): boolean {
  return state !== undefined && FAILURES.has(state);
}

/** True once a thread's part in the run is over (not queued, running, or awaiting review). */
export function isSettledState(state: ThreadRunState | undefined): boolean {
  return state !== undefined && state !== 'queued' && state !== 'running' && state !== 'awaitingReview';
}

/** How each state is named to people, written once for every front end. */
export const STATE_LABELS: Readonly<Record<ThreadRunState, string>> = {
  queued: 'queued',
  running: 'running',
  awaitingReview: 'awaiting review',
  fixed: 'fixed',
  resolved: 'resolved',
  failed: 'failed',
  timeout: 'timed out',
  skipped: 'skipped',
  cancelled: 'cancelled',
  conflict: 'conflict',
  rejected: 'rejected',
};
