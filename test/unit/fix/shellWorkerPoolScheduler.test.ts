import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadStdinJson } from '../../../src/core/fix/command';
import { ProcessGroupRegistry } from '../../../src/core/fix/processGroupRegistry';
import { ShellWorkerPool } from '../../../src/core/fix/shellWorkerPool';
import { HALT_NEVER } from '../../../src/core/run/haltPolicy';
import { Scheduler, SchedulerJob } from '../../../src/core/run/scheduler';
import { describeThreadJob, threadJob, ThreadJobContext } from '../../../src/core/run/threadJobs';
import { makeThread } from '../helpers/threads';
import { baseEnv, groupGone, printed, tempDir, commandJob as sharedCommandJob } from './commandTestUtil';

describe('ShellWorkerPool under the Scheduler', () => {
  let tmp: ReturnType<typeof tempDir>;
  let registry: ProcessGroupRegistry;
  let pool: ShellWorkerPool;
  beforeEach(() => {
    tmp = tempDir();
    registry = new ProcessGroupRegistry();
    pool = new ShellWorkerPool({ size: 2, registry });
  });
  afterEach(() => {
    pool.dispose();
    assert.deepEqual(registry.groups, []);
    registry.dispose();
    tmp.remove();
  });

  const commandJob = (threadId: string, command: string): SchedulerJob => sharedCommandJob((o) => pool.run(o), threadId, command, tmp.dir, registry);

  it('a hanging job is killed at the timeout with its whole process group; the worker goes on', async () => {
    const hang = commandJob('HANG', 'echo pgid=$$; sleep 1000 & echo child=$!; wait');
    const quick = commandJob('QUICK', 'exit 4');
    const after = commandJob('AFTER', 'echo after');
    const scheduler = new Scheduler([{ name: 'worker-1', jobs: [hang, after] }, { name: 'worker-2', jobs: [quick] }], {
      maxConcurrency: 2,
      retries: 0,
      retryDelayMs: 0,
      timeoutMs: 300,
      halt: HALT_NEVER,
    });
    let output = '';
    scheduler.onDidOutputJob((e) => (output += e.chunk));
    const run = await scheduler.run();
    scheduler.dispose();
    const [h, a, q] = run.results;
    assert.equal(h.status, 'timeout');
    assert.equal(h.error, 'timed out after 300ms');
    assert.equal(h.signal, 'SIGTERM');
    assert.equal(q.status, 'failed');
    assert.equal(q.exitCode, 4);
    assert.equal(a.status, 'fixed');
    assert.equal(a.output, 'after\n');
    const pgid = printed(output, 'pgid');
    assert.ok(printed(output, 'child') !== pgid);
    assert.ok(await groupGone(pgid), 'no process of the timed-out group remains');
    assert.equal(pool.workersStarted, 2);
  });

  it('threadJob runs the thread command on the pool with its environment and JSON', async () => {
    const ctx: ThreadJobContext = { repoRoot: tmp.dir, repo: 'acme/widgets', pr: 7, command: 'printf "%s" "$PRT_PATH" > path; cat > json', applySuggestions: false, baseEnv: baseEnv(), registry, pool };
    const threads = [makeThread({ path: "src/it's $(x).ts" }), makeThread({ path: 'src/b.ts' })];
    const scheduler = new Scheduler(
      [{ name: 'worker-1', jobs: threads.map((t) => threadJob(t, describeThreadJob(t, 'worker-1', ctx), ctx)) }],
      { maxConcurrency: 1, retries: 0, retryDelayMs: 0, halt: HALT_NEVER },
    );
    const run = await scheduler.run();
    scheduler.dispose();
    assert.deepEqual(run.results.map((r) => r.status), ['fixed', 'fixed']);
    assert.equal(readFileSync(join(tmp.dir, 'path'), 'utf8'), 'src/b.ts');
    assert.equal(readFileSync(join(tmp.dir, 'json'), 'utf8'), threadStdinJson(threads[1]));
    assert.equal(pool.workersStarted, 1, 'both threads ran on one worker');
    assert.equal(pool.fallbacks, 0);
  });
});
