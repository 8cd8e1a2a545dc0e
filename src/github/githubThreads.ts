import type {
  PullRequestKey,
  PullRequestThreads,
  RequestCounts,
  ThreadSource,
  ThreadWriteItem,
  ThreadWriteOptions,
  ThreadWriteResult,
  ThreadWriter,
} from '../engine/ports';
import type { GitHubClient } from './client';
import type { Clock } from './clock';
import type { ContentRate, RateWindow } from './contentRate';
import { fetchPullRequestWithThreads } from './threads';
import { writeThreads } from './writes';
import { WritePacer } from './writePacer';

export interface GitHubThreadsOptions {
  /** Threads per request (default 10; `--batch-size`), fewer when the content rate allows fewer replies. */
  readonly batchSize?: number;
  /** Pace of content-creating requests (`--content-rate`, see parseContentRate); default GitHub's 80/min,500/h. */
  readonly contentRate?: ContentRate;
  /** Least time between the end of one request and the next (`--write-interval`; default 1000). */
  readonly intervalMs?: number;
  /** GraphQL points allowed; default GitHub's 2,000 a minute. */
  readonly pointRate?: readonly RateWindow[];
  /** Single-thread requests left in doubt before a thread is given up (default 3). */
  readonly maxTries?: number;
  /** Pacing waits at least this long are announced through `onDidWait` (default 2000). */
  readonly noticeAfterMs?: number;
  /** Tests pass a fake clock. */
  readonly clock?: Clock;
}

/**
 * GitHub as the engine's ThreadSource and ThreadWriter. Writes go through one write lane:
 * calls to `write` run one after the other and share one ledger of GitHub's secondary
 * limits, so keep one instance per client for a whole run (or session).
 */
export class GitHubThreads implements ThreadSource, ThreadWriter {
  private readonly _pacer: WritePacer;
  private _writing: Promise<unknown> = Promise.resolve();

  /** No request is made. */
  constructor(
    private readonly _client: GitHubClient,
    private readonly _options: GitHubThreadsOptions = {},
  ) {
    this._pacer = new WritePacer({ contentRate: _options.contentRate, pointRate: _options.pointRate, intervalMs: _options.intervalMs });
  }

  /** HTTP requests the client sent so far (reads and writes, retries included). */
  get requestCounts(): RequestCounts {
    const { queries, mutations } = this._client.requestCounts;
    return { queries, mutations };
  }

  /**
   * The pull request and its threads (unresolved only unless `includeResolved`), every
   * comment included.
   * @throws GitHubNotFoundError naming --pr / --repo, and the client's errors (auth, rate
   *   limit, network, a bad answer), all UserFacingErrors; CancellationError on abort.
   */
  async fetchThreads(pr: PullRequestKey, options: { readonly signal?: AbortSignal; readonly includeResolved?: boolean } = {}): Promise<PullRequestThreads> {
    return fetchPullRequestWithThreads(this._client, pr, options);
  }

  /**
   * Replies to and resolves threads through the write lane (see writeThreads); waits for
   * any write already under way first.
   * @returns one result per item, in order: what GitHub holds.
   * @throws GitHubAuthError, GitHubRateLimitedError or GitHubBadAnswerError when nothing more
   *   can be written now (finished threads were reported through `onDidWrite`);
   *   CancellationError when `signal` aborts.
   */
  write(items: readonly ThreadWriteItem[], options: ThreadWriteOptions = {}): Promise<ThreadWriteResult[]> {
    const o = this._options;
    const run = () =>
      writeThreads(this._client, items, { batchSize: o.batchSize, maxTries: o.maxTries, noticeAfterMs: o.noticeAfterMs, clock: o.clock, pacer: this._pacer }, options);
    const result = this._writing.then(run, run);
    this._writing = result.catch(() => undefined);
    return result;
  }
}
