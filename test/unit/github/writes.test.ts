// The write lane over the test GitHub. Every wait runs on a FakeClock and every request
// timeout is fired by hand, so no test here can pass or fail by how fast the machine is.
import * as assert from 'node:assert/strict';
import { CancellationError } from '../../../src/common/errors';
import type { ThreadWriteItem, ThreadWriteResult, WriteWait } from '../../../src/engine/ports';
import type { GitHubClient } from '../../../src/github/client';
import { isGitHubAuthError } from '../../../src/github/errors';
import { GitHubThreads, type GitHubThreadsOptions } from '../../../src/github/githubThreads';
import { DEFAULT_REPLY_TEMPLATE } from '../../../src/model/options';
import { seedBigPullRequest } from '../../github/scenarios';
import { startTestGitHub, type TestGitHub } from '../../github/testGitHub';
import { assertAllRequestsValid, clientOn, FakeClock, waitFor, type ManualTimers } from './support';

const KEY = { owner: 'acme', name: 'widgets', number: 7 };

describe('GitHubThreads.write (the write lane)', () => {
  let gh: TestGitHub;
  let clock: FakeClock;
  let client: GitHubClient;
  let timers: ManualTimers;
  let ids: string[];

  beforeEach(async () => {
    gh = await startTestGitHub({ token: 'test-token' });
    clock = new FakeClock(gh);
    ({ client, timers } = clientOn(gh, clock));
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
  const mutations = () => gh.requests.filter((r) => r.kind === 'mutation');
  const replyItems = (from: number, to: number, reply = DEFAULT_REPLY_TEMPLATE): ThreadWriteItem[] =>
    ids.slice(from, to).map((threadId) => ({ threadId, reply, resolve: true }));
  const lane = (options: GitHubThreadsOptions = {}) => new GitHubThreads(client, { intervalMs: 0, clock, ...options });

  it('writes 25 threads in 3 requests of at most 10 threads, intervalMs apart', async () => {
    const finished: ThreadWriteResult[] = [];
    const items = replyItems(0, 25);
    const results = await lane({ batchSize: 10, intervalMs: 1000 }).write(items, { onDidWrite: (r) => finished.push(r) });

    assert.deepEqual(mutations().map((r) => r.topLevelFields), [20, 20, 10]);
    assert.deepEqual(client.requestCounts, { queries: 0, mutations: 3 });
    // One wait between consecutive requests, each after the previous one was answered.
    assert.deepEqual(clock.sleeps.map((s) => [s.ms, s.requestsSeen]), [[1000, 1], [1000, 2]]);
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
    const [r] = await lane().write(replyItems(0, 1, hostile));
    assert.equal(r.ok, true);
    assert.deepEqual(repliesOn(ids[0]), [hostile]);
    assert.ok(!mutations()[0].query.includes('rm -rf'));
    assert.ok(Object.values(mutations()[0].variables).includes(hostile));
  });

  it('reports the one failing thread and still resolves the others', async () => {
    gh.faults.failThread(ids[3]);
    const results = await lane().write(replyItems(0, 6));
    const bad = results[3];
    assert.deepEqual([bad.ok, bad.replied, bad.resolved], [false, false, false]);
    assert.match(bad.error!, /FORBIDDEN/);
    assert.equal(gh.store.getThread(ids[3])!.isResolved, false);
    for (const r of results.filter((_, i) => i !== 3)) {
      assert.equal(r.ok, true);
      assert.equal(gh.store.getThread(r.threadId)!.isResolved, true);
    }
    assert.equal(mutations().length, 1);
    // What GitHub holds for the failed one was read back before it was reported.
    assert.deepEqual(gh.requests.filter((r) => r.kind === 'query').map((r) => r.variables.ids), [[ids[3]]]);
  });

  it('splits batches that keep failing with 502 until they pass, writing each thread once', async () => {
    gh.faults.add({ status: 502, match: (r) => r.kind === 'mutation' && r.topLevelFields > 4, times: Infinity });
    const results = await lane({ batchSize: 10 }).write(replyItems(0, 10));
    assert.ok(results.every((r) => r.ok && r.replied && r.resolved), JSON.stringify(results.filter((r) => !r.ok)));
    for (const id of ids.slice(0, 10)) {
      assert.deepEqual(repliesOn(id), [DEFAULT_REPLY_TEMPLATE]);
      assert.equal(gh.store.getThread(id)!.isResolved, true);
    }
    assert.ok(mutations().filter((r) => r.status === 200).every((r) => r.topLevelFields <= 4));
    // Batches shrank by halves: 10 → 5 → 3/2 → …; each failed one was read back first.
    assert.deepEqual(mutations().filter((r) => r.status === 502).map((r) => r.topLevelFields / 2), [10, 5, 3, 5, 3]);
    assert.equal(gh.requests.filter((r) => r.operationName === 'ReviewThreadsState').length, 5);
    assertAllRequestsValid(gh);
  });

  it('never posts a reply twice when GitHub did the work before answering 502', async () => {
    gh.faults.add({ status: 502, afterExecute: true, match: (r) => r.kind === 'mutation' });
    const results = await lane().write(replyItems(0, 3));
    for (const r of results) {
      assert.deepEqual([r.ok, r.replied, r.resolved], [true, true, true]);
      assert.match(r.commentUrl!, /#discussion_r\d+$/);
      assert.deepEqual(repliesOn(r.threadId), [DEFAULT_REPLY_TEMPLATE]);
    }
    assert.equal(mutations().length, 1, 'nothing left to resend after reading back');
  });

  it('resends only the missing half of the work after a cut-off request', async () => {
    // The reply went through earlier (same text, by the viewer); the resolve did not.
    gh.store.addComment(ids[0], { author: 'octo-dev', body: DEFAULT_REPLY_TEMPLATE });
    gh.faults.add({ status: 504, match: (r) => r.kind === 'mutation' });
    const [r] = await lane().write(replyItems(0, 1));
    assert.equal(r.ok, true);
    assert.deepEqual(repliesOn(ids[0]), [DEFAULT_REPLY_TEMPLATE]);
    assert.equal(gh.store.getThread(ids[0])!.isResolved, true);
    assert.equal(mutations()[1].topLevelFields, 1, 'the resend only resolves');
  });

  it('reads back and resends after a reset connection', async () => {
    gh.faults.add({ reset: true, match: (r) => r.kind === 'mutation' });
    const results = await lane().write(replyItems(0, 4));
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
    // GitHub does the work and never answers; the client's timeout fires only once it has.
    gh.faults.add({ hang: true, afterExecute: true, match: (r) => r.kind === 'mutation' });
    const items = replyItems(0, 2);
    const writing = lane().write(items);
    await waitFor(() => items.every((x) => gh.store.getThread(x.threadId)!.isResolved) && timers.pending.size === 1);
    timers.fireAll();
    const results = await writing;
    assert.ok(results.every((r) => r.ok && r.replied && r.resolved), JSON.stringify(results));
    for (const x of items) assert.deepEqual(repliesOn(x.threadId), [DEFAULT_REPLY_TEMPLATE]);
    assert.deepEqual(gh.requests.map((r) => [r.operationName, r.status]), [['ReplyAndResolve', 0], ['ReviewThreadsState', 200]]);
  });

  it('gives up on a thread after a bounded number of cut-off tries', async () => {
    gh.faults.add({ status: 502, match: (r) => r.kind === 'mutation', times: Infinity });
    const [r] = await lane({ maxTries: 3 }).write(replyItems(0, 1));
    assert.equal(r.ok, false);
    assert.match(r.error!, /502/);
    assert.equal(mutations().length, 3);
    assert.deepEqual(repliesOn(ids[0]), []);
  });

  it('honours a rate limit on a mutation, says so before the wait, and writes once', async () => {
    gh.faults.add({ status: 429, retryAfter: 2, match: (r) => r.kind === 'mutation' });
    const waits: WriteWait[] = [];
    const start = clock.now();
    const results = await lane().write(replyItems(0, 2, 'ok'), { onDidWait: (w) => waits.push(w) });
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(clock.sleeps.map((s) => [s.ms, s.requestsSeen]), [[2000, 1]]);
    assert.deepEqual(waits, [{ until: start + 2000, reason: 'secondary-rate-limit' }]);
    assert.deepEqual(repliesOn(ids[0]), ['ok']);
  });

  it('does per thread what it is asked: resolve only, reply only, nothing', async () => {
    const results = await lane().write([
      { threadId: ids[0], resolve: true },
      { threadId: ids[1], reply: 'noted', resolve: false },
      { threadId: ids[2], resolve: false },
    ]);
    assert.deepEqual(results[0], { threadId: ids[0], replied: false, resolved: true, ok: true });
    assert.deepEqual(repliesOn(ids[0]), []);
    assert.deepEqual([results[1].ok, results[1].replied, results[1].resolved], [true, true, false]);
    assert.equal(gh.store.getThread(ids[1])!.isResolved, false);
    assert.deepEqual(repliesOn(ids[1]), ['noted']);
    assert.deepEqual(results[2], { threadId: ids[2], replied: false, resolved: false, ok: true });
    assert.deepEqual(mutations().map((r) => r.topLevelFields), [2]);
  });

  it('stops sending when aborted', async () => {
    const controller = new AbortController();
    const finished: string[] = [];
    const onDidWrite = (r: ThreadWriteResult) => {
      finished.push(r.threadId);
      controller.abort();
    };
    await assert.rejects(lane({ batchSize: 10 }).write(replyItems(0, 30), { signal: controller.signal, onDidWrite }), CancellationError);
    assert.equal(mutations().length, 1);
    assert.deepEqual(finished, ids.slice(0, 10));
    assert.ok(ids.slice(10).every((id) => !gh.store.getThread(id)!.isResolved && repliesOn(id).length === 0));
  });

  it('stops with GitHubAuthError when the token is refused', async () => {
    client.dispose();
    ({ client } = clientOn(gh, clock, { token: 'expired' }));
    await assert.rejects(lane().write(replyItems(0, 1, 'x')), (e) => isGitHubAuthError(e));
  });

  it('runs concurrent writes one after the other', async () => {
    const writer = lane({ batchSize: 2 });
    const [a, b] = await Promise.all([writer.write(replyItems(0, 4)), writer.write(replyItems(4, 8))]);
    assert.ok([...a, ...b].every((r) => r.ok));
    const order = mutations().map((r) => Object.values(r.variables).filter((v) => typeof v === 'string' && v.startsWith('PRRT_')));
    assert.deepEqual(order, [ids.slice(0, 2), ids.slice(2, 4), ids.slice(4, 6), ids.slice(6, 8)]);
  });
});
