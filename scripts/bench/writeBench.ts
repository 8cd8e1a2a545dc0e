import { GitHubClient } from '../../src/github/client';
import { replyAndResolve } from '../../src/github/writes';
import { seedBigPullRequest } from '../../test/github/scenarios';
import { startTestGitHub } from '../../test/github/testGitHub';
import { BenchError } from './benchError';

export interface WriteBenchOptions {
  readonly threads: number;
  readonly batchSize: number;
}

export interface WriteBenchResult {
  /** Mutation HTTP requests the test GitHub received. */
  readonly mutationRequests: number;
  /** Every request it received (the lane reads nothing back when no request is cut off). */
  readonly allRequests: number;
  /** What a tool sending one call per mutation (a reply, then a resolve) would send. */
  readonly oneCallPerMutation: number;
  readonly wallMs: number;
  /** Threads resolved in the store afterwards. */
  readonly resolved: number;
  /** Threads holding the reply exactly once afterwards. */
  readonly repliedOnce: number;
}

const REPLY = 'Fixed ✓';

/**
 * Replies to and resolves `threads` threads of a fresh test GitHub PR through the write
 * lane (`replyAndResolve`, `intervalMs: 0`) over a real `GitHubClient`, and counts the
 * HTTP requests the server saw; then checks the server's store thread by thread.
 * @throws BenchError when the lane reports a thread as not written.
 */
export async function runWriteBench(opts: WriteBenchOptions): Promise<WriteBenchResult> {
  const gh = await startTestGitHub({ token: 'bench-token' });
  const client = new GitHubClient({ token: gh.token, graphqlUrl: gh.url });
  try {
    const seeded = seedBigPullRequest(gh.store, { owner: 'bench', name: 'writes', number: 1, threads: opts.threads, resolved: 0, outdated: 0 });
    const ids = seeded.unresolved.map((t) => t.id);
    if (ids.length !== opts.threads) throw new BenchError(`the test PR has ${ids.length} unresolved threads, expected ${opts.threads}`);
    gh.resetLog();
    const started = performance.now();
    const results = await replyAndResolve(client, ids.map((threadId) => ({ threadId, reply: REPLY })), { batchSize: opts.batchSize, intervalMs: 0 });
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
    return {
      mutationRequests: gh.requests.filter((r) => r.kind === 'mutation').length,
      allRequests: gh.requests.length,
      oneCallPerMutation: 2 * ids.length,
      wallMs,
      resolved,
      repliedOnce,
    };
  } finally {
    client.dispose();
    await gh.close();
  }
}
