import * as assert from 'node:assert/strict';
import { CancellationError } from '../../../src/common/errors';
import type { GitHubClient } from '../../../src/github/client';
import { isGitHubAuthError } from '../../../src/github/errors';
import { DEFAULT_REPLY_TEMPLATE } from '../../../src/model/defaults';
import { replyAndResolve, type WriteResult } from '../../../src/github/writes';
import { seedBigPullRequest } from '../../github/scenarios';
import { startTestGitHub, type TestGitHub } from '../../github/testGitHub';
import { assertAllRequestsValid, newClient, recordingSleep } from './support';

const KEY = { owner: 'acme', name: 'widgets', number: 7 };

describe('replyAndResolve (the write lane)', () => {
  let gh: TestGitHub;
  let client: GitHubClient;
  let ids: string[];

  beforeEach(async () => {
    gh = await startTestGitHub({ token: 'test-token' });
    client = newClient(gh);
    ids = seedBigPullRequest(gh.store, { ...KEY, threads: 30, resolved: 0, outdated: 0 }).threads.map((t) => t.id);
  });
  afterEach(async () => {
    client.dispose();
    await gh.close();
  });

  /** The viewer's replies on a thread (what GitHub shows under it). */
  function repliesOn(id: string): string[] {
    return gh.store.getThread(id)!.comments.filter((c) => c.author === 'octo-dev').map((c) => c.body);
  }

  function mutations() {
    return gh.requests.filter((r) => r.kind === 'mutation');
  }

  it('writes 25 threads in 3 spaced requests of at most 10 threads', async () => {
    const { sleep, waits } = recordingSleep(gh);
    const finished: WriteResult[] = [];
    const items = ids.slice(0, 25).map((threadId) => ({ threadId, reply: DEFAULT_REPLY_TEMPLATE }));
    const results = await replyAndResolve(client, items, { batchSize: 10, intervalMs: 1000, sleep, onDidFinishThread: (r) => finished.push(r) });

    assert.equal(mutations().length, 3);
    assert.deepEqual(mutations().map((r) => r.topLevelFields), [20, 20, 10]);
    assert.deepEqual(client.requestCounts, { queries: 0, mutations: 3 });
    // Spacing: one wait between consecutive requests, each after the previous one was sent.
    assert.deepEqual(waits, [{ ms: 1000, requestsSeen: 1 }, { ms: 1000, requestsSeen: 2 }]);
    assert.deepEqual(results.map((r) => r.threadId), items.map((i) => i.threadId));
    for (const r of results) {
      assert.deepEqual({ ...r, commentUrl: undefined }, { threadId: r.threadId, replied: true, resolved: true, ok: true, commentUrl: undefined });
      assert.match(r.commentUrl!, /#discussion_r\d+$/);
      assert.equal(gh.store.getThread(r.threadId)!.isResolved, true);
      assert.deepEqual(repliesOn(r.threadId), [DEFAULT_REPLY_TEMPLATE]);
    }
    assert.equal(finished.length, 25);
    assert.equal(gh.store.getThread(ids[25])!.isResolved, false, 'threads not listed are left alone');
    assertAllRequestsValid(gh);
  });

  it('sends reply text only as a variable', async () => {
    const hostile = 'Done $(rm -rf ~) `id` " } mutation X { y } \n# {sha}';
    const [r] = await replyAndResolve(client, [{ threadId: ids[0], reply: hostile }], { intervalMs: 0 });
    assert.equal(r.ok, true);
    assert.deepEqual(repliesOn(ids[0]), [hostile]);
    assert.ok(!mutations()[0].query.includes('rm -rf'));
    assert.ok(Object.values(mutations()[0].variables).includes(hostile));
  });

  it('reports the one failing thread and still resolves the others', async () => {
    gh.faults.failThread(ids[3]);
    const items = ids.slice(0, 6).map((threadId) => ({ threadId, reply: DEFAULT_REPLY_TEMPLATE }));
    const results = await replyAndResolve(client, items, { intervalMs: 0 });
    const bad = results[3];
    assert.equal(bad.ok, false);
    assert.equal(bad.resolved, false);
    assert.equal(bad.replied, false);
    assert.match(bad.error!, /FORBIDDEN/);
    assert.equal(gh.store.getThread(ids[3])!.isResolved, false);
    for (const r of results.filter((_, i) => i !== 3)) {
      assert.equal(r.ok, true);
      assert.equal(gh.store.getThread(r.threadId)!.isResolved, true);
    }
    assert.equal(mutations().length, 1);
  });

  it('splits batches that keep failing with 502 until they pass, writing each thread once', async () => {
    gh.faults.add({ status: 502, match: (r) => r.kind === 'mutation' && r.topLevelFields > 4, times: Infinity });
    const items = ids.slice(0, 10).map((threadId) => ({ threadId, reply: DEFAULT_REPLY_TEMPLATE }));
    const results = await replyAndResolve(client, items, { batchSize: 10, intervalMs: 0 });
    assert.ok(results.every((r) => r.ok && r.replied && r.resolved), JSON.stringify(results.filter((r) => !r.ok)));
    for (const id of ids.slice(0, 10)) {
      assert.deepEqual(repliesOn(id), [DEFAULT_REPLY_TEMPLATE]);
      assert.equal(gh.store.getThread(id)!.isResolved, true);
    }
    const passed = mutations().filter((r) => r.status === 200);
    assert.ok(passed.every((r) => r.topLevelFields <= 4));
    // Batches shrank by halves: 10 → 5 → 3/2 → …; each failed one was read back first.
    assert.deepEqual(mutations().filter((r) => r.status === 502).map((r) => r.topLevelFields / 2), [10, 5, 3, 5, 3]);
    assert.equal(gh.requests.filter((r) => r.operationName === 'ReviewThreadsState').length, 5);
    assertAllRequestsValid(gh);
  });

  it('never posts a reply twice when GitHub did the work before answering 502', async () => {
    gh.faults.add({ status: 502, afterExecute: true, match: (r) => r.kind === 'mutation' });
    const items = ids.slice(0, 3).map((threadId) => ({ threadId, reply: DEFAULT_REPLY_TEMPLATE }));
    const results = await replyAndResolve(client, items, { intervalMs: 0 });
    for (const r of results) {
      assert.equal(r.ok, true);
      assert.equal(r.replied, true);
      assert.equal(r.resolved, true);
      assert.match(r.commentUrl!, /#discussion_r\d+$/);
      assert.deepEqual(repliesOn(r.threadId), [DEFAULT_REPLY_TEMPLATE]);
    }
    assert.equal(mutations().length, 1, 'nothing left to resend after reading back');
  });

  it('resends only the missing half of the work after a cut-off request', async () => {
    // The reply went through earlier (same text, by the viewer); the resolve did not.
    gh.store.addComment(ids[0], { author: 'octo-dev', body: DEFAULT_REPLY_TEMPLATE });
    gh.faults.add({ status: 504, match: (r) => r.kind === 'mutation' });
    const [r] = await replyAndResolve(client, [{ threadId: ids[0], reply: DEFAULT_REPLY_TEMPLATE }], { intervalMs: 0 });
    assert.equal(r.ok, true);
    assert.deepEqual(repliesOn(ids[0]), [DEFAULT_REPLY_TEMPLATE]);
    assert.equal(gh.store.getThread(ids[0])!.isResolved, true);
    const resent = mutations()[1];
    assert.equal(resent.topLevelFields, 1, 'the resend only resolves');
  });

  it('reads back and resends after a reset connection', async () => {
    gh.faults.add({ reset: true, match: (r) => r.kind === 'mutation' });
    const items = ids.slice(0, 4).map((threadId) => ({ threadId, reply: DEFAULT_REPLY_TEMPLATE }));
    const results = await replyAndResolve(client, items, { intervalMs: 0 });
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(gh.requests.map((r) => [r.operationName, r.status]), [
      ['ReplyAndResolve', 0],
      ['ReviewThreadsState', 200],
      ['ReplyAndResolve', 200],
      ['ReplyAndResolve', 200],
    ]);
    for (const id of ids.slice(0, 4)) assert.deepEqual(repliesOn(id), [DEFAULT_REPLY_TEMPLATE]);
  });

  it('treats a timed-out request as possibly done: reads back before resending', async () => {
    client.dispose();
    client = newClient(gh, { requestTimeoutMs: 100 });
    // GitHub finishes the request late, after the client gave up on it.
    gh.faults.add({ delayMs: 300, match: (r) => r.kind === 'mutation' });
    const items = ids.slice(0, 2).map((threadId) => ({ threadId, reply: DEFAULT_REPLY_TEMPLATE }));
    // The lane's spacing wait before the read-back lasts until GitHub has done the work.
    const untilDone = async () => {
      for (let i = 0; i < 500 && !items.every((x) => gh.store.getThread(x.threadId)!.isResolved); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const results = await replyAndResolve(client, items, { intervalMs: 1, sleep: untilDone });
    assert.ok(results.every((r) => r.ok && r.replied && r.resolved));
    for (const x of items) assert.deepEqual(repliesOn(x.threadId), [DEFAULT_REPLY_TEMPLATE]);
    assert.equal(mutations().length, 1);
    assert.equal(gh.requests.filter((r) => r.operationName === 'ReviewThreadsState').length, 1);
  });

  it('gives up on a thread after a bounded number of cut-off tries', async () => {
    gh.faults.add({ status: 502, match: (r) => r.kind === 'mutation', times: Infinity });
    const [r] = await replyAndResolve(client, [{ threadId: ids[0], reply: DEFAULT_REPLY_TEMPLATE }], { intervalMs: 0, maxTries: 3 });
    assert.equal(r.ok, false);
    assert.match(r.error!, /502/);
    assert.equal(mutations().length, 3);
    assert.deepEqual(repliesOn(ids[0]), []);
  });

  it('honours a rate limit on a mutation and writes once', async () => {
    const { sleep, waits } = recordingSleep(gh);
    client.dispose();
    client = newClient(gh, { sleep });
    gh.faults.add({ status: 429, retryAfter: 2, match: (r) => r.kind === 'mutation' });
    const results = await replyAndResolve(client, ids.slice(0, 2).map((threadId) => ({ threadId, reply: 'ok' })), { intervalMs: 0 });
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(waits, [{ ms: 2000, requestsSeen: 1 }]);
    assert.deepEqual(repliesOn(ids[0]), ['ok']);
  });

  it('resolves without replying when no reply is given, and replies only with resolve: false', async () => {
    const [a] = await replyAndResolve(client, [{ threadId: ids[0] }], { intervalMs: 0 });
    assert.deepEqual(a, { threadId: ids[0], replied: false, resolved: true, ok: true });
    assert.deepEqual(repliesOn(ids[0]), []);
    const [b] = await replyAndResolve(client, [{ threadId: ids[1], reply: 'noted' }], { intervalMs: 0, resolve: false });
    assert.equal(b.ok, true);
    assert.equal(b.resolved, false);
    assert.equal(gh.store.getThread(ids[1])!.isResolved, false);
    assert.deepEqual(repliesOn(ids[1]), ['noted']);
  });

  it('stops sending when aborted', async () => {
    const controller = new AbortController();
    const finished: string[] = [];
    const items = ids.slice(0, 30).map((threadId) => ({ threadId, reply: DEFAULT_REPLY_TEMPLATE }));
    await assert.rejects(
      replyAndResolve(client, items, {
        batchSize: 10,
        intervalMs: 0,
        signal: controller.signal,
        onDidFinishThread: (r) => {
          finished.push(r.threadId);
          controller.abort();
        },
      }),
      CancellationError,
    );
    assert.equal(mutations().length, 1);
    assert.deepEqual(finished, ids.slice(0, 10));
    assert.ok(ids.slice(10).every((id) => !gh.store.getThread(id)!.isResolved && repliesOn(id).length === 0));
  });

  it('stops with GitHubAuthError when the token is refused', async () => {
    client.dispose();
    client = newClient(gh, { token: 'expired' });
    await assert.rejects(replyAndResolve(client, [{ threadId: ids[0], reply: 'x' }], { intervalMs: 0 }), (e) => isGitHubAuthError(e));
  });
});
