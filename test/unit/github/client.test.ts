import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { CancellationError, isCancellationError, isUserFacingError } from '../../../src/common/errors';
import type { GitHubClient, RequestEvent, RetryEvent } from '../../../src/github/client';
import { isGitHubAuthError, isGitHubNetworkError, isGitHubNotFoundError, isGitHubRateLimitedError, isGitHubRequestError, isGitHubTimeoutError } from '../../../src/github/errors';
import { startTestGitHub, type TestGitHub } from '../../github/testGitHub';
import { newClient, recordingSleep } from './support';

const VIEWER = 'query Viewer { viewer { login } }';
const REPO = 'query Repo($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { id nameWithOwner } }';
const NODES = 'query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }';
const RESOLVE = 'mutation Resolve($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }';

describe('GitHubClient', () => {
  let gh: TestGitHub;
  let client: GitHubClient | undefined;

  beforeEach(async () => {
    gh = await startTestGitHub({ token: 'test-token' });
    gh.store.addRepository({ owner: 'acme', name: 'widgets' });
  });
  afterEach(async () => {
    client?.dispose();
    client = undefined;
    await gh.close();
  });

  function addThread(): string {
    gh.store.addPullRequest({ owner: 'acme', name: 'widgets' }, { number: 1, headRefName: 'feature/x' });
    return gh.store.addThread({ owner: 'acme', name: 'widgets', number: 1 }, { path: 'a.ts', line: 1, comments: [{ author: 'mona', body: 'hi' }] }).id;
  }

  it('runs a query, counts it and reports it as an event', async () => {
    client = newClient(gh);
    const events: RequestEvent[] = [];
    client.onDidRequest((e) => events.push(e));
    const data = await client.query<{ viewer: { login: string } }>(VIEWER);
    assert.equal(data.viewer.login, 'octo-dev');
    assert.deepEqual(client.requestCounts, { queries: 1, mutations: 0 });
    assert.equal(events.length, 1);
    assert.deepEqual({ ...events[0], durationMs: 0 }, { kind: 'query', operationName: 'Viewer', status: 200, durationMs: 0, attempt: 1 });
    assert.equal(gh.requests[0].operationName, 'Viewer');
  });

  it('posts to exactly the GraphQL URL, on github.com-style and Enterprise-style paths', async () => {
    for (const url of [gh.url, gh.url.replace('/graphql', '/api/graphql')]) {
      const seen: string[] = [];
      const c = newClient(gh, {
        graphqlUrl: url,
        fetch: (input, init) => {
          seen.push(String(input));
          return fetch(input, init);
        },
      });
      await c.query(VIEWER);
      c.dispose();
      assert.deepEqual(seen, [url]);
    }
  });

  it('refuses a bad token with GitHubAuthError that never shows the token', async () => {
    const secret = 'ghp_secretTOKENvalue123';
    client = newClient(gh, { token: secret });
    const seen: unknown[] = [];
    client.onDidRequest((e) => seen.push(e));
    client.onDidRetry((e) => seen.push(e));
    const err = await client.query(VIEWER).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(isGitHubAuthError(err));
    assert.ok(isUserFacingError(err));
    assert.equal(
      (err as Error).message,
      'GitHub rejected the token (401 Bad credentials): sign in again, or set GITHUB_TOKEN to a token with the repo scope.',
    );
    assert.ok(!inspect(err, { depth: 10 }).includes(secret));
    assert.ok(!JSON.stringify(seen).includes(secret));
    assert.equal(gh.requests.length, 1, 'a 401 is not retried');
  });

  it('retries a query after a 502 and succeeds', async () => {
    const { sleep, waits } = recordingSleep(gh);
    client = newClient(gh, { sleep, retryBaseDelayMs: 250 });
    const retries: RetryEvent[] = [];
    client.onDidRetry((e) => retries.push(e));
    gh.faults.add({ status: 502 });
    const data = await client.query<{ viewer: { login: string } }>(VIEWER);
    assert.equal(data.viewer.login, 'octo-dev');
    assert.deepEqual(gh.requests.map((r) => r.status), [502, 200]);
    assert.deepEqual(retries, [{ kind: 'query', operationName: 'Viewer', attempt: 1, delayMs: 250, reason: 'server-error' }]);
    assert.deepEqual(waits, [{ ms: 250, requestsSeen: 1 }]);
    assert.equal(client.requestCounts.queries, 2);
  });

  it('backs off exponentially and gives up after `retries`', async () => {
    const { sleep, waits } = recordingSleep(gh);
    client = newClient(gh, { sleep, retries: 2, retryBaseDelayMs: 100 });
    gh.faults.add({ status: 504, times: Infinity });
    await assert.rejects(client.query(VIEWER), (e) => isGitHubRequestError(e) && e.status === 504);
    assert.deepEqual(waits.map((w) => w.ms), [100, 200]);
    assert.equal(gh.requests.length, 3);
  });

  it('honours Retry-After of a secondary rate limit (403) before resending', async () => {
    const { sleep, waits } = recordingSleep(gh);
    client = newClient(gh, { sleep });
    const retries: RetryEvent[] = [];
    client.onDidRetry((e) => retries.push(e));
    gh.faults.add({ status: 403, retryAfter: 1 });
    await client.query(VIEWER);
    assert.deepEqual(gh.requests.map((r) => r.status), [403, 200]);
    // The wait of 1000 ms happened after the limited request and before the resend.
    assert.deepEqual(waits, [{ ms: 1000, requestsSeen: 1 }]);
    assert.equal(retries[0].reason, 'secondary-rate-limit');
  });

  it('resends a 429 after its Retry-After with the default (real) sleep', async () => {
    client = newClient(gh);
    const events: RequestEvent[] = [];
    client.onDidRequest((e) => events.push(e));
    gh.faults.add({ status: 429, retryAfter: 1 });
    await client.query(VIEWER);
    assert.deepEqual(gh.requests.map((r) => r.status), [429, 200]);
    assert.deepEqual(events.map((e) => [e.status, e.attempt]), [[429, 1], [200, 2]]);
  });

  it('waits for the primary rate limit reset, for mutations too', async () => {
    const threadId = addThread();
    const { sleep, waits } = recordingSleep(gh);
    client = newClient(gh, { sleep });
    gh.faults.add({ rateLimitReset: true, retryAfter: 1, match: (r) => r.kind === 'mutation' });
    await client.mutate(RESOLVE, { id: threadId });
    assert.equal(gh.store.getThread(threadId)?.isResolved, true);
    assert.equal(waits.length, 1);
    assert.ok(waits[0].ms >= 1000 && waits[0].ms <= 3000, `waited ${waits[0].ms}`);
    assert.deepEqual(client.requestCounts, { queries: 0, mutations: 2 });
  });

  it('fails at once with GitHubRateLimitedError when the wait is too long', async () => {
    const { sleep, waits } = recordingSleep(gh);
    client = newClient(gh, { sleep, maxRetryAfterSeconds: 60 });
    gh.faults.add({ status: 429, retryAfter: 600 });
    const err = await client.query(VIEWER).catch((e: unknown) => e);
    assert.ok(isGitHubRateLimitedError(err));
    assert.equal(err.retryAfterSeconds, 600);
    assert.match(err.message, /try again in 10 min/);
    assert.equal(waits.length, 0);
    assert.equal(gh.requests.length, 1);
  });

  it('retries a query after a reset connection', async () => {
    client = newClient(gh);
    const retries: RetryEvent[] = [];
    client.onDidRetry((e) => retries.push(e));
    gh.faults.add({ reset: true });
    await client.query(VIEWER);
    assert.deepEqual(gh.requests.map((r) => r.status), [0, 200]);
    assert.equal(retries[0].reason, 'network');
  });

  it('does not resend a mutation after a 502 unless asked to', async () => {
    const threadId = addThread();
    client = newClient(gh);
    gh.faults.add({ status: 502, match: (r) => r.kind === 'mutation' });
    await assert.rejects(client.mutate(RESOLVE, { id: threadId }), (e) => isGitHubRequestError(e) && e.status === 502);
    assert.equal(client.requestCounts.mutations, 1);

    gh.faults.add({ status: 502, match: (r) => r.kind === 'mutation' });
    await client.mutate(RESOLVE, { id: threadId }, { retryOnServerError: true });
    assert.equal(client.requestCounts.mutations, 3);
    assert.equal(gh.store.getThread(threadId)?.isResolved, true);
  });

  it('times out a slow request with GitHubTimeoutError', async () => {
    client = newClient(gh, { requestTimeoutMs: 50, retries: 0 });
    gh.faults.add({ delayMs: 10_000 });
    await assert.rejects(client.query(VIEWER), (e) => isGitHubTimeoutError(e) && /127\.0\.0\.1/.test(e.message));
  });

  it('names the host when the endpoint cannot be reached', async () => {
    const port = await freePort();
    client = newClient(gh, { graphqlUrl: `http://127.0.0.1:${port}/graphql` });
    const err = await client.query(VIEWER).catch((e: unknown) => e);
    assert.ok(isGitHubNetworkError(err), String(err));
    assert.equal(err.message, `Cannot reach GitHub at 127.0.0.1:${port} (ECONNREFUSED): check --graphql-url / GITHUB_GRAPHQL_URL or the network.`);
  });

  it('turns an abort into CancellationError', async () => {
    const controller = new AbortController();
    client = newClient(gh, {
      fetch: (input, init) => {
        const p = fetch(input, init);
        controller.abort();
        return p;
      },
    });
    gh.faults.add({ delayMs: 10_000 });
    const err = await client.query(VIEWER, {}, { signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(err instanceof CancellationError && isCancellationError(err));
    await assert.rejects(client.query(VIEWER, {}, { signal: controller.signal }), CancellationError);
  });

  it('classifies NOT_FOUND as GitHubNotFoundError', async () => {
    client = newClient(gh);
    await assert.rejects(client.query(REPO, { owner: 'acme', name: 'nope' }), (e) => isGitHubNotFoundError(e) && e.path?.[0] === 'repository');
  });

  it('returns partial data with the errors from raw()', async () => {
    const threadId = addThread();
    client = newClient(gh);
    const r = await client.raw<{ nodes: ({ id: string } | null)[] }>(NODES, { ids: [threadId, 'PRRT_missing'] });
    assert.deepEqual(r.data?.nodes, [{ id: threadId }, null]);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].type, 'NOT_FOUND');
    assert.deepEqual(r.errors[0].path, ['nodes', 1]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
