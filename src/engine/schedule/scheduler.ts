import type { LimitFunction } from 'p-limit' with { 'resolution-mode': 'import' };
import { sleep as abortableSleep } from '../../common/abort';
import { BugIndicatingError, UserFacingError, isCancellationError } from '../../common/errors';
import { Emitter } from '../../common/event';
import { Disposable, toDisposable } from '../../common/lifecycle';
import { MAX_TIMER_MS, MAX_TIMER_TEXT } from '../../common/timers';
import { FileLocks } from './fileLock';
import { formatHaltPolicy, shouldHalt } from '../../model/haltPolicy';
import { DEFAULT_MAX_RETRY_DELAY_MS, backoffDelay } from './retry';
import { AttemptOutcome, JobOutputEvent, JobQueuedEvent, JobRetriedEvent, JobStartedEvent, RunResult, SchedulerClock, SchedulerJob, SchedulerLane, SchedulerOptions } from './schedulerTypes';
import type { JobResult } from '../../model/job';
import { attemptRecord, jobResult, notStartedResult, type AbortCause, type AttemptRecord } from './attemptRecord';

export type {
  AttemptContext,
  AttemptOutcome,
  JobOutputEvent,
  JobQueuedEvent,
  JobRetriedEvent,
  JobStartedEvent,
  OutputStream,
  RunResult,
  SchedulerClock,
  SchedulerJob,
  SchedulerLane,
  SchedulerOptions,
} from './schedulerTypes';
export { describeExit } from './schedulerTypes';

