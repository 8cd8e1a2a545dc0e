import * as assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { commitsSince, outsideLines, reportOf, threadUrls } from './harness/isolation';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §3: with isolation the integrated fixes land as one commit (--commit), one per thread
// (--commit-per-thread), or as uncommitted changes (neither); verify runs on the integrated
// tree before any commit; commits on the user's branch run the repository's hooks, the
// scratch commits in worktrees never do.

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fix a\nin detail' },
  { path: 'b.txt', line: 1, body: 'fix b' },
  { path: 'c.txt', line: 1, body: 'fix c' },
];
/** Each fix changes its file and adds a file of its own. */
const EDIT = 'echo "fixed $PRT_THREAD_ID" >> "$PRT_PATH"; echo new > "new-$PRT_PATH"';

describe('prt run with isolation: commits, verify and hooks', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  let base: string;
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, THREADS);
    base = await git(ws.repo, ['rev-parse', 'HEAD']);
  });
  afterEach(async () => {
    await ws.dispose();
  });

  /** Every fix is in the work tree as an uncommitted change, and HEAD is where it was. */
  async function assertFixesUncommitted(): Promise<void> {
    assert.equal(await git(ws.repo, ['rev-parse', 'HEAD']), base, 'HEAD unchanged');
    assert.equal(await git(ws.repo, ['diff', '--cached', '--name-only']), '', 'nothing staged');
    for (const t of threads) {
      assert.equal(await readFile(path.join(ws.repo, t.path), 'utf8'), `${t.path[0]}\nfixed ${t.id}\n`);
      assert.equal(await readFile(path.join(ws.repo, `new-${t.path}`), 'utf8'), 'new\n');
    }
    const status = (await git(ws.repo, ['status', '--porcelain', '--untracked-files=all'])).split('\n').map((l) => l.trim()).sort();
    assert.deepEqual(status, ['?? new-a.txt', '?? new-b.txt', '?? new-c.txt', 'M a.txt', 'M b.txt', 'M c.txt']);
  }

  it('--commit squashes the integrated fixes into one commit listing the threads', async () => {
    const urls = await threadUrls(ws);
    const r = await ws.prt(['run', '--exec', EDIT, '--commit', '--reply', 'Fixed in {sha}', '--json', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    const [commit, ...more] = await commitsSince(ws.repo, base);
    assert.deepEqual(more, [], 'one commit');
    assert.equal(commit.subject, 'Address 3 review threads on #1', 'the same subject as in place');
    assert.deepEqual(commit.files.sort(), ['a.txt', 'b.txt', 'c.txt', 'new-a.txt', 'new-b.txt', 'new-c.txt']);
    for (const t of threads) assert.ok(commit.body.includes(`- ${t.path}:1 (${urls.get(t.id)})`), commit.body);
    const report = reportOf(r);
    assert.equal(report.commit, commit.sha);
    for (const t of threads) {
      const j = report.thread(t.id);
      assert.deepEqual([j.status, j.commit, j.patch, j.replied, j.resolved], ['resolved', commit.sha, null, true, true]);
      assert.deepEqual(j.changes, { files: 2, insertions: 2, deletions: 0 });
      assert.equal(t.comments[t.comments.length - 1].body, `Fixed in ${commit.sha.slice(0, 7)}`);
    }
    assert.equal(await git(ws.repo, ['status', '--porcelain']), '');
  });

  it('with neither --commit nor --commit-per-thread the integrated fixes are uncommitted changes and HEAD is unchanged', async () => {
    const r = await ws.prt(['run', '--exec', EDIT, '--json', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    await assertFixesUncommitted();
    const report = reportOf(r);
    assert.equal(report.commit, undefined);
    for (const t of threads) {
      const j = report.thread(t.id);
      assert.deepEqual([j.status, j.commit, j.patch, j.replied, j.resolved], ['resolved', null, null, true, true]);
      assert.deepEqual(j.changes, { files: 2, insertions: 2, deletions: 0 });
    }
  });

  it('a job that commits on its own (as agents do) still makes exactly one commit for its thread, with prt\'s message', async () => {
    const exec = `${EDIT}; git add -A && git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m "wip by agent"; echo more >> "$PRT_PATH"`;
    const r = await ws.prt(['run', '--exec', exec, '--commit-per-thread', '--json', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    const commits = await commitsSince(ws.repo, base);
    assert.deepEqual(commits.map((c) => c.subject), threads.map((t) => `Address review: ${t.path}:1`));
    for (const [i, t] of threads.entries()) {
      assert.deepEqual(commits[i].files.sort(), [t.path, `new-${t.path}`]);
      assert.deepEqual(reportOf(r).thread(t.id).changes, { files: 2, insertions: 3, deletions: 0 }, 'the job\'s commit and what it left uncommitted');
    }
    assert.equal(await git(ws.repo, ['log', '--all', '--format=%s', '--grep', 'wip by agent']), '', 'the job\'s own commit is on no branch');
  });

  it('--verify runs in the repository root on the integrated tree, before any commit', async () => {
    const verify = 'pwd > "$PRT_TEST_OUT/verify-pwd"; git rev-parse HEAD > "$PRT_TEST_OUT/verify-head"; cat a.txt b.txt c.txt new-a.txt > "$PRT_TEST_OUT/verify-saw"';
    const r = await ws.prt(['run', '--exec', EDIT, '--verify', verify, '--commit-per-thread', '--json', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await outsideLines(ws, 'verify-pwd'), [ws.repo]);
    assert.deepEqual(await outsideLines(ws, 'verify-head'), [base], 'verify sees the fixes before they are committed');
    assert.deepEqual(await outsideLines(ws, 'verify-saw'), ['a', `fixed ${threads[0].id}`, 'b', `fixed ${threads[1].id}`, 'c', `fixed ${threads[2].id}`, 'new']);
    assert.equal((await commitsSince(ws.repo, base)).length, 3);
    assert.equal(reportOf(r).verify?.ok, true);
  });

  it('a failing --verify resolves nothing and leaves the fixes as uncommitted changes (--commit-per-thread)', async () => {
    const r = await ws.prt(['run', '--exec', EDIT, '--verify', 'echo "2 tests failed"; exit 1', '--commit-per-thread', '--push', '--json', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    await assertFixesUncommitted();
    const report = reportOf(r);
    assert.equal(report.notResolved?.kind, 'verifyFailed');
    assert.equal(report.verify?.ok, false);
    assert.equal(report.pushed, undefined, 'nothing pushed');
    for (const t of threads) {
      const j = report.thread(t.id);
      assert.deepEqual([j.status, j.commit, j.replied, j.resolved], ['fixed', null, false, false]);
      assert.deepEqual(j.changes, { files: 2, insertions: 2, deletions: 0 });
      assert.equal(t.isResolved, false);
      assert.equal(t.comments.length, 1);
    }
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0);
  });

  it('--resume-failed after a failed push: no job runs again, the first run\'s commits are pushed, each reply names its own', async () => {
    const joblog = path.join(ws.outside, 'run.joblog');
    const args = ['run', '--exec', EDIT, '--commit-per-thread', '--push', '--reply', 'Fixed in {sha}', '--joblog', joblog, '--json', '--write-interval', '0'];
    await git(ws.repo, ['config', 'remote.origin.pushurl', path.join(ws.root, 'missing.git')]);
    const first = await ws.prt(args);
    assert.equal(first.code, 1, first.stderr);
    assert.equal(reportOf(first).notResolved?.kind, 'pushFailed');
    const commits = await commitsSince(ws.repo, base);
    assert.equal(commits.length, 3);
    for (const t of threads) assert.equal(t.isResolved, false);

    const bare = path.join(ws.root, 'origin.git');
    await git(ws.root, ['init', '--quiet', '--bare', bare]);
    await git(ws.repo, ['config', 'remote.origin.pushurl', bare]);
    const second = await ws.prt([...args, '--resume-failed']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal((await commitsSince(ws.repo, base)).length, 3, 'no new commit');
    assert.equal(await git(bare, ['rev-parse', 'refs/heads/feature/x']), await git(ws.repo, ['rev-parse', 'HEAD']), 'the commits the replies name are pushed');
    const report = reportOf(second);
    assert.equal(report.pushed, true);
    for (const t of threads) {
      const c = commits.find((x) => x.files.includes(t.path))!;
      assert.deepEqual([report.thread(t.id).status, report.thread(t.id).attempts, report.thread(t.id).commit], ['resolved', 0, c.sha]);
      assert.equal(t.comments[t.comments.length - 1].body, `Fixed in ${c.sha.slice(0, 7)}`);
    }
  });

  describe('the repository\'s hooks', () => {
    /** Hooks that log where they run; pre-commit fails from its `failFrom`-th run on. */
    async function installHooks(failFrom: number): Promise<void> {
      const hooks = path.join(ws.repo, '.git', 'hooks');
      const log = (name: string) => `#!/bin/sh\necho "$PWD" >> "$PRT_TEST_OUT/${name}"\n`;
      const preCommit = `${log('pre-commit')}if [ "$(wc -l < "$PRT_TEST_OUT/pre-commit")" -ge ${failFrom} ]; then echo "lint: 1 problem in the fix" >&2; exit 1; fi\n`;
      for (const [name, text] of [['pre-commit', preCommit], ['post-commit', log('post-commit')], ['post-checkout', log('post-checkout')], ['commit-msg', log('commit-msg')]]) {
        await writeFile(path.join(hooks, name), text);
        await chmod(path.join(hooks, name), 0o755);
      }
    }

    it('--commit-per-thread runs them for each commit on the branch, in the repository only: never for the scratch commits in worktrees', async () => {
      await installHooks(100);
      const r = await ws.prt(['run', '--exec', EDIT, '--commit-per-thread', '--json', '--write-interval', '0']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await commitsSince(ws.repo, base)).length, 3);
      for (const name of ['pre-commit', 'commit-msg', 'post-commit']) assert.deepEqual(await outsideLines(ws, name), [ws.repo, ws.repo, ws.repo], name);
      assert.deepEqual(await outsideLines(ws, 'post-checkout'), [], 'no checkout hook: worktrees are made and reset without hooks');
    });

    it('a pre-commit hook that fails (on the second commit) fails the commit step: nothing resolved, HEAD unchanged, the fixes in the work tree', async () => {
      await installHooks(2);
      const r = await ws.prt(['run', '--exec', EDIT, '--commit-per-thread', '--reply', 'Fixed in {sha}', '--json', '--write-interval', '0']);
      assert.equal(r.code, 1, r.stderr);
      await assertFixesUncommitted();
      const report = reportOf(r);
      assert.equal(report.notResolved?.kind, 'commitFailed');
      assert.match(report.notResolved?.reason ?? '', /lint: 1 problem in the fix/, 'the hook\'s own words');
      for (const t of threads) {
        const j = report.thread(t.id);
        assert.deepEqual([j.status, j.commit, j.replied, j.resolved], ['fixed', null, false, false]);
        assert.equal(t.isResolved, false);
      }
      assert.deepEqual(await outsideLines(ws, 'pre-commit'), [ws.repo, ws.repo]);
      assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0);
    });
  });
});
