import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { isAlive, killAllWithEnv, readPids, waitAllDead, waitNoneWithEnv, waitUntil } from './harness/processes';
import type { PrtResult } from './harness/prtProcess';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §4: a signal stops the run cleanly — every job's process group killed (and what left
// it), nothing unfinished resolved, the report and joblog written, exit 130, no process left.

interface RunJson {
  threads: { id: string; status: string; resolved: boolean; replied: boolean }[];
  cancelled?: boolean;
  pushed?: boolean;
  notResolved?: { kind: string; reason: string };
}

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'quick' },
  { path: 'b.txt', line: 1, body: 'hangs' },
];

/**
 * Shell text that writes OUT/NAME.pids — its own pid, a background child's, and a grandchild's
 * that made a session of its own (out of reach of a group kill) — and then hangs.
 */
const hang = (name: string) =>
  [
    'sleep 300 &',
    `echo "$$" > "$PRT_TEST_OUT/${name}.tmp"`,
    `echo "$!" >> "$PRT_TEST_OUT/${name}.tmp"`,
    'setsid sleep 300 &',
    `echo "$!" >> "$PRT_TEST_OUT/${name}.tmp"`,
    `mv "$PRT_TEST_OUT/${name}.tmp" "$PRT_TEST_OUT/${name}.pids"`,
    'sleep 300',
  ].join('\n');

