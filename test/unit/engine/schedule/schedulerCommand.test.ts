import * as assert from 'node:assert/strict';
import { runCommand } from '../../../../src/engine/fix/command';
import { ProcessGroupRegistry } from '../../../../src/engine/fix/processGroupRegistry';
import { HALT_NEVER } from '../../../../src/model/haltPolicy';
import { Scheduler } from '../../../../src/engine/schedule/scheduler';
import { SchedulerJob } from '../../../../src/engine/schedule/schedulerTypes';
import { baseEnv, groupGone, printed, tempDir, commandJob as sharedCommandJob } from '../fix/commandTestUtil';
import { checkNoProcessLeft } from '../fix/processLeaks';

describe('Scheduler with real commands', () => {
  const env = checkNoProcessLeft(baseEnv());
  let tmp: ReturnType<typeof tempDir>;
  let registry: ProcessGroupRegistry;
  beforeEach(() => {
    tmp = tempDir();
    registry = new ProcessGroupRegistry();
  });
  afterEach(() => {
    assert.deepEqual(registry.groups, []);
    registry.dispose();
    tmp.remove();
  });

  const commandJob = (threadId: string, command: string): SchedulerJob => sharedCommandJob(runCommand, threadId, command, tmp.dir, registry, env);

  it('a hanging job is killed at the timeout with its whole process group', async () => {
    const hang = commandJob('HANG', 'echo pgid=$$; sleep 1000 & echo child=$!; wait');
    const quick = commandJob('QUICK', 'exit 4');
    const scheduler = new Scheduler([{ name: 'worker-1', jobs: [hang] }, { name: 'worker-2', jobs: [quick] }], {
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
    const [h, q] = run.results;
    assert.equal(h.status, 'timeout');
    assert.equal(h.error, 'timed out after 300ms');
    assert.equal(h.signal, 'SIGTERM');
    assert.equal(q.status, 'failed');
    assert.equal(q.exitCode, 4);
    assert.equal(q.error, 'exit code 4');
    const pgid = printed(output, 'pgid');
    assert.ok(printed(output, 'child') !== pgid);
    assert.ok(await groupGone(pgid), 'no process of the timed-out group remains');
  });
});
