import type { WriteWait } from '../engine/ports';
import { GITHUB_CONTENT_RATE, GITHUB_POINT_RATE, type ContentRate, type RateWindow } from './contentRate';

/** What one request uses of the limits. */
export interface RequestCost {
  /** Content-creating requests it counts as: one per reply, since GitHub does not say how an aliased batch counts. */
  readonly content: number;
  /** GraphQL points: 5 with mutations, 1 without. */
  readonly points: number;
}

export interface WritePacerOptions {
  /** Default GitHub's `80/min,500/h`. */
  readonly contentRate?: ContentRate;
  /** Default GitHub's 2,000 points a minute. */
  readonly pointRate?: readonly RateWindow[];
  /** Least time from the end of one request to the start of the next (default 1000, GitHub's advice). */
  readonly intervalMs?: number;
}

/** When the next request may go, and the limit that holds it back (none: only the spacing, or nothing). */
export interface SendTime {
  readonly at: number;
  readonly reason?: WriteWait['reason'];
}

interface Limit {
  readonly kind: keyof RequestCost;
  readonly window: RateWindow;
  readonly reason: WriteWait['reason'];
}

interface Charge {
  readonly at: number;
  readonly cost: RequestCost;
}

/**
 * GitHub's documented secondary limits as sliding windows over the requests this process
 * sent: no window of `windowMs` holds more than `limit` units. A request is charged when
 * its answer came (or it failed): GitHub counted it somewhere between the send and then,
 * so a window measured from the later time never overlaps GitHub's.
 */
export class WritePacer {
  private readonly _limits: readonly Limit[];
  private readonly _intervalMs: number;
  private readonly _longestMs: number;
  private _charges: Charge[] = [];
  private _lastEnd: number | undefined;

  constructor(options: WritePacerOptions = {}) {
    const content = options.contentRate ?? GITHUB_CONTENT_RATE;
    const longestContent = Math.max(...content.map((w) => w.windowMs));
    this._limits = [
      // The longest of several content windows is GitHub's hourly one, scaled or not.
      ...content.map((window): Limit => ({
        kind: 'content',
        window,
        reason: window.windowMs >= 3_600_000 || (content.length > 1 && window.windowMs === longestContent) ? 'content-hour' : 'content-minute',
      })),
      ...(options.pointRate ?? GITHUB_POINT_RATE).map((window): Limit => ({ kind: 'points', window, reason: 'points-minute' })),
    ];
    this._intervalMs = Math.max(0, options.intervalMs ?? 1000);
    this._longestMs = Math.max(...this._limits.map((l) => l.window.windowMs));
  }

  /** The most content one request may carry: no window could ever take a bigger one. */
  get maxContentPerRequest(): number {
    return Math.min(...this._limits.filter((l) => l.kind === 'content').map((l) => l.window.limit));
  }

  /** When a request costing `cost` may be sent, at `now` or later. */
  nextSendTime(cost: RequestCost, now: number): SendTime {
    let best: SendTime = { at: this._lastEnd === undefined ? now : Math.max(now, this._lastEnd + this._intervalMs) };
    for (const limit of this._limits) {
      const at = this._freeAt(limit, cost[limit.kind], now);
      if (at > best.at) best = { at, reason: limit.reason };
    }
    return best;
  }

  /** Charges a request that ended (answered or failed) at `at`. */
  record(cost: RequestCost, at: number): void {
    this._lastEnd = at;
    this._charges = this._charges.filter((c) => c.at > at - this._longestMs);
    if (cost.content > 0 || cost.points > 0) this._charges.push({ at, cost });
  }

  /** The earliest time at which `limit`'s window ending then has room for `units`. */
  private _freeAt(limit: Limit, units: number, now: number): number {
    if (units === 0) return now;
    const { limit: max, windowMs } = limit.window;
    const inWindow = this._charges.filter((c) => c.at > now - windowMs && c.cost[limit.kind] > 0).sort((a, b) => a.at - b.at);
    let used = inWindow.reduce((n, c) => n + c.cost[limit.kind], 0);
    if (used + units <= max) return now;
    // The oldest charges leave first; the request fits once enough of them have left.
    for (const c of inWindow) {
      used -= c.cost[limit.kind];
      if (used + units <= max) return c.at + windowMs;
    }
    // More than a whole window holds (the lane never asks for that): once the window is empty.
    return inWindow.length > 0 ? inWindow[inWindow.length - 1].at + windowMs : now;
  }
}