describe('prt run: signals, hung pushes and leftover processes', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    // Whatever a failed test left behind carries the workspace's PRT_TEST_OUT.
    killAllWithEnv('PRT_TEST_OUT', ws.outside);
    await ws.dispose();
  });

  /** Starts `prt ARGS`: the child once it runs, its stderr so far, and the promise of its end. */
  function start(args: readonly string[]): { child: () => ChildProcess; stderr: () => string; done: Promise<PrtResult> } {
    let child: ChildProcess | undefined;
    let stderr = '';
    const done = ws.prt(args, { onSpawn: (c) => (child = c), onStderr: (c) => (stderr += c) });
    return { child: () => child!, stderr: () => stderr, done };
  }

  const mutationsNaming = (id: string) =>
    ws.gh.requests.filter((q) => q.kind === 'mutation' && `${q.query}${JSON.stringify(q.variables)}`.includes(id));

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
    it(`${signal} mid-run: exit 130, every job's processes killed, nothing unfinished resolved, report and joblog written`, async () => {
      const [a, b] = await seedSample(ws, FILES, THREADS);
      const joblog = path.join(ws.outside, 'run.joblog');
      const exec = `if [ "$PRT_PATH" = b.txt ]; then ${hang('b')}; fi`;
      const run = start(['run', '--exec', exec, '--workers', '2', '--jobs', '2', '--json', '--joblog', joblog, '--write-interval', '0']);
      const pids = await readPids(path.join(ws.outside, 'b.pids'));
      assert.equal(pids.length, 3);
      // Not only a's process: prt must have taken its end in (a signal while it still reads
      // a's last output would cancel a too).
      await waitUntil(() => new RegExp(`^fixed +\\S+ ${a.id} `, 'm').test(run.stderr()), 'prt to report a fixed');
      assert.ok(pids.every(isAlive));
      run.child().kill(signal);
      const r = await run.done;

      assert.equal(r.code, 130, r.stderr);
      assert.equal(r.signal, null, 'prt exits by itself');
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      await waitAllDead(pids);
      await waitNoneWithEnv('PRT_TEST_OUT', ws.outside);

      const report = JSON.parse(r.stdout) as RunJson;
      assert.equal(report.cancelled, true);
      const bReport = report.threads.find((t) => t.id === b.id)!;
      assert.equal(bReport.status, 'cancelled');
      assert.deepEqual([bReport.replied, bReport.resolved], [false, false]);
      assert.equal(b.isResolved, false);
      assert.equal(b.comments.length, 1);
      assert.deepEqual(mutationsNaming(b.id), []);

      // The joblog has a's row (exit 0); b, if logged at all, never looks done to --resume-failed.
      const rows = (await readFile(joblog, 'utf8')).split('\n').filter(Boolean);
      assert.match(rows[0], /^Seq\tHost\tStarttime/);
      const rowOf = (id: string) => rows.slice(1).map((l) => l.split('\t')).find((f) => f[8].includes(id));
      assert.equal(rowOf(a.id)?.[6], '0', rows.join('\n'));
      const bRow = rowOf(b.id);
      if (bRow) assert.ok(bRow[6] !== '0' || bRow[7] !== '0', bRow.join('|'));
    });
  }

  it('a second signal exits at once with 130, without waiting for jobs that ignore SIGTERM', async () => {
    await seedSample(ws, FILES, [THREADS[1]]);
    // Ignores SIGTERM (noting that it came) and goes on: only SIGKILL ends it.
    const exec = [
      `trap 'touch "$PRT_TEST_OUT/got-term"' TERM`,
      'sleep 300 &',
      'echo "$$" > "$PRT_TEST_OUT/b.tmp"',
      'echo "$!" >> "$PRT_TEST_OUT/b.tmp"',
      'mv "$PRT_TEST_OUT/b.tmp" "$PRT_TEST_OUT/b.pids"',
      'while :; do sleep 0.05; done',
    ].join('\n');
    const run = start(['run', '--exec', exec, '--json', '--write-interval', '0']);
    const pids = await readPids(path.join(ws.outside, 'b.pids'));
    run.child().kill('SIGINT');
    // The first stop reached the job, which shrugged it off: prt now waits out its kill grace.
    await waitUntil(() => existsSync(path.join(ws.outside, 'got-term')), 'the job to get SIGTERM');
    assert.ok(isAlive(pids[0]));
    run.child().kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 130, r.stderr);
    assert.equal(r.signal, null);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    // It did not wait for the orderly stop, which would have ended with the report.
    assert.equal(r.stdout, '', 'quit before the run could finish its report');
    await waitAllDead(pids);
    await waitNoneWithEnv('PRT_TEST_OUT', ws.outside);
  });

  describe('a hung git push', () => {
    let bare: string;
    beforeEach(async () => {
      await seedSample(ws, FILES, THREADS);
      bare = path.join(ws.root, 'origin.git');
      await git(ws.root, ['init', '--quiet', '--bare', bare]);
      await git(ws.repo, ['config', 'remote.origin.pushurl', bare]);
      // The hook runs inside `git push`, after the remote was reached: a push that hangs.
      const hook = path.join(ws.repo, '.git', 'hooks', 'pre-push');
      await writeFile(hook, `#!/bin/sh\n${hang('push')}\n`);
      await chmod(hook, 0o755);
    });

    const EXEC = 'echo fixed >> {path}';

    it('SIGTERM during the push (--commit --push): exit 130, the push and its children killed, nothing resolved', async () => {
      const run = start(['run', '--exec', EXEC, '--commit', '--push', '--json', '--write-interval', '0']);
      const pids = await readPids(path.join(ws.outside, 'push.pids'));
      assert.ok(pids.every(isAlive));
      run.child().kill('SIGTERM');
      const r = await run.done;
      assert.equal(r.code, 130, r.stderr);
      assert.equal(r.signal, null);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      await waitAllDead(pids);
      await waitNoneWithEnv('PRT_TEST_OUT', ws.outside);
      const report = JSON.parse(r.stdout) as RunJson;
      assert.equal(report.cancelled, true);
      assert.notEqual(report.pushed, true);
      for (const t of report.threads) assert.equal(t.resolved, false);
      assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0);
      assert.equal(await git(bare, ['for-each-ref']), '', 'nothing reached the remote');
    });

    it('--push-timeout 1s: the hung push is killed with its children; push failed, nothing resolved, exit 1', async () => {
      const r = await ws.prt(['run', '--exec', EXEC, '--commit', '--push', '--push-timeout', '1s', '--write-interval', '0']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /push failed.*did not finish within 1s/);
      const pids = await readPids(path.join(ws.outside, 'push.pids'));
      await waitAllDead(pids);
      await waitNoneWithEnv('PRT_TEST_OUT', ws.outside);
      assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0);
      for (const t of ws.gh.store.getPullRequest({ owner: 'acme', name: 'app', number: 1 })!.threads) assert.equal(t.isResolved, false);
    });
  });

  it('a job that leaves daemons holding its stdout (setsid, nohup): prt ends with the job, and kills them at exit', async () => {
    const [a] = await seedSample(ws, FILES, [THREADS[0]]);
    // Each daemon keeps the job's stdout and stderr open and would outlive prt by minutes.
    const daemon = (name: string) => `sh -c 'echo "$$" > "$PRT_TEST_OUT/${name}.tmp"; mv "$PRT_TEST_OUT/${name}.tmp" "$PRT_TEST_OUT/${name}.pid"; exec sleep 300'`;
    const exec = [
      `setsid ${daemon('setsid')} >&1 2>&2 &`,
      `nohup ${daemon('nohup')} >&1 2>&2 &`,
      'while [ ! -f "$PRT_TEST_OUT/setsid.pid" ] || [ ! -f "$PRT_TEST_OUT/nohup.pid" ]; do sleep 0.02; done',
      'echo fixed >> {path}',
    ].join('\n');
    const running = ws.prt(['run', '--exec', exec, '--json', '--write-interval', '0']);
    const daemons = [...(await readPids(path.join(ws.outside, 'setsid.pid'))), ...(await readPids(path.join(ws.outside, 'nohup.pid')))];
    // prt ends although the daemons still hold the pipes (they sleep for minutes).
    const r = await running;
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    assert.equal(report.threads[0].status, 'resolved');
    assert.equal(a.isResolved, true);
    await waitAllDead(daemons);
    await waitNoneWithEnv('PRT_TEST_OUT', ws.outside);
  });
});
