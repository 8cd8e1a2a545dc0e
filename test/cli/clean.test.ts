import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { reportOf, worktreeCache, worktreeList } from './harness/isolation';
import { killAllWithEnv, waitUntil } from './harness/processes';
import { linesOf } from './harness/prtProcess';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §3: `prt clean` removes the worktrees and saved patches prt keeps for the repository,
// never while a run is working in them.

describe('prt clean', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
    await seedSample(ws, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, [
      { path: 'a.txt', line: 1, body: 'fix a' },
      { path: 'b.txt', line: 1, body: 'fails' },
    ]);
  });
  afterEach(async () => {
    killAllWithEnv('PRT_TEST_OUT', ws.outside);
    await ws.dispose();
  });

  const patches = () => path.join(ws.repo, '.git', 'prt', 'patches');

  it('removes the worktrees and the saved patches; a second clean removes nothing; the user\'s tree and other worktrees stay', async () => {
    const other = path.join(ws.root, 'my-own-worktree');
    await git(ws.repo, ['worktree', 'add', '--quiet', '--detach', other]);
    const r = await ws.prt(['run', '--exec', 'echo fixed >> "$PRT_PATH"; test "$PRT_PATH" = a.txt', '--workers', '2', '--json', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    const patch = reportOf(r).threads.find((t) => t.status === 'failed')!.patch!;
    assert.ok(existsSync(patch) && patch.startsWith(patches()), patch);
    const made = (await worktreeList(ws.repo)).map((e) => e.path).filter((p) => p.startsWith(worktreeCache(ws)));
    assert.ok(made.length >= 2, made.join('\n'));

    const cleaned = await ws.prt(['clean']);
    assert.equal(cleaned.code, 0, cleaned.stderr);
    assert.equal(cleaned.stdout.trim(), `removed ${made.length} worktrees and 1 saved patch`);
    assert.deepEqual((await worktreeList(ws.repo)).map((e) => e.path), [ws.repo, other]);
    for (const p of made) assert.equal(existsSync(p), false, p);
    assert.equal(existsSync(patch), false);
    assert.deepEqual(existsSync(worktreeCache(ws)) ? readdirSync(worktreeCache(ws)) : [], []);
    assert.match(await git(ws.repo, ['status', '--porcelain']), /^ ?M a\.txt$/, 'the integrated fix in the user\'s tree stays');
    assert.ok(existsSync(path.join(other, 'a.txt')), 'a worktree of the user\'s own stays');

    const again = await ws.prt(['clean']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout.trim(), 'removed 0 worktrees and 0 saved patches');
  });

  it('also removes a worktree left locked by a killed `git worktree add`, and one whose folder is gone', async () => {
    const r = await ws.prt(['run', '--exec', 'true', '--workers', '2', '--no-resolve']);
    assert.equal(r.code, 0, r.stderr);
    const [locked, gone] = (await worktreeList(ws.repo)).map((e) => e.path).filter((p) => p.startsWith(worktreeCache(ws)));
    await git(ws.repo, ['worktree', 'lock', '--reason', 'initializing', locked]);
    await rm(gone, { recursive: true, force: true });

    const cleaned = await ws.prt(['clean']);
    assert.equal(cleaned.code, 0, cleaned.stderr);
    assert.deepEqual(await worktreeList(ws.repo), [{ path: ws.repo, attributes: ['branch refs/heads/feature/x'] }], 'no locked or broken entry left');
    assert.equal(existsSync(locked), false);
  });

  it('refuses while a run holds the lock (exit 2, one line naming it); its worktrees stay', async () => {
    let child: ChildProcess | undefined;
    const running = ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/started-$PRT_THREAD_ID"; while [ ! -f "$PRT_TEST_OUT/release" ]; do sleep 0.02; done', '--no-resolve'], { onSpawn: (c) => (child = c) });
    await waitUntil(() => readdirSync(ws.outside).some((f) => f.startsWith('started-')), 'a job to start');
    const before = await worktreeList(ws.repo);

    const refused = await ws.prt(['clean']);
    assert.equal(refused.code, 2, refused.stderr);
    const errors = linesOf(refused.stderr);
    assert.equal(errors.length, 1, refused.stderr);
    assert.match(errors[0], new RegExp(`^prt: another prt run \\(pid ${child!.pid}\\b`));
    assert.deepEqual(await worktreeList(ws.repo), before, 'nothing removed');

    await writeFile(path.join(ws.outside, 'release'), '');
    const r = await running;
    assert.equal(r.code, 0, r.stderr);
    const after = await ws.prt(['clean']);
    assert.equal(after.code, 0, after.stderr);
    assert.match(after.stdout, /^removed [1-9]\d* worktrees? and 0 saved patches$/m);
  });
});
