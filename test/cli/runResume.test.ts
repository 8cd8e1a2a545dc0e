import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §3: `--resume-failed` also reruns the resolve step of threads whose fix succeeded but
// whose reply or resolve did not land — without running their jobs again, and with `{sha}`
// naming the commit the first run made for them.

interface RunJson {
  error?: string;
  threads: { id: string; status: string; attempts: number; error: string | null; resolved: boolean; commit: string | null }[];
}

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fix a' },
  { path: 'b.txt', line: 1, body: 'fix b' },
  { path: 'c.txt', line: 1, body: 'fix c' },
];
// Records every job run (one line per run, naming the thread), then fixes the file.
const EXEC = 'echo "$PRT_THREAD_ID" >> "$PRT_TEST_OUT/ran"; echo fixed >> {path}';

describe('prt run --resume-failed: threads fixed but not resolved', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  let joblog: string;
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, THREADS);
    joblog = path.join(ws.outside, 'run.joblog');
  });
  afterEach(async () => {
    await ws.dispose();
  });

  const ran = async () => (await readFile(path.join(ws.outside, 'ran'), 'utf8')).split('\n').filter(Boolean);
  const replies = (t: StoredThread) => t.comments.slice(1).map((c) => c.body);

  it('a thread GitHub refused to resolve is resolved by the resume, without rerunning its job, its reply naming the first run\'s commit', async () => {
    const [a, b, c] = threads;
    ws.gh.faults.failThread(b.id);
    const args = ['run', '--exec', EXEC, '--commit', '--reply', 'Fixed in {sha}', '--joblog', joblog, '--write-interval', '0', '--json'];
    const first = await ws.prt(args);
    assert.equal(first.code, 1, first.stderr);
    const sha = await git(ws.repo, ['rev-parse', 'HEAD']);
    const firstReport = JSON.parse(first.stdout) as RunJson;
    assert.equal(firstReport.threads.find((t) => t.id === b.id)!.status, 'failed');
    assert.deepEqual([a.isResolved, b.isResolved, c.isResolved], [true, false, true]);
    assert.deepEqual(replies(b), []);
    assert.deepEqual((await ran()).sort(), [a.id, b.id, c.id].sort());

    // GitHub takes writes again, and the branch moved on since: {sha} must still name the fix.
    ws.gh.faults.clear();
    await writeFile(path.join(ws.repo, 'later.txt'), 'later\n');
    await git(ws.repo, ['add', 'later.txt']);
    await git(ws.repo, ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.invalid', 'commit', '--quiet', '-m', 'later work']);
    const head = await git(ws.repo, ['rev-parse', 'HEAD']);

    const second = await ws.prt([...args, '--resume-failed']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual((await ran()).length, 3, 'no job ran again');
    assert.equal(b.isResolved, true);
    assert.deepEqual(replies(b), [`Fixed in ${sha.slice(0, 7)}`]);
    const report = JSON.parse(second.stdout) as RunJson;
    assert.deepEqual(report.threads.map((t) => [t.id, t.status, t.attempts, t.commit]), [[b.id, 'resolved', 0, sha]]);
    assert.equal(await git(ws.repo, ['rev-parse', 'HEAD']), head, 'no new commit');
    for (const t of [a, c]) assert.deepEqual(replies(t), [`Fixed in ${sha.slice(0, 7)}`], 'the others were not written again');
  });

  it('after a 401 on every mutation (exit 2), the resume replies to and resolves all of them, running no job', async () => {
    ws.gh.faults.add({ status: 401, match: (q) => q.kind === 'mutation', times: Infinity });
    // In place: the first run's fixes stay in the work tree, which the resume must accept.
    const first = await ws.prt(['run', '--exec', EXEC, '--isolation', 'none', '--joblog', joblog, '--write-interval', '0', '--json']);
    assert.equal(first.code, 2, first.stderr);
    for (const t of (JSON.parse(first.stdout) as RunJson).threads) assert.equal(t.status, 'fixed');
    for (const t of threads) assert.equal(t.isResolved, false);

    ws.gh.faults.clear();
    // The fixes of the first run are in the work tree, uncommitted; without --commit that is fine.
    const second = await ws.prt(['run', '--exec', EXEC, '--isolation', 'none', '--joblog', joblog, '--resume-failed', '--write-interval', '0', '--json']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal((await ran()).length, 3, 'no job ran again');
    for (const t of threads) {
      assert.equal(t.isResolved, true);
      assert.deepEqual(replies(t), ['Fixed ✓']);
    }
    for (const t of (JSON.parse(second.stdout) as RunJson).threads) assert.deepEqual([t.status, t.attempts], ['resolved', 0]);

    const third = await ws.prt(['run', '--exec', EXEC, '--isolation', 'none', '--joblog', joblog, '--resume-failed', '--write-interval', '0']);
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /nothing to do/);
    assert.equal((await ran()).length, 3);
  });
});
