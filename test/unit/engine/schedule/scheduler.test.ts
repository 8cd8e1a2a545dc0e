import * as assert from 'node:assert/strict';
import { DisposableStore } from '../../../../src/common/lifecycle';
import { HALT_NEVER } from '../../../../src/model/haltPolicy';
import { JobStartedEvent, RunResult, SchedulerLane, SchedulerOptions } from '../../../../src/engine/schedule/schedulerTypes';
import { Scheduler } from '../../../../src/engine/schedule/scheduler';
import { JobResult } from '../../../../src/model/job';
import { FakeClock, OK, gate, job, lane, ticks } from './schedulerTestUtil';

const base: SchedulerOptions = { maxConcurrency: 2, retries: 0, retryDelayMs: 0, halt: HALT_NEVER };

describe('Scheduler: lanes, concurrency and files', () => {
  let store: DisposableStore;
  beforeEach(() => (store = new DisposableStore()));
  afterEach(() => store.dispose());

  function schedule(lanes: SchedulerLane[], options: Partial<SchedulerOptions> = {}, clock = new FakeClock()) {
    return store.add(new Scheduler(lanes, { ...base, ...options }, clock));
  }

  /** Lanes of jobs that each take a few event-loop turns, recording marks. */
  function tracked(laneCount: number, jobsPerLane: number, fileOf: (l: number, j: number) => string) {
    const marks: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const perFile = new Map<string, number>();
    let fileOverlap = false;
    const lanes = Array.from({ length: laneCount }, (_, l) =>
      lane(
        `worker-${l + 1}`,
        ...Array.from({ length: jobsPerLane }, (_, j) => {
          const file = fileOf(l, j);
          return job(`T${l + 1}.${j + 1}`, file, async () => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            perFile.set(file, (perFile.get(file) ?? 0) + 1);
            if (perFile.get(file)! > 1) fileOverlap = true;
            marks.push(`start T${l + 1}.${j + 1}`);
            await ticks(2);
            marks.push(`end T${l + 1}.${j + 1}`);
            perFile.set(file, perFile.get(file)! - 1);
            inFlight--;
            return OK;
          });
        }),
      ),
    );
    return { lanes, marks, stats: () => ({ maxInFlight, fileOverlap }) };
  }

  it('runs at most J jobs at once, and really in parallel', async () => {
    for (const J of [1, 2, 3]) {
      const t = tracked(5, 3, (l, j) => `f${l}-${j}`);
      const run = await schedule(t.lanes, { maxConcurrency: J }).run();
      assert.equal(t.stats().maxInFlight, J, `J=${J}`);
      assert.ok(run.results.every((r) => r.status === 'fixed'));
    }
  });

  it("runs each lane's jobs in order, one at a time", async () => {
    const t = tracked(3, 4, (l, j) => `f${l}-${j}`);
    await schedule(t.lanes, { maxConcurrency: 3 }).run();
    for (let l = 1; l <= 3; l++) {
      const mine = t.marks.filter((m) => m.includes(`T${l}.`));
      const expected = [1, 2, 3, 4].flatMap((j) => [`start T${l}.${j}`, `end T${l}.${j}`]);
      assert.deepEqual(mine, expected);
    }
  });

  it('never runs two jobs on the same file at once, even across lanes', async () => {
    const t = tracked(4, 4, (l, j) => ['a.ts', 'b.ts'][(l + j) % 2]);
    const run = await schedule(t.lanes, { maxConcurrency: 4 }).run();
    assert.equal(t.stats().fileOverlap, false);
    assert.equal(t.stats().maxInFlight, 2); // only two files exist, so only two jobs can overlap
    assert.equal(run.results.length, 16);
    assert.ok(run.results.every((r) => r.status === 'fixed'));
  });

  it('does not deadlock with many lanes on few files', async () => {
    // Lanes visit the same files in opposite orders: the classic lock-ordering trap.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 3;
    const t = tracked(10, 6, (l) => (l % 2 === 0 ? ['x', 'y', 'z'] : ['z', 'y', 'x'])[rand()]);
    const run = await schedule(t.lanes, { maxConcurrency: 2 }).run();
    assert.equal(run.results.length, 60);
    assert.ok(run.results.every((r) => r.status === 'fixed'));
    assert.equal(t.stats().fileOverlap, false);
  });

  it('takes the file lock before the slot: a job waiting for its file holds no slot', async () => {
    // J=2. A holds a.ts; B waits for a.ts; C (c.ts) must get the second slot while A runs.
    const marks: string[] = [];
    const aDone = gate();
    const cStarted = gate();
    const lanes = [
      lane('worker-1', job('A', 'a.ts', async () => {
        marks.push('start A');
        await aDone.promise;
        marks.push('end A');
        return OK;
      })),
      lane('worker-2', job('B', 'a.ts', async () => {
        marks.push('start B');
        return OK;
      })),
      lane('worker-3', job('C', 'c.ts', async () => {
        marks.push('start C');
        cStarted.open();
        return OK;
      })),
    ];
    const running = schedule(lanes, { maxConcurrency: 2 }).run();
    // If B sat on a slot while waiting for a.ts, C could not start and this would hang.
    await cStarted.promise;
    aDone.open();
    await running;
    assert.deepEqual(marks, ['start A', 'start C', 'end A', 'start B']);
  });

  it('fires queued, started and finished events, and reports results in plan order', async () => {
    const clock = new FakeClock();
    const t0 = clock.t;
    const lanes = [
      lane('worker-1', job('A1', 'a', async () => { await ticks(1); clock.t += 50; return OK; }),
        job('A2', 'a2', async () => OK)),
      lane('worker-2', job('B1', 'b', async () => { await ticks(1); clock.t += 50; return OK; })),
    ];
    const s = schedule(lanes, {}, clock);
    const queued: string[] = [];
    const started: JobStartedEvent[] = [];
    const finished: JobResult[] = [];
    let finishedRun: RunResult | undefined;
    store.add(s.onDidQueueJob((e) => queued.push(`${e.lane}/${e.threadId}`)));
    store.add(s.onDidStartJob((e) => {
      assert.equal(queued.length, 3, 'every job is queued before any starts');
      started.push(e);
    }));
    store.add(s.onDidFinishJob((r) => finished.push(r)));
    store.add(s.onDidFinishRun((r) => (finishedRun = r)));
    const run = await s.run();

    assert.deepEqual(queued, ['worker-1/A1', 'worker-1/A2', 'worker-2/B1']);
    assert.deepEqual(started.map((e) => [e.threadId, e.lane, e.attempt]).sort(), [['A1', 'worker-1', 1], ['A2', 'worker-1', 1], ['B1', 'worker-2', 1]]);
    assert.equal(started.find((e) => e.threadId === 'A1')!.startedAt, t0);
    assert.deepEqual(run.results.map((r) => r.threadId), ['A1', 'A2', 'B1']);
    assert.deepEqual(finished.map((r) => r.threadId).sort(), ['A1', 'A2', 'B1']);
    assert.equal(finishedRun, run);
    assert.equal(run.cancelled, false);
    assert.equal(run.halted, undefined);
    assert.equal(run.wallMs, 100);
    assert.equal(run.sumMs, run.results.reduce((s, r) => s + r.durationMs, 0));
    assert.equal(run.sumMs, 50 + 100 + 0); // A1 0→50, B1 0→100, A2 at 50 took no time
    assert.equal(run.speedup, run.sumMs / run.wallMs);
    const a1 = run.results[0];
    assert.deepEqual(a1, { threadId: 'A1', lane: 'worker-1', status: 'fixed', attempts: 1, exitCode: 0, signal: null, startedAt: t0, durationMs: 50, command: 'fix A1' });
  });

  it('reports output chunks with the thread they belong to', async () => {
    const s = schedule([lane('worker-1', job('A', 'a', async (ctx) => {
      ctx.onOutput('stdout', 'hello ');
      ctx.onOutput('stderr', 'oops');
      return { ...OK, output: 'hello oops' };
    }))]);
    const chunks: string[] = [];
    store.add(s.onDidOutputJob((e) => chunks.push(`${e.threadId}:${e.lane}:${e.attempt}:${e.stream}:${e.chunk}`)));
    const run = await s.run();
    assert.deepEqual(chunks, ['A:worker-1:1:stdout:hello ', 'A:worker-1:1:stderr:oops']);
    assert.equal(run.results[0].output, 'hello oops');
  });

  it('refuses bad options and a thread planned twice', () => {
    assert.throws(() => new Scheduler([], { ...base, maxConcurrency: 0 }), /at least 1/);
    assert.throws(() => new Scheduler([], { ...base, retries: -1 }), /retries/);
    assert.throws(() => new Scheduler([], { ...base, timeoutMs: 0 }), /timeout/);
    const dup = [lane('w1', job('A', 'a', async () => OK)), lane('w2', job('A', 'b', async () => OK))];
    assert.throws(() => new Scheduler(dup, base), (e: Error) => e.name === 'BugIndicatingError');
  });

  it('is single use, and an empty plan finishes at once', async () => {
    const s = schedule([]);
    const run = await s.run();
    assert.deepEqual(run.results, []);
    assert.equal(run.speedup, 0);
    await assert.rejects(s.run(), (e: Error) => e.name === 'BugIndicatingError');
  });
});
