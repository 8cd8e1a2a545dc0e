import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { killAllWithEnv, waitUntil } from './harness/processes';
import { linesOf, type PrtResult } from './harness/prtProcess';
import { seedSample, Workspace } from './harness/workspace';

// SPEC §4: a second `prt run` on the same repository is refused at once (exit 2, naming the
// running one's pid); a stale lock of a dead process is taken over. The lock lives in the git
// common dir: <repo>/.git/prt/run.lock, holding {"pid", "host", "startedAt"}.

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fix a' },
  { path: 'b.txt', line: 1, body: 'fix b' },
];

/** A pid that no process has now: a child that ran and was reaped. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
}

describe('prt run: one run per repository (the run lock)', () => {
  let ws: Workspace;
  let lockFile: string;
  beforeEach(async () => {
    ws = await Workspace.create();
    await seedSample(ws, FILES, THREADS);
    lockFile = path.join(ws.repo, '.git', 'prt', 'run.lock');
  });
  afterEach(async () => {
    killAllWithEnv('PRT_TEST_OUT', ws.outside);
    await ws.dispose();
  });

  const marks = (prefix: string) => readdirSync(ws.outside).filter((f) => f.startsWith(prefix));

  /** Exit 2, one `prt:` line naming `pid`, nothing run, nothing written. */
  function assertRefused(r: PrtResult, pid: number): void {
    assert.equal(r.code, 2, r.stderr);
    const lines = linesOf(r.stderr);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], new RegExp(`^prt: another prt run \\(pid ${pid}\\b.*kill ${pid}`));
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }

  it('a second run while one runs is refused at once, naming its pid; the first goes on and resolves', async () => {
    // The first run's jobs wait for a release that comes only after the second run has ended.
    const first = 'touch "$PRT_TEST_OUT/first-$PRT_THREAD_ID"; while [ ! -f "$PRT_TEST_OUT/release" ]; do sleep 0.02; done';
    let child: ChildProcess | undefined;
    const running = ws.prt(['run', '--exec', first, '--write-interval', '0'], { onSpawn: (c) => (child = c) });
    await waitUntil(() => marks('first-').length > 0, 'the first run to start a job');

    const requests = ws.gh.requests.length;
    const second = await ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/second-$PRT_THREAD_ID"', '--write-interval', '0', '--json']);
    assertRefused(second, child!.pid!);
    assert.equal(ws.gh.requests.length, requests, 'refused before any request');
    assert.match((JSON.parse(second.stdout) as { error: string }).error, /another prt run/);
    assert.deepEqual(marks('second-'), [], 'the second run ran no job');
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0);

    await writeFile(path.join(ws.outside, 'release'), '');
    const r = await running;
    assert.equal(r.code, 0, r.stderr);
    for (const t of ws.gh.store.getPullRequest({ owner: 'acme', name: 'app', number: 1 })!.threads) assert.equal(t.isResolved, true);
    assert.equal(existsSync(lockFile), false, 'the lock is released at the end');
  });

  it('a lock held by a live process is refused; once that process is gone, its stale lock is taken over', async () => {
    const holder = spawn('sleep', ['300']);
    try {
      await mkdir(path.dirname(lockFile), { recursive: true });
      await writeFile(lockFile, `${JSON.stringify({ pid: holder.pid, host: hostname(), startedAt: new Date().toISOString() })}\n`);
      assertRefused(await ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/ran-$PRT_THREAD_ID"']), holder.pid!);
      assert.deepEqual(marks('ran-'), []);
      assert.ok(existsSync(lockFile), 'a live run\'s lock is left alone');
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((resolve) => (holder.exitCode !== null || holder.signalCode !== null ? resolve(undefined) : holder.on('close', resolve)));
    const r = await ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/ran-$PRT_THREAD_ID"', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(marks('ran-').length, 2);
    assert.equal(existsSync(lockFile), false);
  });

  it('a stale lock of a dead process (this host) is taken over; so is one cut short by a crash', async () => {
    await mkdir(path.dirname(lockFile), { recursive: true });
    const pid = await deadPid();
    await writeFile(lockFile, `${JSON.stringify({ pid, host: hostname(), startedAt: '2020-01-01T00:00:00.000Z' })}\n`);
    const r = await ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/ran-$PRT_THREAD_ID"', '--write-interval', '0', '--no-resolve']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(marks('ran-').length, 2);
    assert.equal(existsSync(lockFile), false);
    assert.deepEqual(readdirSync(path.dirname(lockFile)).filter((f) => f.startsWith('run.lock')), [], 'no takeover leftovers');

    await writeFile(lockFile, '{"pid": 12');
    const again = await ws.prt(['run', '--exec', 'true', '--write-interval', '0']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(existsSync(lockFile), false);
  });

  it('a lock of another host is not judged from here: refused, naming it', async () => {
    await mkdir(path.dirname(lockFile), { recursive: true });
    const pid = await deadPid();
    await writeFile(lockFile, `${JSON.stringify({ pid, host: `not-${hostname()}`, startedAt: new Date().toISOString() })}\n`);
    assertRefused(await ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/ran-$PRT_THREAD_ID"']), pid);
    assert.deepEqual(marks('ran-'), []);
    assert.equal(JSON.parse(await readFile(lockFile, 'utf8')).pid, pid);
  });
});
