import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { linesOf } from './harness/prtProcess';
import { git, SAMPLE, seedSample, Workspace } from './harness/workspace';

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' };
const EDIT = 'echo fixed >> {path}';

describe('prt run --commit / --push', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, [
      { path: 'a.txt', line: 1, body: 'fix a' },
      { path: 'b.txt', line: 1, body: 'fix b' },
      { path: 'c.txt', line: 1, body: 'fix c' },
    ]);
  });
  afterEach(async () => {
    await ws.dispose();
  });

  it('makes one commit listing the fixed threads, and {sha} in the reply is its short sha', async () => {
    const before = await git(ws.repo, ['rev-parse', 'HEAD']);
    const r = await ws.prt(['run', '--exec', `test "$PRT_PATH" != c.txt && ${EDIT}`, '--commit', '--reply', 'Fixed in {sha}', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(await git(ws.repo, ['rev-parse', 'HEAD~1']), before, 'exactly one new commit');
    assert.equal(await git(ws.repo, ['status', '--porcelain']), '');
    const message = await git(ws.repo, ['log', '-1', '--format=%B']);
    const [a, b, c] = threads;
    for (const t of [a, b]) assert.match(message, new RegExp(`^- ${t.path.replace('.', '\\.')}:1 \\(https://\\S+\\)$`, 'm'));
    assert.ok(!message.includes('c.txt'), 'the failed thread is not listed');
    assert.deepEqual((await git(ws.repo, ['show', '--name-only', '--format=', 'HEAD'])).split('\n').sort(), ['a.txt', 'b.txt']);
    const short = await git(ws.repo, ['rev-parse', '--short=7', 'HEAD']);
    for (const t of [a, b]) {
      assert.equal(t.isResolved, true);
      assert.equal(t.comments[t.comments.length - 1].body, `Fixed in ${short}`);
    }
    assert.equal(c.isResolved, false);
    assert.equal(c.comments.length, 1);
  });

  it('in place (--isolation none), a failed job\'s half edit stays out of the fix commit, left in the work tree', async () => {
    const r = await ws.prt(['run', '--exec', `${EDIT}; test "$PRT_PATH" != c.txt`, '--commit', '--isolation', 'none', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual((await git(ws.repo, ['show', '--name-only', '--format=', 'HEAD'])).split('\n').sort(), ['a.txt', 'b.txt']);
    assert.match(await git(ws.repo, ['status', '--porcelain']), /^ ?M c\.txt$/);
    assert.match(r.stdout + r.stderr, /left out of the commit .*c\.txt/);
  });

  it('a joblog inside the work tree stays out of the fix commit and does not block --resume-failed --commit', async () => {
    const exec = `${EDIT}; test "$PRT_PATH" != c.txt || test -f "$PRT_TEST_OUT/c-ok"`;
    const first = await ws.prt(['run', '--exec', exec, '--joblog', 'run.joblog', '--no-resolve']);
    assert.equal(first.code, 1, first.stderr);
    await git(ws.repo, ['checkout', '--', '.']);
    await writeFile(path.join(ws.outside, 'c-ok'), '');
    const second = await ws.prt(['run', '--exec', exec, '--joblog', 'run.joblog', '--resume-failed', '--commit', '--no-resolve']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual((await git(ws.repo, ['show', '--name-only', '--format=', 'HEAD'])).split('\n'), ['c.txt']);
    assert.equal(await git(ws.repo, ['status', '--porcelain']), '?? run.joblog');
  });

  it('--commit on a dirty work tree: exit 2 with one clear line, nothing run', async () => {
    await writeFile(path.join(ws.repo, 'a.txt'), 'local edit\n');
    const r = await ws.prt(['run', '--exec', `touch "$PRT_TEST_OUT/ran"; ${EDIT}`, '--commit', '--write-interval', '0']);
    assert.equal(r.code, 2, r.stderr);
    const errors = linesOf(r.stderr);
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], /^prt: .*uncommitted change.*a\.txt.*commit or stash/);
    assert.ok(ws.gh.requests.every((q) => !/reviewThreads/.test(q.query)), 'refused before the threads are read');
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.deepEqual(readdirSync(ws.outside), []);
    assert.equal(await git(ws.repo, ['rev-list', '--count', 'HEAD']), '1');
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0);
  });

  it('--push sends the fix commit to remote.origin.pushurl (a local bare repository)', async () => {
    const bare = path.join(ws.root, 'origin.git');
    await git(ws.root, ['init', '--quiet', '--bare', bare]);
    await git(ws.repo, ['config', 'remote.origin.pushurl', bare]);
    const r = await ws.prt(['run', '--exec', EDIT, '--commit', '--push', '--reply', 'Fixed in {sha}', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    const head = await git(ws.repo, ['rev-parse', 'HEAD']);
    assert.equal(await git(bare, ['rev-parse', `refs/heads/${SAMPLE.branch}`]), head);
    for (const t of threads) assert.equal(t.comments[t.comments.length - 1].body, `Fixed in ${head.slice(0, 7)}`);
  });

  it('a failing push resolves nothing (the reply could not name a commit GitHub knows): exit 1', async () => {
    await git(ws.repo, ['config', 'remote.origin.pushurl', path.join(ws.root, 'no-such-repo.git')]);
    const r = await ws.prt(['run', '--exec', EDIT, '--commit', '--push', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /push failed/);
    for (const t of threads) assert.equal(t.isResolved, false);
  });

  it('{sha} when the fixes changed no file: nothing committed, nothing resolved, exit 1', async () => {
    const r = await ws.prt(['run', '--exec', 'true', '--commit', '--reply', 'Fixed in {sha}', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(await git(ws.repo, ['rev-list', '--count', 'HEAD']), '1');
    for (const t of threads) assert.equal(t.isResolved, false);
    assert.match(r.stdout, /nothing was committed/);
  });
});
