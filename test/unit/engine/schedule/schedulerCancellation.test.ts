import * as assert from 'node:assert/strict';
import { CancellationError } from '../../../../src/common/errors';
import { DisposableStore } from '../../../../src/common/lifecycle';
import { MAX_TIMER_MS } from '../../../../src/common/timers';
import { HALT_NEVER, parseHaltPolicy } from '../../../../src/model/haltPolicy';
import { SchedulerLane, SchedulerOptions } from '../../../../src/engine/schedule/schedulerTypes';
import { Scheduler } from '../../../../src/engine/schedule/scheduler';
import { runCommand } from '../../../../src/engine/fix/command';
import { ProcessGroupRegistry } from '../../../../src/engine/fix/processGroupRegistry';
import { FakeClock, OK, job, lane } from './schedulerTestUtil';
import { baseEnv, commandJob, printed, tempDir } from '../fix/commandTestUtil';
import { allGone, checkNoProcessLeft } from '../fix/processLeaks';

const base: SchedulerOptions = { maxConcurrency: 2, retries: 0, retryDelayMs: 100, halt: HALT_NEVER };

describe('Scheduler: a cancellation the run did not cause', () => {
  let store: DisposableStore;
  let clock: FakeClock;
  beforeEach(() => {
    store = new DisposableStore();
    clock = new FakeClock();
  });
  afterEach(() => store.dispose());

  function schedule(lanes: SchedulerLane[], options: Partial<SchedulerOptions> = {}) {
    return store.add(new Scheduler(lanes, { ...base, ...options }, clock));
  }

  const summary = (results: readonly { threadId: string; status: string; attempts: number; error?: string }[]) =>
    results.map((r) => [r.threadId, r.status, r.attempts, r.error]);

  it('ends the job cancelled, not failed, and does not count it toward --halt', async () => {
    // E.g. the runner's process registry was disposed under the job: a shutdown, not a failure.
    const lanes = [
      lane('worker-1', job('A', 'a.ts', async () => { throw new CancellationError(); }), job('A2', 'a2.ts', async () => OK)),
      lane('worker-2', job('B', 'b.ts', () => Promise.reject(new DOMException('The operation was aborted.', 'AbortError')))),
      lane('worker-3', job('C', 'c.ts', async () => OK)),
    ];
    const s = schedule(lanes, { halt: parseHaltPolicy('now,fail=1'), retries: 2 });
    const finished: string[] = [];
    store.add(s.onDidFinishJob((r) => finished.push(`${r.threadId}:${r.status}`)));
    const run = await s.run();
    assert.deepEqual(summary(run.results), [
      ['A', 'cancelled', 1, 'cancelled'],
      ['A2', 'fixed', 1, undefined],
      ['B', 'cancelled', 1, 'cancelled'],
      ['C', 'fixed', 1, undefined],
    ]);
    assert.equal(run.halted, undefined, 'a cancellation is no failure');
    assert.equal(run.cancelled, false, 'the run itself was not cancelled');
    assert.deepEqual(finished.sort(), ['A2:fixed', 'A:cancelled', 'B:cancelled', 'C:fixed']);
  });

  it('still counts a job that throws any other error as failed', async () => {
    const run = await schedule([lane('worker-1', job('A', 'a.ts', async () => { throw new Error('boom'); }))]).run();
    assert.deepEqual(summary(run.results), [['A', 'failed', 1, 'boom']]);
  });
});

describe('Scheduler: the process registry disposed under a run (shutdown)', () => {
  const env = checkNoProcessLeft(baseEnv());
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('ends the killed job and the ones after it cancelled, and does not halt', async () => {
    const registry = new ProcessGroupRegistry();
    try {
      const lanes = [lane('worker-1',
        commandJob(runCommand, 'A', 'echo pid=$$; echo ready; sleep 1000', tmp.dir, registry, env),
        commandJob(runCommand, 'A2', 'true', tmp.dir, registry, env),
      )];
      const s = new Scheduler(lanes, { ...base, halt: parseHaltPolicy('now,fail=1') });
      let output = '';
      s.onDidOutputJob((e) => {
        output += e.chunk;
        if (output.includes('ready')) registry.dispose();
      });
      const run = await s.run();
      s.dispose();
      assert.deepEqual(run.results.map((r) => [r.threadId, r.status, r.error]), [
        ['A', 'cancelled', 'cancelled'],
        ['A2', 'cancelled', 'cancelled'],
      ]);
      assert.equal(run.halted, undefined);
      assert.ok(await allGone([printed(output, 'pid')]));
    } finally {
      registry.dispose();
    }
  });
});

describe('Scheduler: timeouts a timer cannot hold', () => {
  it('refuses a job timeout beyond 2^31-1 ms and accepts the limit itself', () => {
    const store = new DisposableStore();
    try {
      assert.throws(() => new Scheduler([], { ...base, timeoutMs: MAX_TIMER_MS + 1 }), (e: unknown) => {
        assert.match((e as Error).message, /^the job timeout must be at most 596h \(2147483647 ms\) \(got 2147483648 ms\)$/);
        return true;
      });
      store.add(new Scheduler([], { ...base, timeoutMs: MAX_TIMER_MS }));
    } finally {
      store.dispose();
    }
  });
});
