import { GitHubClient } from '../../src/github/client';
import { formatContentRate, GITHUB_CONTENT_RATE, GITHUB_POINT_RATE, MUTATION_POINTS, type RateWindow } from '../../src/github/contentRate';
import { GitHubThreads } from '../../src/github/githubThreads';
import { seedBigPullRequest } from '../../test/github/scenarios';
import { startTestGitHub } from '../../test/github/testGitHub';
import { BenchError } from './benchError';

export interface WriteBenchOptions {
  readonly threads: number;
  readonly batchSize: number;
  /**
   * GitHub's limit windows scaled on both sides, the lane's and the test GitHub's (default
   * 0.1: 80 replies in 6 s and 500 in 6 min, 2,000 points in 6 s, requests 100 ms apart),
   * so that minutes of pacing take seconds.
   */
  readonly windowScale?: number;
}

export interface WriteBenchResult {
  /** Mutation HTTP requests the test GitHub received. */
  readonly mutationRequests: number;
  /** Every request it received (the lane reads nothing back when no request is cut off). */
  readonly allRequests: number;
  /** What a tool sending one call per mutation (a reply, then a resolve) would send. */
  readonly oneCallPerMutation: number;
  /** Requests the test GitHub refused for its secondary limits (403). */
  readonly refusals: number;
  /** From the first request to the last result. */
  readonly wallMs: number;
  /**
   * The least wall time the limits allow: the k-th reply (from 0) cannot go before
   * ⌊k / limit⌋ windows have passed, in any window; nor requests closer than the spacing.
   */
  readonly floorMs: number;
  /** The content rate both sides kept to, as `--content-rate` reads it. */
  readonly contentRate: string;
  /** Waits the lane announced (onDidWait). */
  readonly announcedWaits: number;
  /** Threads resolved in the store afterwards. */
  readonly resolved: number;
  /** Threads holding the reply exactly once afterwards. */
  readonly repliedOnce: number;
}

const REPLY = 'Fixed ✓';
const INTERVAL_MS = 1000;

/**
 * Replies to and resolves `threads` threads of a fresh test GitHub PR through the write
 * lane (`GitHubThreads.write` over a real `GitHubClient`), with GitHub's documented
 * secondary limits enforced by the test GitHub and kept by the lane, both at windows scaled
 * by `windowScale`; counts the requests and refusals the server saw, then checks its store
 * thread by thread.
 * @throws BenchError when the lane reports a thread as not written.
 */
export async function runWriteBench(opts: WriteBenchOptions): Promise<WriteBenchResult> {
  const scale = opts.windowScale ?? 0.1;
  const scaled = (windows: readonly RateWindow[]) => windows.map((w) => ({ limit: w.limit, windowMs: Math.max(1, Math.round(w.windowMs * scale)) }));
  const content = scaled(GITHUB_CONTENT_RATE);
  const points = scaled(GITHUB_POINT_RATE);
  const intervalMs = Math.round(INTERVAL_MS * scale);
  // A refusal would be answered with the (scaled) wait, so that a pacing bug costs seconds, not minutes.
  const gh = await startTestGitHub({ token: 'bench-token', secondaryLimits: { content, points, retryAfter: 'until-free' } });
  const client = new GitHubClient({ token: gh.token, graphqlUrl: gh.url });
  try {
    const seeded = seedBigPullRequest(gh.store, { owner: 'bench', name: 'writes', number: 1, threads: opts.threads, resolved: 0, outdated: 0 });
    const ids = seeded.unresolved.map((t) => t.id);
    if (ids.length !== opts.threads) throw new BenchError(`the test PR has ${ids.length} unresolved threads, expected ${opts.threads}`);
    gh.resetLog();
    const lane = new GitHubThreads(client, { batchSize: opts.batchSize, contentRate: content, pointRate: points, intervalMs });
    let announcedWaits = 0;
    const started = performance.now();
    const results = await lane.write(
      ids.map((threadId) => ({ threadId, reply: REPLY, resolve: true })),
      { onDidWait: () => announcedWaits++ },
    );
    const wallMs = performance.now() - started;
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) throw new BenchError(`${failed.length} of ${ids.length} threads were not written (first: ${failed[0].error ?? 'no reason'})`);

    let resolved = 0;
    let repliedOnce = 0;
    for (const id of ids) {
      const t = gh.store.getThread(id);
      if (t?.isResolved) resolved++;
      // The seeded first comment plus exactly one reply of ours.
      if (t && t.comments.filter((c) => c.body === REPLY).length === 1 && t.comments.length === 2) repliedOnce++;
    }
    const requests = Math.ceil(ids.length / Math.max(1, Math.min(opts.batchSize, ...content.map((w) => w.limit))));
    return {
      mutationRequests: gh.requests.filter((r) => r.kind === 'mutation').length,
      allRequests: gh.requests.length,
      oneCallPerMutation: 2 * ids.length,
      refusals: gh.refusals.length,
      wallMs,
      floorMs: Math.max(
        ...content.map((w) => floorFor(ids.length, w.limit, w.windowMs)),
        ...points.map((w) => floorFor(requests, Math.floor(w.limit / MUTATION_POINTS), w.windowMs)),
        (requests - 1) * intervalMs,
      ),
      contentRate: formatContentRate(content),
      announcedWaits,
      resolved,
      repliedOnce,
    };
  } finally {
    client.dispose();
    await gh.close();
  }
}

/** The earliest the last of `units` can go when any window of `windowMs` holds at most `limit`. */
function floorFor(units: number, limit: number, windowMs: number): number {
  return units <= 0 || limit <= 0 ? 0 : Math.floor((units - 1) / limit) * windowMs;
}
