import * as assert from 'node:assert/strict';
import { linesOf } from './harness/prtProcess';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §3/§4: an auth error in the resolve step is exit 2 with one line, the fixed threads
// reported fixed (what GitHub holds), not resolved; a thread GitHub will not let this account
// reply to fails on its own, unresolved, and the others are still resolved.

interface RunJson {
  error?: string;
  threads: { id: string; status: string; error: string | null; replied: boolean; resolved: boolean }[];
  notResolved?: { kind: string; reason: string };
}

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fix a' },
  { path: 'b.txt', line: 1, body: 'fix b' },
  { path: 'c.txt', line: 1, body: 'fix c' },
];

describe('prt run: the resolve step refused', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  const mutationsNaming = (id: string) =>
    ws.gh.requests.filter((q) => q.kind === 'mutation' && `${q.query}${JSON.stringify(q.variables)}`.includes(id));

  it('a 401 on the mutations only: exit 2, one error line; the fixed threads are reported fixed, not resolved', async () => {
    const threads = await seedSample(ws, FILES, THREADS);
    ws.gh.faults.add({ status: 401, match: (q) => q.kind === 'mutation', times: Infinity });
    for (const json of [true, false]) {
      ws.gh.resetLog();
      // The first round's fixes are left in the work tree; isolation needs it clean again.
      await git(ws.repo, ['checkout', '--', '.']);
      const r = await ws.prt(['run', '--exec', 'echo fixed >> {path}', '--write-interval', '0', ...(json ? ['--json'] : [])]);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(ws.gh.requests.some((q) => q.kind === 'mutation' && q.status === 401), 'the resolve step was reached');
      // One error line (the others on stderr are the run's progress, one per event).
      const errors = linesOf(r.stderr).filter((l) => /401|credentials|token/i.test(l));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0], /^prt: .*401.*(sign in|GITHUB_TOKEN)/);
      assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
      if (json) {
        const report = JSON.parse(r.stdout) as RunJson;
        assert.match(report.error ?? '', /401/);
        for (const t of report.threads) {
          assert.equal(t.status, 'fixed', `${t.id}: ${t.error}`);
          assert.deepEqual([t.replied, t.resolved], [false, false]);
        }
      } else {
        assert.match(r.stdout, /Resolved 0 on GitHub; 3 fixed but not resolved/);
      }
    }
    for (const t of threads) {
      assert.equal(t.isResolved, false);
      assert.equal(t.comments.length, 1);
    }
  });

  it('viewerCanReply false on one thread: it fails "does not let this account reply", unresolved; the others are resolved; exit 1', async () => {
    const [a, b, c] = await seedSample(ws, FILES, [THREADS[0], { ...THREADS[1], viewerCanReply: false }, THREADS[2]]);
    const r = await ws.prt(['run', '--exec', 'true', '--write-interval', '0', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    const of = (id: string) => report.threads.find((t) => t.id === id)!;
    assert.equal(of(b.id).status, 'failed');
    assert.match(of(b.id).error ?? '', /does not let this account reply/);
    assert.deepEqual([of(b.id).replied, of(b.id).resolved], [false, false]);
    assert.equal(b.isResolved, false);
    assert.equal(b.comments.length, 1);
    assert.deepEqual(mutationsNaming(b.id), [], 'nothing is half done: no resolve without the reply');
    for (const t of [a, c]) {
      assert.equal(of(t.id).status, 'resolved');
      assert.equal(t.isResolved, true);
      assert.deepEqual(t.comments.slice(1).map((x) => x.body), ['Fixed ✓']);
    }
    assert.match(r.stderr, new RegExp(`failed to resolve ${b.id}.*does not let this account reply`));
  });
});
