import * as assert from 'node:assert/strict';
import { decodeCursor, encodeCursor, paginate } from './connection';
import { isGitHubFieldError } from './fieldError';
import { seedBigPullRequest } from './scenarios';
import { post } from './testClient';
import { startTestGitHub, type TestGitHub } from './testGitHub';

const THREADS_PAGE = `query Threads($after: String, $first: Int) {
  repository(owner: "acme", name: "big") { pullRequest(number: 7) {
    reviewThreads(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id isResolved isOutdated line } }
    }
  } }
}`;

interface ThreadsPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string; isResolved: boolean; isOutdated: boolean; line: number | null } }[];
}

function threadsOf(data: Record<string, unknown> | null | undefined): ThreadsPage {
  return (data as { repository: { pullRequest: { reviewThreads: ThreadsPage } } }).repository.pullRequest.reviewThreads;
}

describe('test GitHub: cursor connections', () => {
  describe('paginate', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);

    it('pages forward and backward with opaque cursors', () => {
      const a = paginate(items, { first: 4 }, 'x');
      assert.deepEqual(a.nodes, [0, 1, 2, 3]);
      assert.equal(a.pageInfo.hasNextPage, true);
      assert.equal(a.pageInfo.hasPreviousPage, false);
      assert.doesNotMatch(a.pageInfo.endCursor ?? '', /^\d+$/);
      const b = paginate(items, { first: 4, after: a.pageInfo.endCursor }, 'x');
      assert.deepEqual(b.nodes, [4, 5, 6, 7]);
      assert.equal(b.pageInfo.hasPreviousPage, true);
      const last = paginate(items, { last: 3 }, 'x');
      assert.deepEqual(last.nodes, [7, 8, 9]);
      assert.equal(last.pageInfo.hasNextPage, false);
      const before = paginate(items, { last: 3, before: last.pageInfo.startCursor }, 'x');
      assert.deepEqual(before.nodes, [4, 5, 6]);
      const between = paginate(items, { first: 10, after: encodeCursor(1), before: encodeCursor(4) }, 'x');
      assert.deepEqual(between.nodes, [2, 3]);
      assert.equal(paginate(items, { first: 2, skip: 3 }, 'x').nodes[0], 3);
      assert.equal(paginate(items, { first: 5, after: encodeCursor(9) }, 'x').nodes.length, 0);
      assert.equal(paginate([], { first: 5 }, 'x').pageInfo.endCursor, null);
    });

    it('round-trips cursors and refuses foreign ones', () => {
      assert.equal(decodeCursor(encodeCursor(42)), 42);
      assert.throws(() => decodeCursor('bm9wZQ=='), (e) => isGitHubFieldError(e) && e.type === 'INVALID_CURSOR_ARGUMENTS');
      assert.throws(() => decodeCursor('42'), (e) => isGitHubFieldError(e));
    });

    it('enforces first/last like GitHub', () => {
      assert.throws(
        () => paginate(items, {}, 'comments'),
        (e) => isGitHubFieldError(e) && e.type === 'MISSING_PAGINATION_BOUNDARIES',
      );
      assert.throws(
        () => paginate(items, { last: 101 }, 'comments'),
        (e) =>
          isGitHubFieldError(e) &&
          e.type === 'EXCESSIVE_PAGINATION' &&
          e.message === 'Requesting 101 records on the `comments` connection exceeds the `last` limit of 100 records.',
      );
      assert.throws(() => paginate(items, { first: -1 }, 'comments'), (e) => isGitHubFieldError(e));
      assert.equal(paginate(items, { first: 100 }, 'comments').nodes.length, 10);
    });
  });

  describe('over HTTP', () => {
    let gh: TestGitHub;

    before(async () => {
      gh = await startTestGitHub();
      seedBigPullRequest(gh.store, { owner: 'acme', name: 'big', number: 7, threads: 250, longThread: { comments: 130 }, outdated: 5, resolved: 10 });
    });

    after(async () => {
      await gh.close();
    });

    it('pages 250 review threads in 3 pages of at most 100 with real cursors', async () => {
      const seen: string[] = [];
      const pages: ThreadsPage[] = [];
      let after: string | null = null;
      do {
        const res = await post(gh, THREADS_PAGE, { first: 100, after });
        assert.equal(res.json.errors, undefined);
        const page = threadsOf(res.json.data);
        pages.push(page);
        seen.push(...page.edges.map((e) => e.node.id));
        assert.equal(page.pageInfo.endCursor, page.edges[page.edges.length - 1].cursor);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      assert.deepEqual(pages.map((p) => p.edges.length), [100, 100, 50]);
      assert.deepEqual(pages.map((p) => p.pageInfo.hasPreviousPage), [false, true, true]);
      assert.equal(pages[0].totalCount, 250);
      assert.equal(new Set(seen).size, 250);
      assert.deepEqual(seen, gh.store.threadsOf({ owner: 'acme', name: 'big', number: 7 }).map((t) => t.id));
      const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
      assert.equal(nodes.filter((n) => n.isResolved).length, 10);
      assert.equal(nodes.filter((n) => !n.isResolved && n.isOutdated && n.line === null).length, 5);
    });

    it("pages a long thread's comments past 100", async () => {
      const q = `query($after: String) { repository(owner: "acme", name: "big") { pullRequest(number: 7) {
        reviewThreads(first: 2) { nodes { comments(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } } }
      } } }`;
      type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string }[] };
      const pick = (data: unknown) =>
        (data as { repository: { pullRequest: { reviewThreads: { nodes: { comments: Page }[] } } } }).repository.pullRequest.reviewThreads.nodes[1].comments;
      const one = pick((await post(gh, q)).json.data);
      assert.equal(one.totalCount, 130);
      assert.equal(one.nodes.length, 100);
      assert.equal(one.pageInfo.hasNextPage, true);
      const two = pick((await post(gh, q, { after: one.pageInfo.endCursor })).json.data);
      assert.equal(two.nodes.length, 30);
      assert.equal(two.pageInfo.hasNextPage, false);
    });

    it('rejects first: 101 with GitHub message, type and path', async () => {
      const res = await post(gh, THREADS_PAGE, { first: 101 });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.data, { repository: { pullRequest: null } });
      const [e] = res.json.errors ?? [];
      assert.equal(e.type, 'EXCESSIVE_PAGINATION');
      assert.equal(e.message, 'Requesting 101 records on the `reviewThreads` connection exceeds the `first` limit of 100 records.');
      assert.deepEqual(e.path, ['repository', 'pullRequest', 'reviewThreads']);
    });

    it('rejects a connection without first or last', async () => {
      const res = await post(gh, THREADS_PAGE, {});
      const [e] = res.json.errors ?? [];
      assert.equal(e.type, 'MISSING_PAGINATION_BOUNDARIES');
      assert.equal(e.message, 'You must provide a `first` or `last` value to properly paginate the `reviewThreads` connection.');
    });

    it('rejects a cursor it did not issue', async () => {
      const res = await post(gh, THREADS_PAGE, { first: 10, after: 'garbage' });
      assert.equal(res.json.errors?.[0].type, 'INVALID_CURSOR_ARGUMENTS');
    });
  });
});
