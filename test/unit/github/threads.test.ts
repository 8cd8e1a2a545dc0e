import * as assert from 'node:assert/strict';
import type { GitHubClient } from '../../../src/github/client';
import { isGitHubNotFoundError } from '../../../src/github/errors';
import { fetchPullRequestWithThreads, fetchReviewThreads } from '../../../src/github/threads';
import { seedBigPullRequest } from '../../github/scenarios';
import { startTestGitHub, type TestGitHub } from '../../github/testGitHub';
import { assertAllRequestsValid, newClient } from './support';

const PR = { owner: 'acme', repo: 'widgets', number: 7 };
const KEY = { owner: 'acme', name: 'widgets', number: 7 };

describe('fetchReviewThreads', () => {
  let gh: TestGitHub;
  let client: GitHubClient;

  beforeEach(async () => {
    gh = await startTestGitHub({ token: 'test-token' });
    client = newClient(gh);
  });
  afterEach(async () => {
    client.dispose();
    await gh.close();
  });

  it('pages 250 threads over 3 requests, unresolved only, in order', async () => {
    const seeded = seedBigPullRequest(gh.store, { ...KEY, threads: 250, resolved: 10, outdated: 5 });
    const threads = await fetchReviewThreads(client, PR);
    assert.deepEqual(threads.map((t) => t.id), seeded.unresolved.map((t) => t.id));
    assert.equal(threads.length, 240);
    assert.ok(threads.every((t) => !t.isResolved));
    const pages = gh.requests.filter((r) => r.operationName === 'PullRequestThreads');
    assert.equal(pages.length, 3);
    assert.equal(gh.requests.length, 3);
    assertAllRequestsValid(gh);
  });

  it('includes resolved threads when asked', async () => {
    const seeded = seedBigPullRequest(gh.store, { ...KEY, threads: 30, resolved: 4, outdated: 0 });
    const threads = await fetchReviewThreads(client, PR, { includeResolved: true });
    assert.equal(threads.length, 30);
    assert.deepEqual(threads.filter((t) => t.isResolved).map((t) => t.id), seeded.resolved.map((t) => t.id));
  });

  it('keeps outdated threads and marks them', async () => {
    const seeded = seedBigPullRequest(gh.store, { ...KEY, threads: 40, resolved: 0, outdated: 5 });
    const threads = await fetchReviewThreads(client, PR);
    const outdated = threads.filter((t) => t.isOutdated);
    assert.deepEqual(outdated.map((t) => t.id), seeded.outdated.map((t) => t.id));
    assert.equal(outdated.length, 5);
    for (const t of outdated) {
      assert.equal(t.line, null);
      assert.equal(typeof t.originalLine, 'number');
    }
  });

  it('reads a 150-comment thread completely and in order', async () => {
    const seeded = seedBigPullRequest(gh.store, { ...KEY, threads: 3, resolved: 0, outdated: 0, longThread: { comments: 150 } });
    const threads = await fetchReviewThreads(client, PR);
    const long = threads.find((t) => t.id === seeded.longThread!.id)!;
    assert.equal(long.comments.length, 150);
    assert.deepEqual(long.comments.map((c) => c.id), seeded.longThread!.comments.map((c) => c.id));
    assert.equal(long.comments[149].body, 'Reply 149 on thread 1.');
    assert.equal(long.url, long.comments[0].url);
    assertAllRequestsValid(gh);
  });

  it('stays within 4 requests + 1 per long thread for 250 threads and one of 130 comments', async () => {
    const seeded = seedBigPullRequest(gh.store, { ...KEY, threads: 250, longThread: { comments: 130 }, outdated: 5, resolved: 10 });
    const threads = await fetchReviewThreads(client, PR);
    assert.equal(threads.length, 240);
    assert.equal(threads.find((t) => t.id === seeded.longThread!.id)!.comments.length, 130);
    assert.ok(gh.requests.length <= 4 + 1, `${gh.requests.length} requests`);
    // 3 pages of threads and one comments page.
    assert.equal(gh.requests.length, 4);
    assert.equal(client.requestCounts.queries, gh.requests.length);
    assertAllRequestsValid(gh);
  });

  it('pages several long threads together, each past 100 comments', async () => {
    gh.store.addPullRequest({ owner: 'acme', name: 'widgets' }, { number: 7, headRefName: 'feature/x' });
    const sizes = [150, 250, 101, 3];
    const ids = sizes.map((n, i) =>
      gh.store.addThread(KEY, {
        path: `f${i}.ts`,
        line: 1,
        comments: Array.from({ length: n }, (_, c) => ({ author: 'mona', body: `t${i} c${c}` })),
      }).id,
    );
    const threads = await fetchReviewThreads(client, PR);
    assert.deepEqual(threads.map((t) => t.comments.length), sizes);
    threads.forEach((t, i) => assert.deepEqual(t.comments.map((c) => c.body), Array.from({ length: sizes[i] }, (_, c) => `t${i} c${c}`)));
    assert.deepEqual(threads.map((t) => t.id), ids);
    // One page of threads, one request for the second comment page of 3 threads, one for the third of 1.
    assert.deepEqual(gh.requests.map((r) => r.operationName), ['PullRequestThreads', 'ReviewThreadComments', 'ReviewThreadComments']);
    assertAllRequestsValid(gh);
  });

  it('maps fields, the first diff hunk, and a deleted author to ghost', async () => {
    gh.store.addPullRequest(
      { owner: 'acme', name: 'widgets' },
      { number: 7, title: 'Tidy', headRefName: 'feature/tidy', files: { 'src/a.ts': 'one\ntwo\nthree\nfour\n' } },
    );
    const t = gh.store.addThread(KEY, {
      path: 'src/a.ts',
      line: 3,
      startLine: 2,
      diffSide: 'RIGHT',
      comments: [
        { author: null, body: 'Please rename.' },
        { author: 'mona', body: 'Agreed.' },
      ],
    });
    const { pullRequest, threads } = await fetchPullRequestWithThreads(client, PR);
    assert.equal(gh.requests.length, 1, 'the pull request comes with the first page');
    assert.equal(pullRequest.title, 'Tidy');
    assert.equal(pullRequest.headRefName, 'feature/tidy');
    assert.equal(pullRequest.id, gh.store.getPullRequest(KEY)!.id);
    assert.equal(pullRequest.headRefOid, gh.store.getPullRequest(KEY)!.headRefOid);
    assert.equal(pullRequest.state, 'OPEN');
    const [got] = threads;
    assert.equal(got.id, t.id);
    assert.equal(got.path, 'src/a.ts');
    assert.equal(got.line, 3);
    assert.equal(got.startLine, 2);
    assert.equal(got.diffSide, 'RIGHT');
    assert.equal(got.diffHunk, t.diffHunk);
    assert.ok(got.diffHunk && got.diffHunk.length > 0);
    assert.equal(got.viewerCanResolve, true);
    assert.deepEqual(got.comments.map((c) => c.author), ['ghost', 'mona']);
  });

  it('says which pull request or repository was not found', async () => {
    gh.store.addRepository({ owner: 'acme', name: 'widgets' });
    await assert.rejects(
      fetchReviewThreads(client, { owner: 'acme', repo: 'widgets', number: 999 }),
      (e) => isGitHubNotFoundError(e) && e.message === 'Pull request #999 was not found in acme/widgets: check --pr and --repo.',
    );
    await assert.rejects(
      fetchReviewThreads(client, { owner: 'acme', repo: 'nothing', number: 1 }),
      (e) => isGitHubNotFoundError(e) && /^Repository acme\/nothing was not found/.test(e.message) && /--repo/.test(e.message),
    );
  });
});
