// The write lane after answers that leave in doubt what GitHub did: it reads the threads
// back and reports what GitHub holds, and never posts a reply twice.
import * as assert from 'node:assert/strict';
import type { GitHubClient } from '../../../src/github/client';
import { GitHubThreads } from '../../../src/github/githubThreads';
import { seedBigPullRequest } from '../../github/scenarios';
import { startTestGitHub, type TestGitHub } from '../../github/testGitHub';
import { assertAllRequestsValid, clientOn, FakeClock } from './support';

const KEY = { owner: 'acme', name: 'widgets', number: 7 };
const REPLY = 'Fixed ✓';
const WENT_WRONG = 'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `C0DE:1234` when reporting this issue.';

describe('the write lane after an ambiguous answer', () => {
  let gh: TestGitHub;
  let client: GitHubClient;
  let writer: GitHubThreads;
  let ids: string[];

  beforeEach(async () => {
    gh = await startTestGitHub({ token: 'test-token' });
    const clock = new FakeClock(gh);
    ({ client } = clientOn(gh, clock));
    writer = new GitHubThreads(client, { intervalMs: 0, clock });
    ids = seedBigPullRequest(gh.store, { ...KEY, threads: 6, resolved: 0, outdated: 0 }).threads.map((t) => t.id);
  });
  afterEach(async () => {
    client.dispose();
    await gh.close();
  });

  const repliesOn = (id: string) => gh.store.getThread(id)!.comments.filter((c) => c.author === 'octo-dev').map((c) => c.body);
  const operations = () => gh.requests.map((r) => r.operationName);
  const write = (n: number) => writer.write(ids.slice(0, n).map((threadId) => ({ threadId, reply: REPLY, resolve: true })));

  it('a 200 holding only errors after GitHub did the work: read back, reported done, nothing resent', async () => {
    gh.faults.add({ graphqlErrors: [{ message: WENT_WRONG }], afterExecute: true, match: (r) => r.kind === 'mutation' });
    const results = await write(3);
    assert.deepEqual(results.map((r) => [r.replied, r.resolved, r.ok]), [[true, true, true], [true, true, true], [true, true, true]], JSON.stringify(results));
    for (const id of ids.slice(0, 3)) assert.deepEqual(repliesOn(id), [REPLY]);
    assert.deepEqual(operations(), ['ReplyAndResolve', 'ReviewThreadsState']);
    assertAllRequestsValid(gh);
  });

  it('a 200 holding only errors when GitHub did nothing: read back, then sent once more', async () => {
    gh.faults.add({ graphqlErrors: [{ message: WENT_WRONG }], match: (r) => r.kind === 'mutation' });
    const results = await write(2);
    assert.ok(results.every((r) => r.ok && r.replied && r.resolved), JSON.stringify(results));
    for (const id of ids.slice(0, 2)) assert.deepEqual(repliesOn(id), [REPLY]);
    assert.equal(operations()[1], 'ReviewThreadsState', 'read back before anything is resent');
    assert.equal(gh.requests.filter((r) => r.kind === 'mutation' && r.status === 200).length >= 2, true);
  });

  it('an alias with no data and no error of its own: that thread is read back and reported as GitHub holds it', async () => {
    // GitHub ran everything but the answer lost thread 1's resolve and thread 2's reply.
    gh.faults.add({
      match: (r) => r.kind === 'mutation',
      rewrite: (a) => {
        const data = { ...(a.data as Record<string, unknown>) };
        delete data.s1;
        delete data.r2;
        return { data };
      },
    });
    const results = await write(3);
    assert.deepEqual(results.map((r) => [r.replied, r.resolved, r.ok]), [[true, true, true], [true, true, true], [true, true, true]], JSON.stringify(results));
    for (const id of ids.slice(0, 3)) assert.deepEqual(repliesOn(id), [REPLY]);
    assert.deepEqual(operations(), ['ReplyAndResolve', 'ReviewThreadsState']);
    // Only the threads in doubt are read back.
    assert.deepEqual(gh.requests[1].variables.ids, [ids[1], ids[2]]);
  });

  it('a general error (no path) casts doubt on every thread without data', async () => {
    gh.faults.add({
      match: (r) => r.kind === 'mutation',
      rewrite: (a) => {
        const data = { ...(a.data as Record<string, unknown>) };
        delete data.r0;
        delete data.s0;
        return { data, errors: [{ message: WENT_WRONG }] };
      },
    });
    const results = await write(2);
    assert.ok(results.every((r) => r.ok && r.replied && r.resolved), JSON.stringify(results));
    assert.deepEqual(repliesOn(ids[0]), [REPLY]);
    assert.deepEqual(operations(), ['ReplyAndResolve', 'ReviewThreadsState']);
    assert.deepEqual(gh.requests[1].variables.ids, [ids[0]]);
  });

  it('a thread\'s own error is final, yet the report says what GitHub holds for it', async () => {
    // Someone resolved thread 0 meanwhile; GitHub refuses the resolve, the reply lands.
    gh.store.setResolved(ids[0], true, 'mona');
    gh.faults.failThread(ids[0], 'UNPROCESSABLE');
    const [r] = await writer.write([{ threadId: ids[0], resolve: true }]);
    assert.equal(r.resolved, true, 'GitHub holds it resolved');
    assert.equal(r.ok, true);
    assert.equal(gh.requests.filter((x) => x.kind === 'mutation').length, 1, 'not resent');
  });

  it('a thread that cannot be read back is reported failed, saying so, and never resent blindly', async () => {
    gh.faults.add({ graphqlErrors: [{ message: WENT_WRONG }], match: (r) => r.kind === 'mutation' });
    gh.faults.add({ status: 502, times: Infinity, match: (r) => r.operationName === 'ReviewThreadsState' });
    const [r] = await write(1);
    assert.deepEqual([r.ok, r.replied, r.resolved], [false, false, false]);
    assert.match(r.error!, /left it unknown .*Something went wrong.*; reading the thread back failed: GitHub ReviewThreadsState failed \(HTTP 502\)/);
    assert.equal(gh.requests.filter((x) => x.kind === 'mutation').length, 1);
  });
});
