import * as assert from 'node:assert/strict';
import { seedBigPullRequest } from './scenarios';
import { post } from './testClient';
import { startTestGitHub, type TestGitHub } from './testGitHub';

const KEY = { owner: 'acme', name: 'widgets', number: 7 };

/** Replies to (and resolves) the given threads in one aliased request. */
function batch(ids: readonly string[], resolve = false): [string, Record<string, unknown>] {
  const vars: Record<string, unknown> = {};
  const params: string[] = [];
  const fields = ids.map((id, i) => {
    vars[`t${i}`] = id;
    params.push(`$t${i}: ID!`);
    const reply = `r${i}: addPullRequestReviewThreadReply(input: { pullRequestReviewThreadId: $t${i}, body: "Fixed" }) { comment { id } }`;
    return resolve ? `s${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id } }` : reply;
  });
  return [`mutation Batch(${params.join(', ')}) { ${fields.join(' ')} }`, vars];
}

describe('test GitHub: secondary rate limits (opt-in)', () => {
  let gh: TestGitHub;
  let ids: string[];
  let now: number;

  beforeEach(async () => {
    gh = await startTestGitHub();
    ids = seedBigPullRequest(gh.store, { ...KEY, threads: 40, resolved: 0, outdated: 0 }).threads.map((t) => t.id);
    now = 1_000_000;
  });
  afterEach(async () => {
    await gh.close();
  });

  function replies(): number {
    return ids.reduce((n, id) => n + gh.store.getThread(id)!.comments.length - 1, 0);
  }

  it('is off unless asked for', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await post(gh, ...batch(ids.slice(0, 30)))).status, 200);
    assert.equal(replies(), 90);
    assert.deepEqual(gh.refusals, []);
  });

  it('counts each aliased reply, refuses past the window with GitHub\'s 403 and runs nothing of it', async () => {
    gh.enforceSecondaryLimits({ content: [{ limit: 20, windowMs: 6000 }], now: () => now });
    assert.equal((await post(gh, ...batch(ids.slice(0, 15)))).status, 200);
    const refused = await post(gh, ...batch(ids.slice(15, 21)));
    assert.equal(refused.status, 403);
    assert.match(refused.json.message ?? '', /secondary rate limit/);
    assert.match(refused.json.documentation_url ?? '', /#secondary-rate-limits$/);
    assert.equal(refused.headers.get('retry-after'), null, 'no Retry-After unless configured');
    assert.equal(replies(), 15);
    assert.equal((await post(gh, ...batch(ids.slice(15, 20)))).status, 200, 'what fits still goes through');
    assert.equal(gh.refusals.length, 1);
    assert.deepEqual({ ...gh.refusals[0], window: undefined }, { at: now, operationName: 'Batch', limit: 'content', window: undefined, status: 403, used: 15, cost: 6 });
    assert.equal(gh.requests[1].faulted, 'secondary rate limit (content 20/6000ms)');
    assert.equal(gh.requests[1].status, 403);
  });

  it('slides: a charge leaves the window exactly windowMs after it came', async () => {
    gh.enforceSecondaryLimits({ content: [{ limit: 10, windowMs: 6000 }], now: () => now });
    assert.equal((await post(gh, ...batch(ids.slice(0, 10)))).status, 200);
    now += 3000;
    assert.equal((await post(gh, ...batch(ids.slice(10, 11)))).status, 403);
    now += 2999;
    assert.equal((await post(gh, ...batch(ids.slice(10, 11)))).status, 403);
    now += 1;
    assert.equal((await post(gh, ...batch(ids.slice(10, 20)))).status, 200);
  });

  it('holds several windows at once: the hour after the minute', async () => {
    gh.enforceSecondaryLimits({ content: [{ limit: 10, windowMs: 6000 }, { limit: 15, windowMs: 360_000 }], now: () => now });
    assert.equal((await post(gh, ...batch(ids.slice(0, 10)))).status, 200);
    now += 6000;
    assert.equal((await post(gh, ...batch(ids.slice(10, 20)))).status, 403);
    assert.equal(gh.refusals[0].window.windowMs, 360_000);
    assert.equal((await post(gh, ...batch(ids.slice(10, 15)))).status, 200);
  });

  it('answers Retry-After as configured: fixed, or until the window has room', async () => {
    gh.enforceSecondaryLimits({ content: [{ limit: 10, windowMs: 60_000 }], retryAfter: 'until-free', now: () => now });
    await post(gh, ...batch(ids.slice(0, 4)));
    now += 20_000;
    await post(gh, ...batch(ids.slice(4, 10)));
    now += 10_000;
    // 3 more need the first charge (4 replies, 30 s ago) to leave: 30 s from now.
    const refused = await post(gh, ...batch(ids.slice(10, 13)));
    assert.equal(refused.headers.get('retry-after'), '30');
    gh.enforceSecondaryLimits({ content: [{ limit: 1, windowMs: 60_000 }], retryAfter: 7, status: 429, now: () => now });
    await post(gh, ...batch(ids.slice(13, 14)));
    const limited = await post(gh, ...batch(ids.slice(14, 15)));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
  });

  it('counts a batch as one request when told to, and resolves as no content', async () => {
    gh.enforceSecondaryLimits({ content: [{ limit: 2, windowMs: 6000 }], countBatch: 'per-request', now: () => now });
    assert.equal((await post(gh, ...batch(ids.slice(0, 10)))).status, 200);
    assert.equal((await post(gh, ...batch(ids.slice(10, 20)))).status, 200);
    assert.equal((await post(gh, ...batch(ids.slice(0, 20), true))).status, 200, 'resolving creates no content');
    assert.equal((await post(gh, ...batch(ids.slice(20, 21)))).status, 403);
  });

  it('charges points: 5 a mutation, 1 a query', async () => {
    gh.enforceSecondaryLimits({ points: [{ limit: 12, windowMs: 60_000 }], now: () => now });
    assert.equal((await post(gh, ...batch(ids.slice(0, 1), true))).status, 200);
    assert.equal((await post(gh, ...batch(ids.slice(1, 2), true))).status, 200);
    assert.equal((await post(gh, '{ viewer { login } }')).status, 200);
    assert.equal((await post(gh, '{ viewer { login } }')).status, 200);
    assert.equal((await post(gh, ...batch(ids.slice(2, 3), true))).status, 403);
    assert.equal(gh.refusals[0].limit, 'points');
    assert.equal((await post(gh, '{ viewer { login } }')).status, 403);
  });

  it('can be enforced from the start and stopped', async () => {
    const other = await startTestGitHub({ secondaryLimits: { content: [{ limit: 1, windowMs: 60_000 }] } });
    try {
      const otherIds = seedBigPullRequest(other.store, { ...KEY, threads: 3, resolved: 0, outdated: 0 }).threads.map((t) => t.id);
      assert.equal((await post(other, ...batch(otherIds.slice(0, 1)))).status, 200);
      assert.equal((await post(other, ...batch(otherIds.slice(1, 2)))).status, 403);
      other.enforceSecondaryLimits(false);
      assert.equal((await post(other, ...batch(otherIds.slice(1, 2)))).status, 200);
    } finally {
      await other.close();
    }
  });
});
