import * as assert from 'node:assert/strict';
import { DisposableStore } from '../../../../src/common/lifecycle';
import { HALT_NEVER } from '../../../../src/model/haltPolicy';
import { backoffDelay } from '../../../../src/engine/schedule/retry';
import { AttemptOutcome, JobRetriedEvent, SchedulerJob, SchedulerLane, SchedulerOptions } from '../../../../src/engine/schedule/schedulerTypes';
import { Scheduler } from '../../../../src/engine/schedule/scheduler';
import { FAIL, FakeClock, OK, job, lane, ticks, untilAborted } from './schedulerTestUtil';

const base: SchedulerOptions = { maxConcurrency: 2, retries: 0, retryDelayMs: 100, halt: HALT_NEVER };

describe('Scheduler: retries, backoff, timeout, throwing jobs', () => {
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

  /** A job whose attempts report `outcomes` in turn, recording attempt numbers. */
  function scripted(id: string, outcomes: AttemptOutcome[], attempts: number[]) {
    return job(id, `${id}.ts`, async (ctx) => {
      attempts.push(ctx.attempt);
      clock.t += 10;
      return outcomes[Math.min(ctx.attempt - 1, outcomes.length - 1)];
    });
  }

  it('retries a failing job N extra times with exponential backoff', async () => {
    const attempts: number[] = [];
    const s = schedule([lane('worker-1', scripted('A', [FAIL], attempts))], { retries: 3 });
    const retried: JobRetriedEvent[] = [];
    store.add(s.onDidRetryJob((e) => retried.push(e)));
    const run = await s.run();
    assert.deepEqual(attempts, [1, 2, 3, 4]);
    assert.deepEqual(clock.sleeps, [100, 200, 400]);
    assert.deepEqual(retried.map((e) => [e.attempt, e.delayMs, e.error]), [[2, 100, 'exit code 1'], [3, 200, 'exit code 1'], [4, 400, 'exit code 1']]);
    const r = run.results[0];
    assert.equal(r.status, 'failed');
    assert.equal(r.attempts, 4);
    assert.equal(r.exitCode, 1);
    assert.equal(r.error, 'exit code 1');
    // From the first start to the last end, backoff included: 4×10 ms of work + 700 ms of waits.
    assert.equal(r.durationMs, 740);
  });

  it('caps the backoff', async () => {
    const s = schedule([lane('worker-1', scripted('A', [FAIL], []))], { retries: 4, maxRetryDelayMs: 250 });
    await s.run();
    assert.deepEqual(clock.sleeps, [100, 200, 250, 250]);
    assert.equal(backoffDelay(40, 1000, Infinity), 1000 * 2 ** 30);
  });

  it('stops retrying once an attempt succeeds', async () => {
    const attempts: number[] = [];
    const run = await schedule([lane('worker-1', scripted('A', [FAIL, FAIL, OK], attempts))], { retries: 5 }).run();
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.equal(run.results[0].status, 'fixed');
    assert.equal(run.results[0].attempts, 3);
    assert.equal(run.results[0].error, undefined);
  });

  it('does not retry a failure marked not retryable', async () => {
    const outcome: AttemptOutcome = { ok: false, exitCode: null, signal: null, error: 'suggestion does not apply', retryable: false };
    const run = await schedule([lane('worker-1', scripted('A', [outcome], []))], { retries: 3 }).run();
    assert.equal(run.results[0].attempts, 1);
    assert.equal(run.results[0].error, 'suggestion does not apply');
    assert.deepEqual(clock.sleeps, []);
  });

  it('counts a throwing job function as a failed job with its message, and goes on', async () => {
    const lanes = [
      lane('worker-1',
        job('A', 'a.ts', async () => { throw new Error('boom\nat line 2'); }),
        job('B', 'b.ts', async () => OK)),
      lane('worker-2', job('C', 'c.ts', async () => { throw 'not an error'; }),
        job('D', 'd.ts', (async () => undefined) as unknown as SchedulerJob['run'])),
    ];
    const run = await schedule(lanes, { retries: 2 }).run();
    assert.deepEqual(run.results.map((r) => [r.threadId, r.status, r.attempts, r.error]), [
      ['A', 'failed', 1, 'boom at line 2'],
      ['B', 'fixed', 1, undefined],
      ['C', 'failed', 1, 'not an error'],
      ['D', 'failed', 1, 'the job reported no outcome'],
    ]);
  });

  it('aborts an attempt at the timeout and reports timeout; retries it like a failure', async () => {
    const signals: AbortSignal[] = [];
    const s = schedule([lane('worker-1', job('A', 'a.ts', (ctx) => {
      signals.push(ctx.signal);
      return untilAborted(ctx);
    }))], { retries: 1, timeoutMs: 30_000 });
    const retried: JobRetriedEvent[] = [];
    store.add(s.onDidRetryJob((e) => retried.push(e)));
    const running = s.run();
    await ticks();
    assert.equal(signals.length, 1);
    assert.equal(signals[0].aborted, false);
    clock.fireTimers(); // the first attempt's timeout
    await ticks();
    assert.equal(signals[0].aborted, true);
    assert.equal(signals.length, 2);
    clock.fireTimers(); // the second's
    const run = await running;
    assert.deepEqual(retried.map((e) => [e.attempt, e.error]), [[2, 'timed out after 30s']]);
    const r = run.results[0];
    assert.equal(r.status, 'timeout');
    assert.equal(r.attempts, 2);
    assert.equal(r.error, 'timed out after 30s');
    assert.equal(r.signal, 'SIGTERM');
    assert.equal(r.exitCode, null);
    assert.equal(clock.pendingTimers, 0, 'timers of finished attempts are cleared');
  });

  it('a timed-out attempt followed by a good one is fixed', async () => {
    const s = schedule([lane('worker-1', job('A', 'a.ts', (ctx) => (ctx.attempt === 1 ? untilAborted(ctx) : Promise.resolve(OK))))], {
      retries: 1,
      timeoutMs: 1500,
    });
    const running = s.run();
    await ticks();
    clock.fireTimers();
    const run = await running;
    assert.equal(run.results[0].status, 'fixed');
    assert.equal(run.results[0].attempts, 2);
  });

  it('does not time out an attempt that ends in time', async () => {
    const run = await schedule([lane('worker-1', job('A', 'a.ts', async () => OK))], { timeoutMs: 10 }).run();
    assert.equal(run.results[0].status, 'fixed');
    assert.equal(clock.pendingTimers, 0);
  });
});
