import * as assert from 'node:assert/strict';
import type { StoredThread } from '../github/storeModel';
import { seedSample, Workspace } from './harness/workspace';

interface RunJson {
  threads: { id: string; status: string; error: string | null }[];
  requests: { queries: number; mutations: number };
}

const files = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}.txt`, `line of ${i}\n`]));
const threadsFor = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `f${i}.txt`, line: 1, body: `fix ${i}` }));
const replies = (t: StoredThread) => t.comments.slice(1).map((c) => c.body);

describe('prt run: the GitHub write lane', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  const mutationRequests = () => ws.gh.requests.filter((r) => r.kind === 'mutation');

  it('25 fixed threads with --batch-size 10 are replied to and resolved in 3 mutation requests', async () => {
    const threads = await seedSample(ws, files(25), threadsFor(25));
    const r = await ws.prt(['run', '--exec', 'true', '--batch-size', '10', '--write-interval', '0', '--json', '--jobs', '8', '--workers', '8']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(mutationRequests().length, 3);
    assert.equal((JSON.parse(r.stdout) as RunJson).requests.mutations, 3);
    for (const t of threads) {
      assert.equal(t.isResolved, true);
      assert.deepEqual(replies(t), ['Fixed ✓']);
    }
  });

  it('a thread GitHub refuses to resolve is reported failed; the others are still resolved', async () => {
    const threads = await seedSample(ws, files(4), threadsFor(4));
    ws.gh.faults.failThread(threads[1].id);
    const r = await ws.prt(['run', '--exec', 'true', '--write-interval', '0', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    const refused = report.threads.find((t) => t.id === threads[1].id)!;
    assert.equal(refused.status, 'failed');
    assert.ok(refused.error && refused.error.length > 0);
    assert.equal(threads[1].isResolved, false);
    for (const t of [threads[0], threads[2], threads[3]]) {
      assert.equal(t.isResolved, true);
      assert.equal(report.threads.find((x) => x.id === t.id)!.status, 'resolved');
    }
    assert.match(r.stderr, new RegExp(`failed to resolve ${threads[1].id}`));
  });

  it('a 502 on a mutation batch is survived: every thread ends resolved with one reply', async () => {
    const threads = await seedSample(ws, files(6), threadsFor(6));
    ws.gh.faults.add({ status: 502, match: (q) => q.kind === 'mutation' });
    const r = await ws.prt(['run', '--exec', 'true', '--write-interval', '0', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(mutationRequests().some((q) => q.status === 502));
    for (const t of threads) {
      assert.equal(t.isResolved, true);
      assert.deepEqual(replies(t), ['Fixed ✓']);
    }
  });

  it('a 502 after GitHub did the work posts no reply twice', async () => {
    const threads = await seedSample(ws, files(4), threadsFor(4));
    ws.gh.faults.add({ status: 502, afterExecute: true, match: (q) => q.kind === 'mutation' });
    const r = await ws.prt(['run', '--exec', 'true', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    for (const t of threads) {
      assert.equal(t.isResolved, true);
      assert.deepEqual(replies(t), ['Fixed ✓']);
    }
  });

  it('a secondary rate limit on the read (403, Retry-After) is waited out and the run goes on', async () => {
    const threads = await seedSample(ws, files(2), threadsFor(2));
    ws.gh.faults.add({ status: 403, retryAfter: 1, match: (q) => q.kind === 'query' });
    const r = await ws.prt(['run', '--exec', 'true', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(ws.gh.requests.some((q) => q.status === 403));
    for (const t of threads) assert.equal(t.isResolved, true);
  });
});
