import { Emitter, Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import { Plan, PlanStrategy } from '../model/plan';
import { PullRequestRef } from '../model/pullRequest';
import { ReviewThread } from '../model/thread';
import { moveThreads, planThreads, retainThreads } from '../engine/plan/planner';
import { ThreadRunState } from '../model/job';

/** What the views show for one thread beyond its GitHub data. */
export interface ThreadProgress {
  readonly state: ThreadRunState;
  /** One-line reason for failed/timeout/skipped/cancelled. */
  readonly error?: string;
  readonly attempts?: number;
  readonly durationMs?: number;
}

export type ReviewStateChange =
  | { readonly kind: 'data' }
  | { readonly kind: 'plan' }
  | { readonly kind: 'progress'; readonly threadIds: readonly string[] };

export interface PlanSettings {
  readonly workers: number;
  readonly strategy: PlanStrategy;
}

/**
 * The pull request, its unresolved threads, the current plan and each thread's run progress:
 * the one model every view reads. It never talks to GitHub; loaders push data into it.
 */
export class ReviewState extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<ReviewStateChange>());
  /** Fires after the data, the plan or a thread's progress changed. */
  readonly onDidChange: Event<ReviewStateChange> = this._onDidChange.event;

  private _pullRequest: PullRequestRef | undefined;
  private _threads: readonly ReviewThread[] = [];
  private _byId = new Map<string, ReviewThread>();
  private _plan: Plan = { strategy: 'by-file', lanes: [] };
  private _planSettings: PlanSettings;
  private readonly _progress = new Map<string, ThreadProgress>();

  constructor(planSettings: PlanSettings) {
    super();
    this._planSettings = planSettings;
  }

  get pullRequest(): PullRequestRef | undefined {
    return this._pullRequest;
  }
  get threads(): readonly ReviewThread[] {
    return this._threads;
  }
  get plan(): Plan {
    return this._plan;
  }
  get planSettings(): PlanSettings {
    return this._planSettings;
  }

  thread(id: string): ReviewThread | undefined {
    return this._byId.get(id);
  }

  progress(id: string): ThreadProgress | undefined {
    return this._progress.get(id);
  }

  /**
   * Shows a pull request's threads. Reloading the same PR keeps a hand-edited plan (threads
   * resolved elsewhere drop out, new ones are planned into it); another PR is planned afresh.
   */
  setData(pullRequest: PullRequestRef | undefined, threads: readonly ReviewThread[]): void {
    const samePr =
      pullRequest !== undefined &&
      this._pullRequest !== undefined &&
      pullRequest.owner === this._pullRequest.owner &&
      pullRequest.repo === this._pullRequest.repo &&
      pullRequest.number === this._pullRequest.number;
    this._pullRequest = pullRequest;
    this._threads = threads;
    this._byId = new Map(threads.map((t) => [t.id, t]));
    for (const [id, p] of [...this._progress]) {
      // GitHub is the truth after a load: a thread it lists is unresolved, whatever we marked.
      if (!this._byId.has(id) || !samePr || p.state === 'resolved') this._progress.delete(id);
    }
    if (samePr && this._plan.strategy === 'manual') {
      const kept = retainThreads(this._plan, new Set(this._byId.keys()));
      const planned = new Set(kept.lanes.flatMap((l) => l.threads));
      const fresh = threads.filter((t) => !planned.has(t.id));
      this._plan = fresh.length ? this._mergeNew(kept, fresh) : kept;
    } else {
      this._plan = planThreads(threads, this._planSettings);
    }
    this._onDidChange.fire({ kind: 'data' });
  }

  /** New threads of a hand-edited plan go into its lightest lane, so the user's moves stay. */
  private _mergeNew(plan: Plan, fresh: readonly ReviewThread[]): Plan {
    if (plan.lanes.length === 0) return { ...planThreads(fresh, this._planSettings), strategy: 'manual' };
    const lightest = [...plan.lanes].sort((a, b) => a.threads.length - b.threads.length)[0];
    return {
      strategy: 'manual',
      lanes: plan.lanes.map((l) => (l === lightest ? { name: l.name, threads: [...l.threads, ...fresh.map((t) => t.id)] } : l)),
    };
  }

  /** Plans again from scratch with new settings (drops manual moves). */
  replan(settings: PlanSettings): void {
    this._planSettings = settings;
    this._plan = planThreads(this._threads, settings);
    this._onDidChange.fire({ kind: 'plan' });
  }

  /** Moves threads to a lane (drag and drop); the next run uses the edited plan. */
  move(threadIds: readonly string[], targetLane: string): void {
    const known = threadIds.filter((id) => this._byId.has(id));
    if (known.length === 0) return;
    this._plan = moveThreads(this._plan, known, targetLane);
    this._onDidChange.fire({ kind: 'plan' });
  }

  /** Records run progress for threads. */
  setProgress(updates: ReadonlyMap<string, ThreadProgress>): void {
    const ids: string[] = [];
    for (const [id, p] of updates) {
      if (!this._byId.has(id)) continue;
      this._progress.set(id, p);
      ids.push(id);
    }
    if (ids.length) this._onDidChange.fire({ kind: 'progress', threadIds: ids });
  }

  /** Forgets run progress (a new run starts). */
  clearProgress(ids?: readonly string[]): void {
    const list = ids ?? [...this._progress.keys()];
    for (const id of list) this._progress.delete(id);
    if (list.length) this._onDidChange.fire({ kind: 'progress', threadIds: list });
  }
}