const systemClock: SchedulerClock = {
  now: () => Date.now(),
  sleep: abortableSleep,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs lanes of jobs: lanes in parallel, each lane's jobs in order, at most
 * `maxConcurrency` jobs at once (p-limit), never two jobs on the same file at once, with
 * retries, per-attempt timeout, a halt policy and cancellation. Single use: `run()` once.
 *
 * Deadlock freedom: a job takes its file lock first and a concurrency slot second, and
 * holds at most one of each; a slot holder waits for nothing but its own job, so it always
 * frees the slot, and a lock holder waits only for a slot. Lanes wait for their own
 * previous job, which holds nothing once finished. No cycle of waits can form.
 */
export class Scheduler extends Disposable {
  private readonly _onDidQueueJob = this._register(new Emitter<JobQueuedEvent>());
  /** Fires for every job, in plan order, when `run()` starts. */
  readonly onDidQueueJob = this._onDidQueueJob.event;

  private readonly _onDidStartJob = this._register(new Emitter<JobStartedEvent>());
  /** Fires when an attempt starts (once per attempt). */
  readonly onDidStartJob = this._onDidStartJob.event;

  private readonly _onDidOutputJob = this._register(new Emitter<JobOutputEvent>());
  /** Fires for each chunk of output an attempt reports. */
  readonly onDidOutputJob = this._onDidOutputJob.event;

  private readonly _onDidRetryJob = this._register(new Emitter<JobRetriedEvent>());
  /** Fires when an attempt failed and another one is scheduled, before the backoff wait. */
  readonly onDidRetryJob = this._onDidRetryJob.event;

  private readonly _onDidFinishJob = this._register(new Emitter<JobResult>());
  /** Fires once per job with its final result, also for skipped and cancelled jobs. */
  readonly onDidFinishJob = this._onDidFinishJob.event;

  private readonly _onDidFinishRun = this._register(new Emitter<RunResult>());
  /** Fires once when every job has a result, just before `run()` resolves. */
  readonly onDidFinishRun = this._onDidFinishRun.event;

  private readonly _clock: SchedulerClock;
  private readonly _total: number;
  private _ran = false;
  private _failed = 0;
  private _halted: { reason: string; failed: number } | undefined;
  private _cancelled = false;
  /** Aborts on halt (soon or now) and cancel: nothing new starts, backoff waits end. */
  private readonly _noNewStarts = new AbortController();
  /** Aborts on `halt now` and cancel: running attempts abort. */
  private readonly _killRunning = new AbortController();
  private _killCause: AbortCause = 'cancelled';

  /**
   * @throws UserFacingError when the options are out of range.
   * @throws BugIndicatingError when a thread id appears twice.
   */
  constructor(
    private readonly _lanes: readonly SchedulerLane[],
    private readonly _options: Readonly<SchedulerOptions>,
    clock: Partial<SchedulerClock> = {},
  ) {
    super();
    this._clock = { ...systemClock, ...clock };
    const { maxConcurrency, retries, retryDelayMs, timeoutMs } = _options;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
      throw new UserFacingError(`the number of jobs at once must be a whole number of at least 1 (got ${maxConcurrency})`);
    }
    if (!Number.isInteger(retries) || retries < 0) {
      throw new UserFacingError(`retries must be a whole number of at least 0 (got ${retries})`);
    }
    if (!(retryDelayMs >= 0)) throw new UserFacingError(`the retry delay must be at least 0 ms (got ${retryDelayMs})`);
    if (timeoutMs !== undefined && !(timeoutMs > 0)) {
      throw new UserFacingError(`the job timeout must be more than 0 ms (got ${timeoutMs})`);
    }
    if (timeoutMs !== undefined && timeoutMs > MAX_TIMER_MS) {
      // Node would fire a longer timer at once and every job would "time out" on start.
      throw new UserFacingError(`the job timeout must be at most ${MAX_TIMER_TEXT} (got ${timeoutMs} ms)`);
    }
    const ids = new Set<string>();
    for (const lane of _lanes) {
      for (const job of lane.jobs) {
        if (ids.has(job.threadId)) throw new BugIndicatingError(`thread ${job.threadId} is planned twice`);
        ids.add(job.threadId);
      }
    }
    this._total = ids.size;
    // Disposing the owner mid-run must not leave attempts (and their processes) running.
    this._register(toDisposable(() => this._cancel()));
  }

  /**
   * Runs every job once (plus retries) and reports each one's result.
   * Never rejects for job failures, halts or cancellation.
   * @throws BugIndicatingError when called twice.
   */
  async run(): Promise<RunResult> {
    if (this._ran) throw new BugIndicatingError('Scheduler.run() is single use');
    this._ran = true;
    // p-limit is ESM-only; esbuild bundles this import, tsc sees it as the ESM it is.
    const { default: pLimit } = await import('p-limit');
    const limit = pLimit(this._options.maxConcurrency);
    const locks = new FileLocks();

    const external = this._options.signal;
    const onCancel = () => this._cancel();
    if (external?.aborted) this._cancel();
    else external?.addEventListener('abort', onCancel, { once: true });

    const startedAt = this._clock.now();
    for (const lane of this._lanes) {
      for (const job of lane.jobs) this._onDidQueueJob.fire({ threadId: job.threadId, lane: lane.name });
    }
    try {
      const perLane = await Promise.all(this._lanes.map((lane) => this._runLane(lane, limit, locks)));
      const results = perLane.flat();
      const wallMs = Math.max(0, this._clock.now() - startedAt);
      const sumMs = results.reduce((sum, r) => sum + r.durationMs, 0);
      const run: RunResult = {
        results,
        wallMs,
        sumMs,
        speedup: wallMs > 0 ? sumMs / wallMs : 0,
        ...(this._halted ? { halted: { ...this._halted } } : {}),
        cancelled: this._cancelled,
      };
      this._onDidFinishRun.fire(run);
      return run;
    } finally {
      external?.removeEventListener('abort', onCancel);
    }
  }

  private _cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    this._noNewStarts.abort();
    if (!this._killRunning.signal.aborted) {
      this._killCause = 'cancelled';
      this._killRunning.abort();
    }
  }

  private async _runLane(lane: SchedulerLane, limit: LimitFunction, locks: FileLocks): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const job of lane.jobs) {
      results.push(await this._runJob(lane.name, job, limit, locks));
    }
    return results;
  }

  private async _runJob(lane: string, job: SchedulerJob, limit: LimitFunction, locks: FileLocks): Promise<JobResult> {
    if (this._noNewStarts.signal.aborted) return this._finish(this._notStarted(lane, job));
    // File lock before the slot: a job waiting for its file never holds a slot. A job
    // without a file (isolated in its own worktree) needs no lock.
    const release = job.file === undefined ? () => undefined : await locks.acquire(job.file);
    try {
      return this._finish(await this._attempts(lane, job, limit));
    } finally {
      release();
    }
  }

  private async _attempts(lane: string, job: SchedulerJob, limit: LimitFunction): Promise<JobResult> {
    const maxAttempts = 1 + this._options.retries;
    let last: AttemptRecord | undefined;
    let firstStart: number | null = null;
    for (let attempt = 1; ; attempt++) {
      // Checked inside the slot, right before starting, so a halt or cancel that came
      // while this job waited for its file or a slot starts nothing new.
      const record = await limit(() =>
        this._noNewStarts.signal.aborted ? undefined : this._attempt(lane, job, attempt),
      );
      if (!record) {
        return last ? this._stoppedBetweenAttempts(lane, job, last, firstStart!) : this._notStarted(lane, job);
      }
      firstStart ??= record.startedAt;
      last = record;
      const final = record.status === 'fixed' || record.status === 'cancelled';
      if (final || attempt >= maxAttempts || !record.retryable || this._noNewStarts.signal.aborted) {
        return this._result(lane, job, record, firstStart);
      }
      const delayMs = backoffDelay(attempt, this._options.retryDelayMs, this._options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS);
      this._onDidRetryJob.fire({ threadId: job.threadId, lane, attempt: attempt + 1, delayMs, error: record.error ?? record.status });
      try {
        await this._clock.sleep(delayMs, this._noNewStarts.signal);
      } catch (e) {
        if (!isCancellationError(e)) throw e;
        return this._stoppedBetweenAttempts(lane, job, record, firstStart);
      }
    }
  }

  private async _attempt(lane: string, job: SchedulerJob, attempt: number): Promise<AttemptRecord> {
    const startedAt = this._clock.now();
    const controller = new AbortController();
    let cause: AbortCause | undefined;
    const abort = (why: AbortCause) => {
      if (cause) return;
      cause = why;
      controller.abort();
    };
    const onKill = () => abort(this._killCause);
    this._killRunning.signal.addEventListener('abort', onKill, { once: true });
    const { timeoutMs } = this._options;
    const timer = timeoutMs === undefined ? undefined : this._clock.setTimeout(() => abort('timeout'), timeoutMs);
    this._onDidStartJob.fire({ threadId: job.threadId, lane, attempt, startedAt });

    let outcome: AttemptOutcome | undefined;
    let thrown: unknown;
    let threw = false;
    try {
      outcome = await job.run({
        attempt,
        signal: controller.signal,
        lane,
        onOutput: (stream, chunk) =>
          this._onDidOutputJob.fire({ threadId: job.threadId, lane, attempt, stream, chunk }),
      });
    } catch (e) {
      threw = true;
      thrown = e;
    } finally {
      if (timer !== undefined) this._clock.clearTimeout(timer);
      this._killRunning.signal.removeEventListener('abort', onKill);
    }
    const endedAt = Math.max(startedAt, this._clock.now());
    return attemptRecord({ attempt, startedAt, endedAt, cause, timeoutMs }, threw ? { thrown } : { outcome });
  }

  /** Halted or cancelled while waiting to retry: the last attempt's failure stands, unless cancelled. */
  private _stoppedBetweenAttempts(lane: string, job: SchedulerJob, last: AttemptRecord, firstStart: number): JobResult {
    const stopped: AttemptRecord = this._cancelled ? { ...last, status: 'cancelled', error: 'cancelled' } : last;
    return this._result(lane, job, stopped, firstStart);
  }

  private _result(lane: string, job: SchedulerJob, record: AttemptRecord, firstStart: number): JobResult {
    return jobResult(lane, job, record, firstStart);
  }

  private _notStarted(lane: string, job: SchedulerJob): JobResult {
    return notStartedResult(lane, job, this._cancelled ? 'cancelled' : { haltedAfter: this._halted?.failed ?? 0 });
  }

  /** Counts the failure, applies the halt policy, then reports the job. */
  private _finish(result: JobResult): JobResult {
    if (result.status === 'failed' || result.status === 'timeout') {
      this._failed++;
      const { halt } = this._options;
      if (!this._halted && !this._cancelled && shouldHalt(halt, this._failed, this._total)) {
        this._halted = { reason: `${this._failed} failed (halt ${formatHaltPolicy(halt)})`, failed: this._failed };
        this._noNewStarts.abort();
        if (halt.when === 'now' && !this._killRunning.signal.aborted) {
          this._killCause = 'halted';
          this._killRunning.abort();
        }
      }
    }
    this._onDidFinishJob.fire(result);
    return result;
  }
}
