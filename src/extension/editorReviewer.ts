import { CancellationError } from '../common/errors';
import { Emitter, Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import type { ReviewItem, Reviewer, ReviewVerdict } from '../engine/ports';

interface PendingReview {
  readonly items: readonly ReviewItem[];
  readonly decide: (threadId: string, verdict: ReviewVerdict) => void;
  readonly verdicts: Map<string, ReviewVerdict>;
  readonly done: () => void;
}

/**
 * The editor's side of review: a run's fixes wait here, "awaiting review", while the user
 * looks at each (Show Changes) and accepts or rejects it; Apply Accepted Fixes and Resolve
 * ends the review and the run goes on with the accepted ones. Stop ends it too: the fixes
 * not accepted are dropped (their patches kept).
 */
export class EditorReviewer extends Disposable implements Reviewer {
  private readonly _onDidChange = this._register(new Emitter<void>());
  /** Fires when a review starts, a verdict is given, or the review ends. */
  readonly onDidChange: Event<void> = this._onDidChange.event;
  private _pending: PendingReview | undefined;

  /** The fixes of the review under way, if one is. */
  get items(): readonly ReviewItem[] {
    return this._pending?.items ?? [];
  }

  get isReviewing(): boolean {
    return this._pending !== undefined;
  }

  verdict(threadId: string): ReviewVerdict | undefined {
    return this._pending?.verdicts.get(threadId);
  }

  /** Threads of the review under way that have no verdict yet. */
  get undecided(): readonly string[] {
    const p = this._pending;
    return p ? p.items.map((i) => i.thread.id).filter((id) => !p.verdicts.has(id)) : [];
  }

  review(items: readonly ReviewItem[], options: { readonly signal?: AbortSignal; readonly decide: (threadId: string, verdict: ReviewVerdict) => void }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const end = () => {
        options.signal?.removeEventListener('abort', onAbort);
        this._pending = undefined;
        this._onDidChange.fire();
      };
      const onAbort = () => {
        end();
        reject(new CancellationError());
      };
      if (options.signal?.aborted) return reject(new CancellationError());
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this._pending = {
        items,
        decide: options.decide,
        verdicts: new Map(),
        done: () => {
          end();
          resolve();
        },
      };
      this._onDidChange.fire();
    });
  }

  /**
   * Records a verdict for threads of the review under way.
   * @returns how many of them were in the review.
   */
  decide(threadIds: readonly string[], verdict: ReviewVerdict): number {
    const p = this._pending;
    if (!p) return 0;
    let n = 0;
    for (const id of threadIds) {
      if (!p.items.some((i) => i.thread.id === id)) continue;
      p.verdicts.set(id, verdict);
      p.decide(id, verdict);
      n++;
    }
    if (n) this._onDidChange.fire();
    return n;
  }

  /** Ends the review: the accepted fixes land, the others are dropped. */
  finish(): boolean {
    if (!this._pending) return false;
    this._pending.done();
    return true;
  }
}
