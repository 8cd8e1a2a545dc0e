// GitHub's documented secondary rate limits, enforced by the test GitHub when a test or the
// bench asks for it: at most 80 content-creating requests a minute and 500 an hour, and at
// most 2,000 points a minute (a request with mutations costs 5 points, any other 1). The
// windows can be scaled (80 in 6 s) so that a run that would take minutes takes seconds.
// Written apart from the client's pacer on purpose: a check that shared its arithmetic
// would share its bugs.

/** At most `limit` units in any window of `windowMs`. */
export interface LimitWindow {
  readonly limit: number;
  readonly windowMs: number;
}

export interface SecondaryLimitOptions {
  /** Content-creating requests allowed; default GitHub's `80 a minute, 500 an hour`. */
  readonly content?: readonly LimitWindow[];
  /** GraphQL points allowed; default GitHub's `2,000 a minute`. */
  readonly points?: readonly LimitWindow[];
  /**
   * Retry-After on a refusal: `none` (default; GitHub often gives none), a number of
   * seconds, or `until-free`: the seconds until the window would have taken the request.
   */
  readonly retryAfter?: 'none' | 'until-free' | number;
  /** The status of a refusal: GitHub answers 403 (default) or 429. */
  readonly status?: 403 | 429;
  /**
   * How an aliased batch counts (GitHub does not say): `per-field` (default, the strict
   * reading: each content-creating mutation field is one request) or `per-request`.
   */
  readonly countBatch?: 'per-field' | 'per-request';
  /** The clock the windows are measured by (default the real one: the server is a remote machine). */
  readonly now?: () => number;
}

/** A request the limits refused (answered 403 without being run). */
export interface Refusal {
  /** Epoch ms by the limits' clock. */
  readonly at: number;
  readonly operationName?: string;
  readonly limit: 'content' | 'points';
  readonly window: LimitWindow;
  /** HTTP status answered. */
  readonly status: 403 | 429;
  /** Units already used in the window when the request came. */
  readonly used: number;
  /** Units the request would have used. */
  readonly cost: number;
  /** Seconds of Retry-After answered; undefined when none was. */
  readonly retryAfterSeconds?: number;
}

/** What the limits see of a request. */
export interface LimitedRequest {
  readonly kind: 'query' | 'mutation';
  readonly operationName?: string;
  /** Names (not aliases) of the operation's top-level fields. */
  readonly fieldNames: readonly string[];
}

// Mutations that create content a person reads (comments, reviews, issues); resolving or
// labelling creates none.
const CONTENT_MUTATIONS = new Set([
  'addPullRequestReviewThreadReply',
  'addPullRequestReviewComment',
  'addPullRequestReviewThread',
  'addPullRequestReview',
  'addComment',
  'createIssue',
  'createDiscussion',
  'addDiscussionComment',
]);

const realNow = Date.now;

/** GitHub's documented figures. */
export const GITHUB_CONTENT_LIMITS: readonly LimitWindow[] = [
  { limit: 80, windowMs: 60_000 },
  { limit: 500, windowMs: 3_600_000 },
];
export const GITHUB_POINT_LIMITS: readonly LimitWindow[] = [{ limit: 2000, windowMs: 60_000 }];

interface Charge {
  readonly at: number;
  readonly content: number;
  readonly points: number;
}

/** The ledger of admitted requests and the refusals. */
export class SecondaryLimits {
  readonly refusals: Refusal[] = [];
  private readonly _charges: Charge[] = [];
  private readonly _content: readonly LimitWindow[];
  private readonly _points: readonly LimitWindow[];
  private readonly _now: () => number;

  constructor(private readonly _options: SecondaryLimitOptions = {}) {
    this._content = _options.content ?? GITHUB_CONTENT_LIMITS;
    this._points = _options.points ?? GITHUB_POINT_LIMITS;
    this._now = _options.now ?? realNow;
  }

  /** Charges the request, or refuses it (and records why) when a window has no room. */
  admit(req: LimitedRequest): Refusal | undefined {
    const at = this._now();
    const fields = req.kind === 'mutation' ? req.fieldNames.filter((n) => CONTENT_MUTATIONS.has(n)).length : 0;
    const content = this._options.countBatch === 'per-request' ? Math.min(fields, 1) : fields;
    const points = req.kind === 'mutation' ? 5 : 1;
    const refused = this._check('content', this._content, content, at) ?? this._check('points', this._points, points, at);
    if (refused) {
      const refusal: Refusal = { ...refused, operationName: req.operationName, status: this._options.status ?? 403, ...this._retryAfter(refused, at) };
      this.refusals.push(refusal);
      return refusal;
    }
    this._charges.push({ at, content, points });
    return undefined;
  }

  /** Units used in the window ending now. */
  used(kind: 'content' | 'points', windowMs: number): number {
    return this._sum(kind, windowMs, this._now());
  }

  private _check(kind: 'content' | 'points', windows: readonly LimitWindow[], cost: number, at: number): Omit<Refusal, 'operationName' | 'status'> | undefined {
    if (cost === 0) return undefined;
    for (const window of windows) {
      const used = this._sum(kind, window.windowMs, at);
      if (used + cost > window.limit) return { at, limit: kind, window, used, cost };
    }
    return undefined;
  }

  /** A charge counts in the window (at - windowMs, at]. */
  private _sum(kind: 'content' | 'points', windowMs: number, at: number): number {
    let n = 0;
    for (const c of this._charges) if (c.at > at - windowMs && c.at <= at) n += c[kind];
    return n;
  }

  private _retryAfter(r: Omit<Refusal, 'operationName' | 'status'>, at: number): { retryAfterSeconds?: number } {
    const setting = this._options.retryAfter ?? 'none';
    if (setting === 'none') return {};
    if (typeof setting === 'number') return { retryAfterSeconds: setting };
    // The oldest charges leave the window first; find when enough room is free.
    let free = r.window.limit - r.used;
    for (const c of this._charges) {
      if (c.at <= at - r.window.windowMs) continue;
      free += c[r.limit];
      if (free >= r.cost) return { retryAfterSeconds: Math.max(1, Math.ceil((c.at + r.window.windowMs - at) / 1000)) };
    }
    return { retryAfterSeconds: Math.max(1, Math.ceil(r.window.windowMs / 1000)) };
  }
}
