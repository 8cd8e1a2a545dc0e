import { Emitter, Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import type { WriteWait } from '../engine/ports';
import type { JobOutputEvent, JobQueuedEvent, JobRetriedEvent, JobStartedEvent } from '../engine/schedule/schedulerTypes';
import type { JobResult } from '../model/job';
import type { Plan } from '../model/plan';
import type { PullRequestRef } from '../model/pullRequest';
import { isFailedState, isSettledState, threadError, threadPatch, threadState, type Landing, type ReviewDecision, type ThreadFacts, type ThreadRunState, type WriteState } from '../model/status';
import type { ReviewThread } from '../model/thread';
import type { RunReport } from './report';

/** Pipeline steps, in order (SPEC §1). */
export type RunStage = 'fetch' | 'plan' | 'prepare' | 'fix' | 'review' | 'integrate' | 'verify' | 'commit' | 'push' | 'resolve' | 'done';

export interface StageEvent {
  readonly stage: RunStage;
  /** One line on what the step does, e.g. `npm test` for verify. */
  readonly detail?: string;
}

/** What the review host holds for a thread after the run wrote it. */
export interface ThreadWrittenEvent extends WriteState {
  readonly threadId: string;
}

export interface RunCounts {
  /** Threads in the run. */
  readonly total: number;
  /** Threads whose part is over (whatever the outcome). */
  readonly done: number;
  readonly running: number;
  /** Failed, timed out or conflicted. */
  readonly failed: number;
  /** Skipped: nothing ran for them. */
  readonly skipped: number;
}

/** The pipeline's private side of a Run: the only way its state changes and its events fire. */
export interface RunSink {
  stage(e: StageEvent): void;
  /** The threads read from GitHub (all of them), the run's own threads and their plan. */
  planned(e: { readonly pullRequest: PullRequestRef; readonly fetched: readonly ReviewThread[]; readonly threads: readonly ReviewThread[]; readonly plan: Plan }): void;
  queued(e: JobQueuedEvent): void;
  started(e: JobStartedEvent): void;
  output(e: JobOutputEvent): void;
  retried(e: JobRetriedEvent): void;
  finished(e: JobResult): void;
  /** A fix awaits review (`pending`), or the reviewer kept or dropped it (with where its patch went). */
  reviewed(threadId: string, decision: ReviewDecision, patch?: string): void;
  /** A kept fix was integrated onto the user's branch, or conflicted. */
  landed(threadId: string, landing: Landing): void;
  /** The thread's fix is in this commit of the user's branch. */
  committed(threadId: string, commit: string): void;
  written(e: ThreadWrittenEvent): void;
  waiting(e: WriteWait): void;
  log(line: string): void;
  finish(report: RunReport): void;
}

/**
 * One run of the pipeline, and the only holder of its per-thread state: what each job did
 * and what GitHub holds for each thread. The CLI's progress bar and JSON report, the
 * extension's tree, notification, output channel and status bar all read this.
 */
export class Run extends Disposable {
  private readonly _onDidChangeStage = this._register(new Emitter<StageEvent>());
  /** Fires when the pipeline moves to another step. */
  readonly onDidChangeStage: Event<StageEvent> = this._onDidChangeStage.event;
  private readonly _onDidPlan = this._register(new Emitter<void>());
  /** Fires once the threads and the plan of this run are known (before any job starts). */
  readonly onDidPlan: Event<void> = this._onDidPlan.event;
  private readonly _onDidQueueJob = this._register(new Emitter<JobQueuedEvent>());
  /** Fires for each thread when the fix step starts. */
  readonly onDidQueueJob: Event<JobQueuedEvent> = this._onDidQueueJob.event;
  private readonly _onDidStartJob = this._register(new Emitter<JobStartedEvent>());
  /** Fires when an attempt of a job starts. */
  readonly onDidStartJob: Event<JobStartedEvent> = this._onDidStartJob.event;
  private readonly _onDidOutputJob = this._register(new Emitter<JobOutputEvent>());
  /** Fires for each chunk a job's command writes. */
  readonly onDidOutputJob: Event<JobOutputEvent> = this._onDidOutputJob.event;
  private readonly _onDidRetryJob = this._register(new Emitter<JobRetriedEvent>());
  /** Fires when a failed attempt will be retried after a backoff. */
  readonly onDidRetryJob: Event<JobRetriedEvent> = this._onDidRetryJob.event;
  private readonly _onDidFinishJob = this._register(new Emitter<JobResult>());
  /** Fires once per thread with its job's final result (skipped and cancelled included). */
  readonly onDidFinishJob: Event<JobResult> = this._onDidFinishJob.event;
  private readonly _onDidWriteThread = this._register(new Emitter<ThreadWrittenEvent>());
  /** Fires once per written thread with what GitHub holds for it. */
  readonly onDidWriteThread: Event<ThreadWrittenEvent> = this._onDidWriteThread.event;
  private readonly _onDidChangeThreads = this._register(new Emitter<readonly string[]>());
  /** Fires with the ids of threads whose state changed (any of the events above). */
  readonly onDidChangeThreads: Event<readonly string[]> = this._onDidChangeThreads.event;
  private readonly _onDidWait = this._register(new Emitter<WriteWait>());
  /** Fires before the write lane waits long enough for a person to notice. */
  readonly onDidWait: Event<WriteWait> = this._onDidWait.event;
  private readonly _onDidLog = this._register(new Emitter<string>());
  /** Fires with one-line notes of the pipeline (verify output, commit sha…). */
  readonly onDidLog: Event<string> = this._onDidLog.event;
  private readonly _onDidFinish = this._register(new Emitter<RunReport>());
  /** Fires once with the report when the run ended (also when stopped or failed). */
  readonly onDidFinish: Event<RunReport> = this._onDidFinish.event;

  private _stage: RunStage = 'fetch';
  private _pullRequest: PullRequestRef | undefined;
  private _fetched: readonly ReviewThread[] = [];
  private _threads: readonly ReviewThread[] = [];
  private _byId = new Map<string, ReviewThread>();
  private _plan: Plan = { strategy: 'by-file', lanes: [] };
  private readonly _facts = new Map<string, ThreadFacts>();
  private _report: RunReport | undefined;
  readonly startedAt = Date.now();

  get stage(): RunStage {
    return this._stage;
  }
  /** The run's own threads (the selection), in plan order once planned. */
  get threads(): readonly ReviewThread[] {
    return this._threads;
  }
  /** Every unresolved thread GitHub listed when the run started (fresher than any view's copy). */
  get fetched(): readonly ReviewThread[] {
    return this._fetched;
  }
  get plan(): Plan {
    return this._plan;
  }
  get pullRequest(): PullRequestRef | undefined {
    return this._pullRequest;
  }
  get report(): RunReport | undefined {
    return this._report;
  }
  get isFinished(): boolean {
    return this._report !== undefined;
  }

  thread(id: string): ReviewThread | undefined {
    return this._byId.get(id);
  }

  /** True when the thread is one of this run's. */
  has(id: string): boolean {
    return this._facts.has(id);
  }

  /** The thread's state, derived from what its job did and what GitHub holds. */
  state(id: string): ThreadRunState | undefined {
    const facts = this._facts.get(id);
    return facts && threadState(facts);
  }

  /** Why the thread is in its state, when it is not a success. */
  error(id: string): string | undefined {
    const facts = this._facts.get(id);
    return facts && threadError(facts);
  }

  /** The job's final result, once it has one. */
  result(id: string): JobResult | undefined {
    return this._facts.get(id)?.job;
  }

  /** What GitHub holds for the thread, once the run wrote it. */
  written(id: string): WriteState | undefined {
    return this._facts.get(id)?.write;
  }

  /** The commit of the user's branch that holds the thread's fix, once committed. */
  commit(id: string): string | undefined {
    return this._facts.get(id)?.commit;
  }

  /** Where a fix of the thread that did not land was saved. */
  patch(id: string): string | undefined {
    const facts = this._facts.get(id);
    return facts && threadPatch(facts);
  }

  /** Ids of the threads whose fixes await review. */
  get awaitingReview(): readonly string[] {
    return [...this._facts.keys()].filter((id) => this.state(id) === 'awaitingReview');
  }

  get counts(): RunCounts {
    let done = 0;
    let running = 0;
    let failed = 0;
    let skipped = 0;
    for (const id of this._facts.keys()) {
      const s = this.state(id);
      if (s === 'running') running++;
      if (isSettledState(s)) done++;
      if (isFailedState(s)) failed++;
      if (s === 'skipped') skipped++;
    }
    return { total: this._facts.size, done, running, failed, skipped };
  }

  private _update(id: string, change: Partial<ThreadFacts>): void {
    this._facts.set(id, { ...this._facts.get(id), ...change });
    this._onDidChangeThreads.fire([id]);
  }

  /** The sink the pipeline fires through; views never call it. */
  createSink(): RunSink {
    return {
      stage: (e) => {
        this._stage = e.stage;
        this._onDidChangeStage.fire(e);
      },
      planned: (e) => {
        this._pullRequest = e.pullRequest;
        this._fetched = e.fetched;
        this._threads = e.threads;
        this._byId = new Map(e.threads.map((t) => [t.id, t]));
        this._plan = e.plan;
        for (const t of e.threads) if (!this._facts.has(t.id)) this._facts.set(t.id, {});
        this._onDidPlan.fire();
      },
      queued: (e) => {
        this._update(e.threadId, { live: 'queued' });
        this._onDidQueueJob.fire(e);
      },
      started: (e) => {
        this._update(e.threadId, { live: 'running' });
        this._onDidStartJob.fire(e);
      },
      output: (e) => this._onDidOutputJob.fire(e),
      retried: (e) => {
        this._update(e.threadId, { live: 'queued' });
        this._onDidRetryJob.fire(e);
      },
      finished: (e) => {
        this._update(e.threadId, { live: undefined, job: e });
        this._onDidFinishJob.fire(e);
      },
      reviewed: (threadId, review, patch) => this._update(threadId, { review, ...(patch ? { rejectedPatch: patch } : {}) }),
      landed: (threadId, landing) => this._update(threadId, { landing }),
      committed: (threadId, commit) => this._update(threadId, { commit }),
      written: (e) => {
        const { threadId, ...write } = e;
        this._update(threadId, { write });
        this._onDidWriteThread.fire(e);
      },
      waiting: (e) => this._onDidWait.fire(e),
      log: (line) => this._onDidLog.fire(line),
      finish: (report) => {
        this._report = report;
        this._stage = 'done';
        this._onDidChangeStage.fire({ stage: 'done' });
        this._onDidFinish.fire(report);
      },
    };
  }
}
