import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { outsideLines, prtOnPty, reportOf } from './harness/isolation';
import { killAllWithEnv, waitNoneWithEnv, waitUntil } from './harness/processes';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §3 --resume-failed with isolation: a job that succeeded in its worktree has exit 0 in
// the joblog, yet its fix may never have landed (a conflict, a rejection in review, a run
// stopped before integration). Such a thread is never resolved by a resume as if it had
// landed: its job runs again.

describe('prt run --resume-failed with isolation: fixes that never landed', () => {
  let ws: Workspace;
  let joblog: string;
  beforeEach(async () => {
    ws = await Workspace.create();
    joblog = path.join(ws.outside, 'run.joblog');
  });
  afterEach(async () => {
    killAllWithEnv('PRT_TEST_OUT', ws.outside);
    await ws.dispose();
  });

  const ran = () => outsideLines(ws, 'ran');

  it('a conflict: the resume runs its job again on the branch as it is now, and resolves it only once it lands', async () => {
    const [one, two] = await seedSample(ws, { 'a.txt': 'alpha\n' }, [
      { path: 'a.txt', line: 1, body: 'Rename alpha' },
      { path: 'a.txt', line: 1, body: 'Also rename alpha' },
    ]);
    // The first time, each thread writes line 1 (a conflict); later, the job appends.
    const exec = 'echo "$PRT_THREAD_ID" >> "$PRT_TEST_OUT/ran"; if [ -f "$PRT_TEST_OUT/append" ]; then echo "also $PRT_THREAD_ID" >> a.txt; else echo "by $PRT_THREAD_ID" > a.txt; fi';
    const args = ['run', '--exec', exec, '--strategy', 'round-robin', '--workers', '2', '--commit-per-thread', '--joblog', joblog, '--json', '--write-interval', '0'];
    const first = await ws.prt(args);
    assert.equal(first.code, 1, first.stderr);
    assert.equal(reportOf(first).thread(two.id).status, 'conflict');
    assert.deepEqual([one.isResolved, two.isResolved], [true, false]);

    await writeFile(path.join(ws.outside, 'append'), '');
    const second = await ws.prt([...args, '--resume-failed']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual((await ran()).sort(), [one.id, two.id, two.id].sort(), 'the conflicted thread ran again, the landed one did not');
    const t = reportOf(second).thread(two.id);
    assert.deepEqual([t.status, t.attempts], ['resolved', 1]);
    assert.equal(await readFile(path.join(ws.repo, 'a.txt'), 'utf8'), `by ${one.id}\nalso ${two.id}\n`, 'its fix landed before it was resolved');
    assert.equal(two.isResolved, true);
  });

  it('a fix rejected in review: the resume asks again instead of resolving it', async () => {
    const [a, b] = await seedSample(ws, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, [
      { path: 'a.txt', line: 1, body: 'fix a' },
      { path: 'b.txt', line: 1, body: 'fix b' },
    ]);
    const exec = 'echo "$PRT_THREAD_ID" >> "$PRT_TEST_OUT/ran"; echo fixed >> "$PRT_PATH"';
    const args = ['run', '--exec', exec, '--review', '--commit', '--joblog', joblog, '--write-interval', '0'];
    const first = prtOnPty(ws, args);
    await first.waitFor(/Keep this fix\?/, 1);
    first.type('y');
    await first.waitFor(/Keep this fix\?/, 2);
    first.type('n');
    assert.equal((await first.done).code, 0, first.output());
    assert.deepEqual([a.isResolved, b.isResolved], [true, false]);

    const second = prtOnPty(ws, [...args, '--resume-failed']);
    await second.waitFor(/Keep this fix\?/, 1);
    second.type('y');
    const { code, output } = await second.done;
    assert.equal(code, 0, output);
    assert.match(output, /fix 1 of 1: b\.txt:1/);
    assert.equal(b.isResolved, true);
    assert.equal(await readFile(path.join(ws.repo, 'b.txt'), 'utf8'), 'b\nfixed\n');
    assert.equal((await ran()).filter((id) => id === b.id).length, 2);
  });

  it('a run stopped (SIGINT) after a lane\'s first fix succeeded: the resume runs that job again rather than resolving a fix that never landed', async () => {
    const [a, b] = await seedSample(ws, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, [
      { path: 'a.txt', line: 1, body: 'fix a' },
      { path: 'b.txt', line: 1, body: 'hangs the first time' },
    ]);
    const exec = 'echo "$PRT_THREAD_ID" >> "$PRT_TEST_OUT/ran"; echo fixed >> "$PRT_PATH"; if [ "$PRT_PATH" = b.txt ] && [ ! -f "$PRT_TEST_OUT/go" ]; then touch "$PRT_TEST_OUT/hanging"; sleep 300; fi';
    const args = ['run', '--exec', exec, '--workers', '2', '--joblog', joblog, '--json', '--write-interval', '0'];
    let child: ChildProcess | undefined;
    let stderr = '';
    const running = ws.prt(args, { onSpawn: (c) => (child = c), onStderr: (c) => (stderr += c) });
    await waitUntil(() => existsSync(path.join(ws.outside, 'hanging')) && new RegExp(`^fixed +\\S+ ${a.id} `, 'm').test(stderr), 'a fixed, b hanging');
    child!.kill('SIGINT');
    const first = await running;
    assert.equal(first.code, 130, first.stderr);
    await waitNoneWithEnv('PRT_TEST_OUT', ws.outside);
    assert.equal(reportOf(first).thread(a.id).status, 'fixed');
    assert.equal(await git(ws.repo, ['status', '--porcelain']), '', 'nothing was integrated');

    await writeFile(path.join(ws.outside, 'go'), '');
    const second = await ws.prt([...args, '--resume-failed']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal((await ran()).filter((id) => id === a.id).length, 2, 'a ran again');
    for (const t of [a, b]) assert.equal(t.isResolved, true);
    assert.equal(await readFile(path.join(ws.repo, 'a.txt'), 'utf8'), 'a\nfixed\n', 'a\'s fix is in the tree, once');
  });
});
