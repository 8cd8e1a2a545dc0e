import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { isAlive, readPids, waitAllDead, waitUntil } from './harness/processes';
import { seedSample, Workspace } from './harness/workspace';

interface RunJson {
  threads: { id: string; status: string; attempts: number; exitCode: number | null; error: string | null }[];
  cancelled?: boolean;
}

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' };
// Writes its shell's pid and a background grandchild's pid to OUT/<name>.pids, then hangs.
const hang = (name: string) =>
  `sleep 300 & echo "$$" > "$PRT_TEST_OUT/${name}.tmp"; echo "$!" >> "$PRT_TEST_OUT/${name}.tmp"; mv "$PRT_TEST_OUT/${name}.tmp" "$PRT_TEST_OUT/${name}.pids"; sleep 300`;

describe('prt run: timeouts, retries, halt and Ctrl-C', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  it('--timeout kills a hanging job with its whole process group: status timeout, not resolved', async () => {
    const [a, b] = await seedSample(ws, FILES, [
      { path: 'a.txt', line: 1, body: 'hangs' },
      { path: 'b.txt', line: 1, body: 'quick' },
    ]);
    const exec = `if [ "$PRT_PATH" = a.txt ]; then ${hang('a')}; fi`;
    const r = await ws.prt(['run', '--exec', exec, '--timeout', '1s', '--json', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    assert.equal(report.threads.find((t) => t.id === a.id)!.status, 'timeout');
    assert.equal(report.threads.find((t) => t.id === b.id)!.status, 'resolved');
    assert.equal(a.isResolved, false);
    const pids = await readPids(path.join(ws.outside, 'a.pids'));
    assert.equal(pids.length, 2);
    await waitAllDead(pids);
  });

  it('--retries 2: a command failing twice then succeeding is fixed with attempts 3', async () => {
    const [a] = await seedSample(ws, FILES, [{ path: 'a.txt', line: 1, body: 'flaky' }]);
    const exec = 'echo x >> "$PRT_TEST_OUT/tries"; test "$(wc -l < "$PRT_TEST_OUT/tries")" -ge 3';
    const r = await ws.prt(['run', '--exec', exec, '--retries', '2', '--retry-delay', '10', '--json', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    const t = (JSON.parse(r.stdout) as RunJson).threads[0];
    assert.equal(t.status, 'resolved');
    assert.equal(t.attempts, 3);
    assert.equal(t.exitCode, 0);
    assert.equal((await readFile(path.join(ws.outside, 'tries'), 'utf8')).length, 6);
    assert.equal(a.isResolved, true);
  });

  it('--retries 1 on a command that always fails: failed after 2 attempts', async () => {
    await seedSample(ws, FILES, [{ path: 'a.txt', line: 1, body: 'broken' }]);
    const r = await ws.prt(['run', '--exec', 'exit 3', '--retries', '1', '--retry-delay', '10', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const t = (JSON.parse(r.stdout) as RunJson).threads[0];
    assert.deepEqual([t.status, t.attempts, t.exitCode], ['failed', 2, 3]);
  });

  it('--halt now,fail=1 kills running jobs and starts no new one; nothing unfinished is resolved', async () => {
    const [a, b, c] = await seedSample(ws, FILES, [
      { path: 'a.txt', line: 1, body: 'fails once b runs' },
      { path: 'b.txt', line: 1, body: 'hangs' },
      { path: 'a.txt', line: 1, body: 'queued behind a in its lane' },
    ]);
    const exec = [
      'echo "$PRT_THREAD_ID" >> "$PRT_TEST_OUT/started"',
      `if [ "$PRT_PATH" = b.txt ]; then ${hang('b')}; fi`,
      `if [ "$PRT_THREAD_ID" = ${a.id} ]; then while [ ! -f "$PRT_TEST_OUT/b.pids" ]; do sleep 0.02; done; exit 1; fi`,
    ].join('; ');
    const r = await ws.prt(['run', '--exec', exec, '--workers', '2', '--jobs', '2', '--halt', 'now,fail=1', '--json', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    const status = (id: string) => report.threads.find((t) => t.id === id)!.status;
    assert.equal(status(a.id), 'failed');
    assert.ok(['cancelled', 'failed'].includes(status(b.id)), status(b.id));
    assert.ok(['cancelled', 'skipped'].includes(status(c.id)), status(c.id));
    const started = (await readFile(path.join(ws.outside, 'started'), 'utf8')).split('\n').filter(Boolean);
    assert.ok(!started.includes(c.id), 'no job starts after the halt');
    for (const t of [a, b, c]) assert.equal(t.isResolved, false);
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0);
    await waitAllDead(await readPids(path.join(ws.outside, 'b.pids')));
  });

  it('--halt soon,fail=1 lets the running job finish (and be resolved) but starts no new one', async () => {
    const [a, b, c] = await seedSample(ws, FILES, [
      { path: 'a.txt', line: 1, body: 'fails' },
      { path: 'b.txt', line: 1, body: 'running when a fails' },
      { path: 'b.txt', line: 2, body: 'queued behind b in its lane' },
    ]);
    const exec = [
      'echo "$PRT_THREAD_ID" >> "$PRT_TEST_OUT/started"',
      'if [ "$PRT_PATH" = a.txt ]; then while [ ! -f "$PRT_TEST_OUT/b.running" ]; do sleep 0.02; done; exit 1; fi',
      'touch "$PRT_TEST_OUT/b.running"',
      'while [ ! -f "$PRT_TEST_OUT/release" ]; do sleep 0.02; done',
    ].join('; ');
    // b may end only once prt has reported a's failure, so the halt is in force before b's lane goes on.
    let stderr = '';
    const onStderr = (chunk: string) => {
      stderr += chunk;
      if (/^failed .* a\.txt:1/m.test(stderr)) void writeFile(path.join(ws.outside, 'release'), '');
    };
    const r = await ws.prt(['run', '--exec', exec, '--halt', 'soon,fail=1', '--json', '--write-interval', '0'], { onStderr });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    const status = (id: string) => report.threads.find((t) => t.id === id)!.status;
    assert.deepEqual([status(a.id), status(b.id), status(c.id)], ['failed', 'resolved', 'skipped']);
    const started = (await readFile(path.join(ws.outside, 'started'), 'utf8')).split('\n').filter(Boolean);
    assert.deepEqual(started.sort(), [a.id, b.id].sort());
    assert.deepEqual([a.isResolved, b.isResolved, c.isResolved], [false, true, false]);
  });

  it('SIGINT mid-run kills the running job\'s process group, exits non-zero and resolves no unfinished thread', async () => {
    const [a, b] = await seedSample(ws, FILES, [
      { path: 'a.txt', line: 1, body: 'quick' },
      { path: 'b.txt', line: 1, body: 'hangs' },
    ]);
    const exec = `if [ "$PRT_PATH" = b.txt ]; then ${hang('b')}; else touch "$PRT_TEST_OUT/a.done"; fi`;
    let child: ChildProcess | undefined;
    const running = ws.prt(['run', '--exec', exec, '--workers', '2', '--jobs', '2', '--write-interval', '0'], {
      onSpawn: (c) => (child = c),
    });
    const pids = await readPids(path.join(ws.outside, 'b.pids'));
    await waitUntil(() => existsSync(path.join(ws.outside, 'a.done')), 'a to finish');
    assert.ok(pids.every(isAlive));
    child!.kill('SIGINT');
    const r = await running;
    assert.notEqual(r.code, 0);
    assert.equal(r.signal, null, 'prt exits by itself');
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    await waitAllDead(pids);
    assert.match(r.stdout, /^ {2}cancelled +b\.txt:1 /m);
    assert.equal(b.isResolved, false);
    assert.equal(b.comments.length, 1);
    // a finished before the interrupt: resolving it is allowed, b never.
    const mutations = ws.gh.requests.filter((q) => q.kind === 'mutation');
    assert.ok(!mutations.some((q) => `${q.query}${JSON.stringify(q.variables)}`.includes(b.id)));
    if (a.isResolved) assert.equal(mutations.length, 1);
  });
});
