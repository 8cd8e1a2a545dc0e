import * as assert from 'node:assert/strict';
import { DisposableStore } from '../../../../src/common/lifecycle';
import { HALT_NEVER, parseHaltPolicy } from '../../../../src/model/haltPolicy';
import { AttemptContext, SchedulerLane, SchedulerOptions } from '../../../../src/engine/schedule/schedulerTypes';
import { Scheduler } from '../../../../src/engine/schedule/scheduler';
import { FAIL, FakeClock, OK, abortListeners, gate, job, lane, ticks, untilAborted } from './schedulerTestUtil';

const base: SchedulerOptions = { maxConcurrency: 2, retries: 0, retryDelayMs: 100, halt: HALT_NEVER };

describe('Scheduler: halt policy and cancellation', () => {
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

  it('halt soon: once N failed, starts nothing new and lets running jobs finish', async () => {
    const b1Release = gate();
    let b1Signal: AbortSignal | undefined;
    const started: string[] = [];
    const lanes = [
      lane('worker-1', job('A1', 'a.ts', async () => FAIL), job('A2', 'a2.ts', async () => OK)),
      lane('worker-2', job('B1', 'b.ts', async (ctx) => {
        b1Signal = ctx.signal;
        await b1Release.promise;
        return OK;
      }), job('B2', 'b2.ts', async () => OK)),
      // C1 waits for a.ts while A1 holds it; after the halt it must not start.
      lane('worker-3', job('C1', 'a.ts', async () => OK)),
    ];
    const s = schedule(lanes, { halt: parseHaltPolicy('soon,fail=1') });
    store.add(s.onDidStartJob((e) => started.push(e.threadId)));
    store.add(s.onDidFinishJob((r) => {
      if (r.threadId === 'A1') b1Release.open();
    }));
    const run = await s.run();
    assert.deepEqual(started.sort(), ['A1', 'B1']);
    assert.equal(b1Signal?.aborted, false, 'soon does not abort running jobs');
    assert.deepEqual(summary(run.results), [
      ['A1', 'failed', 1, 'exit code 1'],
      ['A2', 'skipped', 0, 'halted: 1 failed'],
      ['B1', 'fixed', 1, undefined],
      ['B2', 'skipped', 0, 'halted: 1 failed'],
      ['C1', 'skipped', 0, 'halted: 1 failed'],
    ]);
    assert.deepEqual(run.halted, { reason: '1 failed (halt soon,fail=1)', failed: 1 });
    assert.equal(run.cancelled, false);
  });

  it('halt now: aborts running attempts (cancelled, "halted") and skips the rest', async () => {
    const lanes = [
      lane('worker-1', job('A1', 'a.ts', async () => { await ticks(); return FAIL; }), job('A2', 'a2.ts', async () => OK)),
      lane('worker-2', job('B1', 'b.ts', untilAborted), job('B2', 'b2.ts', async () => OK)),
    ];
    const run = await schedule(lanes, { halt: parseHaltPolicy('now,fail=1') }).run();
    assert.deepEqual(summary(run.results), [
      ['A1', 'failed', 1, 'exit code 1'],
      ['A2', 'skipped', 0, 'halted: 1 failed'],
      ['B1', 'cancelled', 1, 'halted'],
      ['B2', 'skipped', 0, 'halted: 1 failed'],
    ]);
    assert.equal(run.results[2].signal, 'SIGTERM');
    assert.equal(run.halted?.failed, 1);
  });

  it('counts only final failures, after retries, toward the threshold', async () => {
    let attemptsOfA = 0;
    const lanes = [
      lane('worker-1', job('A', 'a.ts', async () => (++attemptsOfA < 3 ? FAIL : OK)), job('B', 'b.ts', async () => FAIL),
        job('C', 'c.ts', async () => FAIL), job('D', 'd.ts', async () => OK)),
    ];
    const run = await schedule(lanes, { retries: 2, halt: parseHaltPolicy('soon,fail=2') }).run();
    assert.deepEqual(run.results.map((r) => r.status), ['fixed', 'failed', 'failed', 'skipped']);
    assert.deepEqual(run.halted, { reason: '2 failed (halt soon,fail=2)', failed: 2 });
  });

  it('halts on a percentage of all jobs', async () => {
    const lanes = [lane('worker-1', ...['A', 'B', 'C', 'D', 'E', 'F'].map((id) => job(id, `${id}.ts`, async () => FAIL)))];
    const run = await schedule(lanes, { halt: parseHaltPolicy('soon,fail=50%') }).run();
    assert.deepEqual(run.results.map((r) => r.status), ['failed', 'failed', 'failed', 'skipped', 'skipped', 'skipped']);
  });

  it('a halt during a backoff wait ends the wait; the job keeps its failure', async () => {
    clock.blockingSleep = true;
    const lanes = [
      lane('worker-1', job('A', 'a.ts', async () => FAIL)),
      lane('worker-2', job('B', 'b.ts', async () => { await ticks(); return { ...FAIL, retryable: false }; })),
    ];
    const run = await schedule(lanes, { retries: 3, halt: parseHaltPolicy('soon,fail=1') }).run();
    assert.deepEqual(summary(run.results), [['A', 'failed', 1, 'exit code 1'], ['B', 'failed', 1, 'exit code 1']]);
    assert.deepEqual(clock.sleeps, [100]);
  });

  it('cancel: running attempts abort, nothing new starts, the rest is cancelled; run resolves', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const bothRunning = gate();
    const running = (ctx: AttemptContext) => {
      if (started.length === 2) bothRunning.open();
      return untilAborted(ctx);
    };
    const lanes = [
      lane('worker-1', job('A1', 'a.ts', running), job('A2', 'a2.ts', async () => OK)),
      lane('worker-2', job('B1', 'b.ts', running), job('B2', 'b2.ts', async () => OK)),
      lane('worker-3', job('C1', 'c.ts', async () => OK)), // waits for a slot (J=2)
    ];
    const s = schedule(lanes, { signal: controller.signal, retries: 3 });
    store.add(s.onDidStartJob((e) => started.push(e.threadId)));
    const result = s.run();
    await bothRunning.promise;
    controller.abort();
    const run = await result;
    assert.deepEqual(started, ['A1', 'B1']);
    assert.deepEqual(summary(run.results), [
      ['A1', 'cancelled', 1, 'cancelled'],
      ['A2', 'cancelled', 0, 'cancelled'],
      ['B1', 'cancelled', 1, 'cancelled'],
      ['B2', 'cancelled', 0, 'cancelled'],
      ['C1', 'cancelled', 0, 'cancelled'],
    ]);
    assert.equal(run.cancelled, true);
    assert.equal(run.halted, undefined);
    assert.deepEqual(clock.sleeps, [], 'a cancelled attempt is not retried');
    assert.equal(abortListeners(controller.signal), 0, 'the run removed its listener');
  });

  it('an already cancelled run starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const run = await schedule([lane('worker-1', job('A', 'a.ts', async () => { ran = true; return OK; }))], { signal: controller.signal }).run();
    assert.equal(ran, false);
    assert.equal(run.cancelled, true);
    assert.deepEqual(summary(run.results), [['A', 'cancelled', 0, 'cancelled']]);
  });

  it('cancel during a backoff wait cancels the job', async () => {
    clock.blockingSleep = true;
    const controller = new AbortController();
    const s = schedule([lane('worker-1', job('A', 'a.ts', async () => FAIL))], { retries: 2, signal: controller.signal });
    store.add(s.onDidRetryJob(() => controller.abort()));
    const run = await s.run();
    assert.deepEqual(summary(run.results), [['A', 'cancelled', 1, 'cancelled']]);
    assert.equal(run.results[0].exitCode, 1);
  });

  it('disposing the scheduler mid-run aborts running attempts', async () => {
    const s = schedule([lane('worker-1', job('A', 'a.ts', untilAborted))]);
    const result = s.run();
    await ticks();
    s.dispose();
    const run = await result;
    assert.equal(run.results[0].status, 'cancelled');
    assert.equal(run.cancelled, true);
  });
});
