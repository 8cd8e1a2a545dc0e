import * as assert from 'node:assert/strict';
import { addSimpleThread, seedPullRequest } from './scenarios';
import type { StoredThread } from './storeModel';
import { post } from './testClient';
import { startTestGitHub, type TestGitHub } from './testGitHub';

/** `count` aliased reply+resolve pairs, as the write lane batches them. */
function batch(threads: StoredThread[]): { query: string; variables: Record<string, string> } {
  const vars = threads.map((_, i) => `$t${i}: ID!`).join(', ');
  const fields = threads
    .map(
      (_, i) =>
        `r${i}: addPullRequestReviewThreadReply(input: {pullRequestReviewThreadId: $t${i}, body: "Fixed ✓"}) { comment { id body url author { login } } clientMutationId }\n` +
        `s${i}: resolveReviewThread(input: {threadId: $t${i}}) { thread { id isResolved } }`,
    )
    .join('\n');
  return {
    query: `mutation ResolveBatch(${vars}) {\n${fields}\n}`,
    variables: Object.fromEntries(threads.map((t, i) => [`t${i}`, t.id])),
  };
}

describe('test GitHub: mutations', () => {
  let gh: TestGitHub;
  let threads: StoredThread[];

  beforeEach(async () => {
    gh = await startTestGitHub();
    const pr = seedPullRequest(gh.store);
    threads = Array.from({ length: 10 }, (_, i) => addSimpleThread(gh.store, pr, { path: `f${i % 3}.ts`, line: i + 1, body: `issue ${i}` }));
  });

  afterEach(async () => {
    await gh.close();
  });

  it('runs 10 aliased reply+resolve pairs, failing only the thread told to fail', async () => {
    gh.faults.failThread(threads[3].id);
    const { query, variables } = batch(threads);
    const res = await post(gh, query, variables);
    assert.equal(res.status, 200);
    assert.equal(gh.requests[0].topLevelFields, 20);
    assert.equal(gh.requests[0].kind, 'mutation');
    const data = res.json.data as Record<string, { comment?: { body: string; url: string; author: { login: string } }; thread?: { id: string; isResolved: boolean } } | null>;
    assert.equal(data.r3, null);
    assert.equal(data.s3, null);
    assert.deepEqual(
      res.json.errors?.map((e) => [e.type, e.path]),
      [
        ['FORBIDDEN', ['r3']],
        ['FORBIDDEN', ['s3']],
      ],
    );
    for (const [i, t] of threads.entries()) {
      const stored = gh.store.getThread(t.id);
      if (i === 3) {
        assert.equal(stored?.isResolved, false);
        assert.equal(stored?.comments.length, 1);
        continue;
      }
      assert.equal(data[`r${i}`]?.comment?.body, 'Fixed ✓');
      assert.deepEqual(data[`r${i}`]?.comment?.author, { login: 'octo-dev' });
      assert.match(data[`r${i}`]?.comment?.url ?? '', /^https:\/\/github\.com\/acme\/app\/pull\/1#discussion_r\d+$/);
      assert.deepEqual(data[`s${i}`]?.thread, { id: t.id, isResolved: true });
      assert.equal(stored?.isResolved, true);
      assert.equal(stored?.resolvedBy, 'octo-dev');
      assert.deepEqual(stored?.comments.map((c) => [c.author, c.body]), [['mona', `issue ${i}`], ['octo-dev', 'Fixed ✓']]);
    }
  });

  it('runs top-level mutation fields serially, in order', async () => {
    const { query, variables } = batch(threads.slice(0, 4));
    await post(gh, query, variables);
    const replies = threads.slice(0, 4).map((t) => gh.store.getThread(t.id)!.comments[1]);
    const ids = replies.map((c) => c.databaseId);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    const times = replies.map((c) => c.createdAt);
    assert.deepEqual(times, [...times].sort());
  });

  it('answers NOT_FOUND for an unknown thread and FORBIDDEN without permission', async () => {
    const locked = addSimpleThread(gh.store, gh.store.getPullRequest({ owner: 'acme', name: 'app', number: 1 })!, {
      path: 'x.ts',
      line: 1,
      body: 'locked',
      viewerCanResolve: false,
      viewerCanReply: false,
    });
    const res = await post(
      gh,
      `mutation {
        a: resolveReviewThread(input: {threadId: "PRRT_nope"}) { thread { id } }
        b: resolveReviewThread(input: {threadId: "${locked.id}"}) { thread { id } }
        c: addPullRequestReviewThreadReply(input: {pullRequestReviewThreadId: "${locked.id}", body: "hi"}) { comment { id } }
        d: addPullRequestReviewThreadReply(input: {pullRequestReviewThreadId: "${threads[0].id}", body: "  "}) { comment { id } }
      }`,
    );
    assert.deepEqual(res.json.data, { a: null, b: null, c: null, d: null });
    assert.deepEqual(
      res.json.errors?.map((e) => [e.path?.[0], e.type]),
      [
        ['a', 'NOT_FOUND'],
        ['b', 'FORBIDDEN'],
        ['c', 'FORBIDDEN'],
        ['d', 'UNPROCESSABLE'],
      ],
    );
    assert.equal(res.json.errors?.[0].message, "Could not resolve to a node with the global id of 'PRRT_nope'");
    assert.equal(gh.store.getThread(locked.id)?.comments.length, 1);
  });

  it('unresolves, echoes clientMutationId, and injects other error types', async () => {
    const t = threads[0];
    gh.store.setResolved(t.id, true, 'mona');
    const res = await post(
      gh,
      `mutation($id: ID!) { unresolveReviewThread(input: {threadId: $id, clientMutationId: "c1"}) { clientMutationId thread { isResolved viewerCanResolve resolvedBy { login } } } }`,
      { id: t.id },
    );
    assert.deepEqual(res.json.data, { unresolveReviewThread: { clientMutationId: 'c1', thread: { isResolved: false, viewerCanResolve: true, resolvedBy: null } } });
    gh.faults.failThread(t.id, 'NOT_FOUND');
    const failed = await post(gh, `mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { id } } }`, { id: t.id });
    assert.equal(failed.json.errors?.[0].type, 'NOT_FOUND');
    assert.equal(gh.store.getThread(t.id)?.isResolved, false);
    gh.faults.clear();
    const ok = await post(gh, `mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { isResolved } } }`, { id: t.id });
    assert.equal(ok.json.errors, undefined);
  });

  it('validates mutation input against the schema', async () => {
    const res = await post(gh, `mutation { resolveReviewThread(input: {id: "x"}) { thread { id } } }`);
    assert.equal(res.json.data, undefined);
    assert.ok((res.json.errors?.length ?? 0) > 0);
    assert.equal(gh.requests[0].kind, 'mutation');
  });
});
