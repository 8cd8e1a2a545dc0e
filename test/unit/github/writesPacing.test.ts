// The write lane against GitHub's documented secondary limits, enforced by the test GitHub
// on the same fake clock as the lane: minutes of pacing run in milliseconds, and exactly.
import * as assert from 'node:assert/strict';
import type { ThreadWriteItem, WriteWait } from '../../../src/engine/ports';
import type { GitHubClient } from '../../../src/github/client';
import { parseContentRate } from '../../../src/github/contentRate';
import { GitHubThreads, type GitHubThreadsOptions } from '../../../src/github/githubThreads';
import { seedBigPullRequest } from '../../github/scenarios';
import type { SecondaryLimitOptions } from '../../github/secondaryLimits';
import { startTestGitHub, type TestGitHub } from '../../github/testGitHub';
import { clientOn, FakeClock } from './support';

const KEY = { owner: 'acme', name: 'widgets', number: 7 };
const MIN = 60_000;
const HOUR = 3_600_000;

describe('GitHubThreads.write: pacing to GitHub\'s secondary limits', () => {
  let gh: TestGitHub;
  let clock: FakeClock;
  let client: GitHubClient;
  let ids: string[];
  let t0: number;

  async function start(threads: number, limits: Omit<SecondaryLimitOptions, 'now'>): Promise<void> {
    gh = await startTestGitHub({ token: 'test-token' });
    clock = new FakeClock(gh);
    t0 = clock.now();
    ({ client } = clientOn(gh, clock));
    gh.enforceSecondaryLimits({ ...limits, now: clock.now });
    ids = seedBigPullRequest(gh.store, { ...KEY, threads, resolved: 0, outdated: 0 }).threads.map((t) => t.id);
  }
  afterEach(async () => {
    client.dispose();
    await gh.close();
  });

  const items = (n: number): ThreadWriteItem[] => ids.slice(0, n).map((threadId) => ({ threadId, reply: 'Fixed', resolve: true }));
  const writer = (options: GitHubThreadsOptions = {}) => new GitHubThreads(client, { clock, ...options });
  const mutations = () => gh.requests.filter((r) => r.kind === 'mutation');
  const allDoneOnce = () =>
    ids.every((id) => gh.store.getThread(id)!.isResolved && gh.store.getThread(id)!.comments.filter((c) => c.body === 'Fixed').length === 1);

  it('250 replies at GitHub\'s 80 a minute: 25 requests, no refusal, a notice before each minute\'s wait', async () => {
    await start(250, {});
    const waits: WriteWait[] = [];
    const results = await writer().write(items(250), { onDidWait: (w) => waits.push(w) });
    assert.ok(results.every((r) => r.ok));
    assert.ok(allDoneOnce());
    assert.equal(mutations().length, 25);
    assert.deepEqual(gh.refusals, []);
    // 8 requests of 10 replies fill a minute (1 s apart); the 9th waits for the first to leave it.
    assert.deepEqual(waits, [
      { until: t0 + MIN, reason: 'content-minute' },
      { until: t0 + 2 * MIN, reason: 'content-minute' },
      { until: t0 + 3 * MIN, reason: 'content-minute' },
    ]);
    assert.equal(clock.now(), t0 + 3 * MIN);
    const minute = [...Array(7).fill(1000), MIN - 7000];
    assert.deepEqual(clock.sleeps.map((s) => s.ms), [...minute, ...minute, ...minute]);
    assert.deepEqual(clock.sleeps.filter((s) => s.ms > 1000).map((s) => s.requestsSeen), [8, 16, 24]);
  });

  it('says until when the hourly budget makes it wait, and keeps to it', async () => {
    const rate = '10/min,25/h';
    await start(30, { content: parseContentRate(rate) });
    const waits: WriteWait[] = [];
    const results = await writer({ contentRate: parseContentRate(rate), intervalMs: 0 }).write(items(30), { onDidWait: (w) => waits.push(w) });
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(gh.refusals, []);
    assert.deepEqual(waits, [
      { until: t0 + MIN, reason: 'content-minute' },
      { until: t0 + HOUR, reason: 'content-hour' },
    ]);
  });

  it('never puts more replies in one request than a window holds', async () => {
    await start(12, { content: [{ limit: 5, windowMs: MIN }] });
    const results = await writer({ contentRate: parseContentRate('5/min'), batchSize: 10, intervalMs: 0 }).write(items(12));
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(mutations().map((r) => r.topLevelFields / 2), [5, 5, 2]);
    assert.deepEqual(gh.refusals, []);
  });

  it('shares its ledger between writes: a second write waits for the first one\'s replies', async () => {
    await start(20, { content: [{ limit: 10, windowMs: MIN }] });
    const lane = writer({ contentRate: parseContentRate('10/min'), intervalMs: 0 });
    await lane.write(items(10));
    const waits: WriteWait[] = [];
    await lane.write(ids.slice(10, 20).map((threadId) => ({ threadId, reply: 'Fixed', resolve: true })), { onDidWait: (w) => waits.push(w) });
    assert.deepEqual(waits, [{ until: t0 + MIN, reason: 'content-minute' }]);
    assert.deepEqual(gh.refusals, []);
  });

  it('resolving alone is no content: only points and spacing pace it', async () => {
    await start(40, { content: [{ limit: 1, windowMs: MIN }] });
    const results = await writer({ contentRate: parseContentRate('1/min'), intervalMs: 0 }).write(ids.map((threadId) => ({ threadId, resolve: true })));
    assert.ok(results.every((r) => r.ok && r.resolved));
    assert.deepEqual(clock.sleeps, []);
    assert.equal(mutations().length, 4);
  });

  it('keeps to the points limit', async () => {
    await start(40, { points: [{ limit: 12, windowMs: MIN }] });
    const waits: WriteWait[] = [];
    await writer({ pointRate: [{ limit: 12, windowMs: MIN }], intervalMs: 0, batchSize: 10 }).write(
      ids.map((threadId) => ({ threadId, resolve: true })),
      { onDidWait: (w) => waits.push(w) },
    );
    assert.deepEqual(gh.refusals, []);
    // 5 points a request: two fit in 12, the third waits until the first two have left.
    assert.deepEqual(waits, [{ until: t0 + MIN, reason: 'points-minute' }]);
    assert.equal(mutations().length, 4);
  });

  it('a secondary limit without Retry-After (limits stricter than --content-rate): waits a minute, says so, goes on', async () => {
    await start(12, { content: [{ limit: 10, windowMs: 30_000 }], retryAfter: 'none' });
    const waits: WriteWait[] = [];
    const results = await writer({ intervalMs: 0, batchSize: 10 }).write(items(12), { onDidWait: (w) => waits.push(w) });
    assert.ok(results.every((r) => r.ok));
    assert.ok(allDoneOnceAmong(gh, ids.slice(0, 12)));
    assert.equal(gh.refusals.length, 1);
    assert.deepEqual(waits, [{ until: t0 + MIN, reason: 'secondary-rate-limit' }]);
    assert.deepEqual(clock.sleeps.map((s) => s.ms), [MIN]);
  });

  it('announces no wait shorter than noticeAfterMs, nor the spacing between requests', async () => {
    await start(20, { content: [{ limit: 10, windowMs: 1500 }] });
    const waits: WriteWait[] = [];
    await writer({ contentRate: parseContentRate('10/1500ms'), intervalMs: 1000 }).write(items(20), { onDidWait: (w) => waits.push(w) });
    assert.deepEqual(waits, []);
    assert.deepEqual(clock.sleeps.map((s) => s.ms), [1500]);
    assert.deepEqual(gh.refusals, []);
  });
});

function allDoneOnceAmong(gh: TestGitHub, ids: readonly string[]): boolean {
  return ids.every((id) => gh.store.getThread(id)!.isResolved && gh.store.getThread(id)!.comments.filter((c) => c.body === 'Fixed').length === 1);
}
