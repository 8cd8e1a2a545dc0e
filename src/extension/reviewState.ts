import { Emitter, Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import { moveThreads, planThreads, reconcilePlan } from '../engine/plan/planner';
import type { Plan, PlanStrategy } from '../model/plan';
import type { PullRequestRef } from '../model/pullRequest';
import type { ReviewThread } from '../model/thread';

export type ReviewStateChange = { readonly kind: 'data'; readonly samePullRequest: boolean } | { readonly kind: 'plan' };

export interface PlanSettings {
  readonly workers: number;
  readonly strategy: PlanStrategy;
}

function samePullRequest(a: PullRequestRef | undefined, b: PullRequestRef | undefined): boolean {
  return a !== undefined && b !== undefined && a.owner === b.owner && a.repo === b.repo && a.number === b.number;
}

/**
 * The pull request, its unresolved threads and the current plan: what the views show
 * besides run state (which only Runs hold). It never talks to GitHub; loaders push data in.
 */
export class ReviewState extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<ReviewStateChange>());
  /** Fires after the data or the plan changed. */
  readonly onDidChange: Event<ReviewStateChange> = this._onDidChange.event;

  private _pullRequest: PullRequestRef | undefined;
  private _threads: readonly ReviewThread[] = [];
  private _byId = new Map<string, ReviewThread>();
  private _plan: Plan = { strategy: 'by-file', lanes: [] };

  constructor(private _planSettings: PlanSettings) {
    super();
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

  /**
   * Shows a pull request's threads. Reloading the same PR keeps a hand-edited plan (threads
   * resolved elsewhere drop out, new ones join its lightest lane); another PR is planned afresh.
   */
  setData(pullRequest: PullRequestRef | undefined, threads: readonly ReviewThread[]): void {
    const same = samePullRequest(pullRequest, this._pullRequest);
    this._pullRequest = pullRequest;
    this._threads = threads;
    this._byId = new Map(threads.map((t) => [t.id, t]));
    this._plan = same && this._plan.strategy === 'manual' ? { ...reconcilePlan(this._plan, threads, this._planSettings), strategy: 'manual' } : planThreads(threads, this._planSettings);
    this._onDidChange.fire({ kind: 'data', samePullRequest: same });
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
}
