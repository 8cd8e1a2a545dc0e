import * as assert from 'node:assert/strict';
import { linesOf } from './harness/prtProcess';
import { seedSample, Workspace } from './harness/workspace';

describe('prt resolve', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  it('replies to and resolves the given threads, and only those (outside any git repository)', async () => {
    const [a, b, c] = await seedSample(ws, { 'a.txt': 'a\n' }, [
      { path: 'a.txt', line: 1, body: 'one' },
      { path: 'a.txt', line: 1, body: 'two' },
      { path: 'a.txt', line: 1, body: 'three' },
    ]);
    const r = await ws.prt(['resolve', '--thread', a.id, '--thread', c.id, '--reply', 'Handled by hand', '--write-interval', '0'], { cwd: ws.outside });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(linesOf(r.stdout), [`resolved ${a.id}`, `resolved ${c.id}`]);
    for (const t of [a, c]) {
      assert.equal(t.isResolved, true);
      assert.deepEqual(t.comments.map((x) => x.body).slice(1), ['Handled by hand']);
    }
    assert.equal(b.isResolved, false);
    assert.equal(b.comments.length, 1);
  });

  it('an unknown thread id is reported failed (exit 1) while the known one is resolved', async () => {
    const [a] = await seedSample(ws, { 'a.txt': 'a\n' }, [{ path: 'a.txt', line: 1, body: 'one' }]);
    const unknown = 'PRRT_kwDOdoesNotExist';
    const r = await ws.prt(['resolve', '--thread', unknown, '--thread', a.id, '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    const lines = linesOf(r.stdout);
    assert.ok(lines.includes(`resolved ${a.id}`), r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`FAILED   ${unknown}: `)), r.stdout);
    assert.equal(a.isResolved, true);
    assert.deepEqual(a.comments.map((x) => x.body).slice(1), ['Fixed ✓']);
  });

  it('--json prints one result per thread', async () => {
    const [a] = await seedSample(ws, { 'a.txt': 'a\n' }, [{ path: 'a.txt', line: 1, body: 'one' }]);
    const r = await ws.prt(['resolve', '--thread', a.id, '--json', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    const results = JSON.parse(r.stdout) as { threadId: string; ok: boolean }[];
    assert.deepEqual(results.map((x) => [x.threadId, x.ok]), [[a.id, true]]);
  });

  it('refuses {sha} and text that is not a thread id, before any request', async () => {
    for (const args of [['--thread', 'PRRT_abcd', '--reply', 'in {sha}'], ['--thread', '$(touch pwned)']]) {
      const r = await ws.prt(['resolve', ...args], { cwd: ws.outside });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(linesOf(r.stderr).length, 1);
    }
    assert.equal(ws.gh.requests.length, 0);
  });
});
