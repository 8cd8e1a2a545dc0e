import { Emitter, Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import { Plan } from '../model/plan';
import { PullRequestRef } from '../model/pullRequest';
import { ReviewThread } from '../model/thread';
import { JobOutputEvent, JobQueuedEvent, JobRetriedEvent, JobStartedEvent } from '../engine/schedule/schedulerTypes';
import { RunReport, RunStage } from './runTypes';
import { JobResult, ThreadRunState } from '../model/job';

export interface StageEvent {
  readonly stage: RunStage;
  /** One line on what the step does, e.g. `verify: npm test`. */
  readonly detail?: string;
}

export interface ThreadWrittenEvent {
  readonly threadId: string;
  readonly ok: boolean;
  readonly resolved: boolean;
  readonly error?: string;
}

export interface RunCounts {
  readonly total: number;
  readonly done: number;
  readonly running: number;
  readonly failed: number;
}

/** The pipeline's private side of a Run: the only way its events are fired. */
export interface RunSink {
  stage(e: StageEvent): void;
  planned(threads: readonly ReviewThread[], plan: Plan, pullRequest: PullRequestRef | undefined): void;
  queued(e: JobQueuedEvent): void;
  started(e: JobStartedEvent): void;
  output(e: JobOutputEvent): void;
  retried(e: JobRetriedEvent): void;
  finished(e: JobResult): void;
  written(e: ThreadWrittenEvent): void;
  log(line: string): void;
  finish(report: RunReport): void;
}

/**
 * One run of the pipeline as views see it: its events and each thread's live state. The
 * CLI's progress bar, the JSON report, the extension's tree, progress notification, output
 * channel and status bar all read this, and nothing else, during a run.
 */
export class Run extends Disposable {
  private readonly _onDidChangeStage = this._register(new Emitter<StageEvent>());
  /** Fires when the pipeline moves to another step. */
  readonly onDidChangeStage: Event<StageEvent> = this._onDidChangeStage.event;
  private readonly _onDidPlan = this._register(new Emitter<void>());
  /** Fires once the threads and the plan of this run are known (before any job starts). */
  readonly onDidPlan: Event<void> = this._onDidPlan.event;
  private readonly _onDidQueueJob = this._register(new Emitter<JobQueuedEvent>());
  /** Fires for each job when the fix step starts. */
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
  /** Fires once per job with its final result (skipped and cancelled included). */
  readonly onDidFinishJob: Event<JobResult> = this._onDidFinishJob.event;
  private readonly _onDidWriteThread = this._register(new Emitter<ThreadWrittenEvent>());
  /** Fires when a thread was replied to and resolved on GitHub, or that failed. */
  readonly onDidWriteThread: Event<ThreadWrittenEvent> = this._onDidWriteThread.event;
  private readonly _onDidLog = this._register(new Emitter<string>());
  /** Fires with one-line notes of the pipeline (verify output, commit sha…). */
  readonly onDidLog: Event<string> = this._onDidLog.event;
  private readonly _onDidFinish = this._register(new Emitter<RunReport>());
  /** Fires once with the report when the run ended (also when cancelled). */
  readonly onDidFinish: Event<RunReport> = this._onDidFinish.event;

  private _stage: RunStage = 'fetch';
  private _threads: readonly ReviewThread[] = [];
  private _plan: Plan = { strategy: 'by-file', lanes: [] };
  private _pullRequest: PullRequestRef | undefined;
  private readonly _states = new Map<string, ThreadRunState>();
  private readonly _results = new Map<string, JobResult>();
  private _report: RunReport | undefined;
  readonly startedAt = Date.now();

  get stage(): RunStage {
    return this._stage;
  }
  get threads(): readonly ReviewThread[] {
    return this._threads;
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

  state(threadId: string): ThreadRunState | undefined {
    return this._states.get(threadId);
  }

  result(threadId: string): JobResult | undefined {
    return this._results.get(threadId);
  }

  /** Jobs in this run and how far they are. */
  get counts(): RunCounts {
    let done = 0;
    let running = 0;
    let failed = 0;
    for (const s of this._states.values()) {
      if (s === 'running') running++;
      else if (s !== 'queued') done++;
      if (s === 'failed' || s === 'timeout') failed++;
    }
    return { total: this._states.size, done, running, failed };
  }

  /** The sink the pipeline fires through; views never call it. */
  createSink(): RunSink {
    return {
      stage: (e) => {
        this._stage = e.stage;
        this._onDidChangeStage.fire(e);
      },
      planned: (threads, plan, pr) => {
        this._threads = threads;
        this._plan = plan;
        this._pullRequest = pr;
        this._onDidPlan.fire();
      },
      queued: (e) => {
        this._states.set(e.threadId, 'queued');
        this._onDidQueueJob.fire(e);
      },
      started: (e) => {
        this._states.set(e.threadId, 'running');
        this._onDidStartJob.fire(e);
      },
      output: (e) => this._onDidOutputJob.fire(e),
      retried: (e) => {
        this._states.set(e.threadId, 'queued');
        this._onDidRetryJob.fire(e);
      },
      finished: (e) => {
        this._states.set(e.threadId, e.status);
        this._results.set(e.threadId, e);
        this._onDidFinishJob.fire(e);
      },
      written: (e) => {
        this._states.set(e.threadId, e.ok && e.resolved ? 'resolved' : e.ok ? 'fixed' : 'failed');
        this._onDidWriteThread.fire(e);
      },
      log: (line) => this._onDidLog.fire(line),
      finish: (report) => {
        this._report = report;
        for (const t of report.threads) this._states.set(t.id, t.status);
        this._stage = 'done';
        this._onDidChangeStage.fire({ stage: 'done' });
        this._onDidFinish.fire(report);
      },
    };
  }
}
