import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { checkoutAt, commitsSince, gitApply, outsideLines, reportOf, script } from './harness/isolation';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §5: kept fixes are cherry-picked onto the branch in plan order; a fix that collides
// with an earlier one ends `conflict` (naming the file and the earlier thread), its patch
// kept, never resolved. A failed job's changes become a patch and never reach the branch.

describe('prt run with isolation: conflicts and failed jobs', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  /** `git am PATCH` on `base` in a fresh clone: the file contents it leads to. */
  async function amOnBase(base: string, patch: string, file: string): Promise<string> {
    const dir = await checkoutAt(ws, base);
    await git(dir, ['config', 'user.name', 'Someone']);
    await git(dir, ['config', 'user.email', 'someone@example.invalid']);
    await git(dir, ['am', '--quiet', patch]);
    return readFile(path.join(dir, file), 'utf8');
  }

  it('two lanes editing the same line (round-robin): the later one in plan order is a conflict naming the file and the earlier thread; not resolved, no reply, exit 1', async () => {
    const [one, two, other] = await seedSample(ws, { 'a.txt': 'alpha\nbeta\n', 'b.txt': 'bee\n' }, [
      { path: 'a.txt', line: 1, body: 'Rename alpha' },
      { path: 'a.txt', line: 1, body: 'No, rename alpha differently' },
      { path: 'b.txt', line: 1, body: 'Fix bee' },
    ]);
    const base = await git(ws.repo, ['rev-parse', 'HEAD']);
    const exec = 'sed -i "1s/.*/by $PRT_THREAD_ID/" "$PRT_PATH"';
    const r = await ws.prt(['run', '--exec', exec, '--strategy', 'round-robin', '--workers', '2', '--commit-per-thread', '--reply', 'Fixed in {sha}', '--json', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    const report = reportOf(r);
    // Round-robin: one and other in worker-1 (first in plan order), two in worker-2.
    assert.deepEqual(report.threads.map((t) => [t.id, t.worker]), [[one.id, 'worker-1'], [other.id, 'worker-1'], [two.id, 'worker-2']]);

    const c = report.thread(two.id);
    assert.equal(c.status, 'conflict');
    assert.match(c.error ?? '', /a\.txt/);
    assert.ok(c.error?.includes(one.id) && c.error.includes('a.txt:1'), c.error ?? '');
    assert.deepEqual([c.replied, c.resolved, c.commit], [false, false, null]);
    assert.deepEqual(c.changes, { files: 1, insertions: 1, deletions: 1 }, 'what the fix changed in its own worktree');
    assert.ok(c.patch && existsSync(c.patch), `patch ${c.patch}`);
    assert.equal(await amOnBase(base, c.patch, 'a.txt'), `by ${two.id}\nbeta\n`, 'git am takes the patch on the base');
    assert.equal((await gitApply(await checkoutAt(ws, base), c.patch, ['--check'])).code, 0, 'so does git apply');
    assert.equal(two.isResolved, false);
    assert.equal(two.comments.length, 1, 'no reply on a conflict');

    for (const t of [one, other]) {
      const ok = report.thread(t.id);
      assert.equal(ok.status, 'resolved');
      assert.equal(t.comments[t.comments.length - 1].body, `Fixed in ${ok.commit!.slice(0, 7)}`);
    }
    assert.deepEqual((await commitsSince(ws.repo, base)).map((x) => x.files), [['a.txt'], ['b.txt']]);
    assert.equal(await readFile(path.join(ws.repo, 'a.txt'), 'utf8'), `by ${one.id}\nbeta\n`, 'the earlier fix stands');
    assert.equal(await git(ws.repo, ['status', '--porcelain']), '');
    assert.match(r.stderr, /conflict/);
  });

  it('a script that also edits a shared file (CHANGELOG.md): the later fix conflicts there, and none of its changes land', async () => {
    const [a, b] = await seedSample(ws, { 'a.txt': 'a\n', 'b.txt': 'b\n', 'CHANGELOG.md': '# Changes\n' }, [
      { path: 'a.txt', line: 1, body: 'fix a' },
      { path: 'b.txt', line: 1, body: 'fix b' },
    ]);
    const base = await git(ws.repo, ['rev-parse', 'HEAD']);
    const exec = 'echo "fixed $PRT_THREAD_ID" >> "$PRT_PATH"; echo "- $PRT_PATH" >> CHANGELOG.md';
    const r = await ws.prt(['run', '--exec', exec, '--workers', '2', '--json', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    const report = reportOf(r);
    const [first, second] = report.threads.map((t) => t.id);
    const later = report.thread(second);
    const earlier = [a, b].find((t) => t.id === first)!;
    const loser = [a, b].find((t) => t.id === second)!;
    assert.equal(later.status, 'conflict');
    assert.match(later.error ?? '', /CHANGELOG\.md/);
    assert.ok(later.error?.includes(earlier.id), later.error ?? '');
    assert.deepEqual(later.changes, { files: 2, insertions: 2, deletions: 0 });
    assert.equal(report.thread(first).status, 'resolved');
    assert.equal(loser.isResolved, false);
    assert.equal(earlier.isResolved, true);

    // Without a commit flag the integrated fix is a plain change; the conflicting one is absent.
    assert.equal(await git(ws.repo, ['rev-parse', 'HEAD']), base);
    assert.equal(await readFile(path.join(ws.repo, loser.path), 'utf8'), `${loser.path[0]}\n`);
    assert.equal(await readFile(path.join(ws.repo, 'CHANGELOG.md'), 'utf8'), `# Changes\n- ${earlier.path}\n`);
    const dir = await checkoutAt(ws, base);
    assert.equal((await gitApply(dir, later.patch!)).code, 0);
    assert.equal(await readFile(path.join(dir, 'CHANGELOG.md'), 'utf8'), `# Changes\n- ${loser.path}\n`);
  });

  it('two lanes making the same change: the later one is already there, and its reply names the commit that made it', async () => {
    const [one, two, other] = await seedSample(ws, { 'a.txt': 'alpha\n', 'b.txt': 'bee\n' }, [
      { path: 'a.txt', line: 1, body: 'Capitalize alpha' },
      { path: 'a.txt', line: 1, body: 'Alpha should be capitalized' },
      { path: 'b.txt', line: 1, body: 'Fix bee' },
    ]);
    const base = await git(ws.repo, ['rev-parse', 'HEAD']);
    const exec = 'if [ "$PRT_PATH" = a.txt ]; then echo Alpha > a.txt; else echo Bee > b.txt; fi';
    const r = await ws.prt(['run', '--exec', exec, '--strategy', 'round-robin', '--workers', '2', '--commit-per-thread', '--reply', 'Fixed in {sha}', '--json', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    const report = reportOf(r);
    assert.deepEqual(report.threads.map((t) => t.id), [one.id, other.id, two.id]);
    const commits = await commitsSince(ws.repo, base);
    assert.deepEqual(commits.map((c) => c.files), [['a.txt'], ['b.txt']], 'one commit per change made');
    const same = report.thread(two.id);
    assert.deepEqual([same.status, same.commit], ['resolved', commits[0].sha], 'the commit that changed a.txt, not the latest one');
    assert.equal(two.comments[two.comments.length - 1].body, `Fixed in ${commits[0].sha.slice(0, 7)}`);
  });

  it('a failed job\'s edits (a changed file, a new one) are absent from the branch and the work tree; its patch applies on the base', async () => {
    const [a, b] = await seedSample(ws, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, [
      { path: 'a.txt', line: 1, body: 'fails halfway' },
      { path: 'b.txt', line: 1, body: 'fix b' },
    ]);
    const base = await git(ws.repo, ['rev-parse', 'HEAD']);
    const exec = 'echo "half $PRT_THREAD_ID" >> "$PRT_PATH"; if [ "$PRT_PATH" = a.txt ]; then echo new > new-from-a.txt; echo "cannot finish" >&2; exit 4; fi';
    for (const commit of [[], ['--commit']]) {
      const r = await ws.prt(['run', '--exec', exec, ...commit, '--json', '--write-interval', '0']);
      assert.equal(r.code, 1, r.stderr);
      const report = reportOf(r);
      const failed = report.thread(a.id);
      assert.equal(failed.status, 'failed');
      assert.match(failed.error ?? '', /cannot finish/);
      assert.deepEqual([failed.commit, failed.changes, failed.replied, failed.resolved, failed.exitCode], [null, null, false, false, 4]);
      assert.ok(failed.patch && existsSync(failed.patch), `patch ${failed.patch}`);
      assert.ok(r.stderr.includes(`patch: ${failed.patch}`), `the summary names the patch:\n${r.stderr}`);
      assert.equal(a.isResolved, false);

      assert.equal(await readFile(path.join(ws.repo, 'a.txt'), 'utf8'), 'a\n', 'not in the work tree');
      assert.equal(existsSync(path.join(ws.repo, 'new-from-a.txt')), false);
      assert.equal(await git(ws.repo, ['log', '--format=', '--name-only', `${base}..HEAD`]), commit.length ? 'b.txt' : '', 'not on the branch');
      const dir = await checkoutAt(ws, base);
      assert.equal((await gitApply(dir, failed.patch)).code, 0, 'git apply takes the patch on the base');
      assert.equal(await readFile(path.join(dir, 'a.txt'), 'utf8'), `a\nhalf ${a.id}\n`);
      assert.equal(await readFile(path.join(dir, 'new-from-a.txt'), 'utf8'), 'new\n');

      if (commit.length === 0) {
        assert.match(await git(ws.repo, ['status', '--porcelain']), /^ ?M b\.txt$/);
        assert.equal(b.isResolved, true);
        // The next round starts from a clean tree with b's thread open again.
        await git(ws.repo, ['checkout', '--', '.']);
        ws.gh.store.setResolved(b.id, false, 'mona');
      } else {
        assert.equal(await git(ws.repo, ['status', '--porcelain']), '');
      }
    }
  });

  it('a retried job starts again from its lane\'s tip: the failed attempt\'s files are gone', async () => {
    const [a] = await seedSample(ws, { 'a.txt': 'a\n' }, [{ path: 'a.txt', line: 1, body: 'flaky' }]);
    const exec = await script(ws, 'flaky.sh', [
      'ls -A > "$PRT_TEST_OUT/seen-$(ls "$PRT_TEST_OUT" | grep -c "^seen-")"',
      'if [ ! -f "$PRT_TEST_OUT/tried" ]; then touch "$PRT_TEST_OUT/tried" junk.txt; echo half >> a.txt; exit 1; fi',
      'echo fixed >> a.txt',
    ].join('\n'));
    const r = await ws.prt(['run', '--exec', exec, '--retries', '1', '--retry-delay', '0', '--json', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    const t = reportOf(r).thread(a.id);
    assert.deepEqual([t.status, t.attempts, t.changes], ['resolved', 2, { files: 1, insertions: 1, deletions: 0 }]);
    assert.deepEqual(await outsideLines(ws, 'seen-1'), await outsideLines(ws, 'seen-0'), 'the second attempt sees what the first one saw');
    assert.equal(await readFile(path.join(ws.repo, 'a.txt'), 'utf8'), 'a\nfixed\n');
    assert.equal(existsSync(path.join(ws.repo, 'junk.txt')), false);
  });
});
