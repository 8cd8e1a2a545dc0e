import * as assert from 'node:assert/strict';
import { isUserFacingError } from '../../../../src/common/errors';
import { ReviewThread } from '../../../../src/model/thread';
import { moveThreads, parseStrategy, parseWorkers, planThreads, retainThreads } from '../../../../src/engine/plan/planner';
import { makeThread } from '../../helpers/threads';

function threadsOver(files: Record<string, number>): ReviewThread[] {
  const out: ReviewThread[] = [];
  for (const [path, n] of Object.entries(files)) {
    for (let i = 0; i < n; i++) out.push(makeThread({ id: `PRRT_${path}_${i}`, path, line: 100 - i }));
  }
  return out;
}

function laneOfPath(plan: ReturnType<typeof planThreads>, threads: ReviewThread[]): Map<string, Set<string>> {
  const byId = new Map(threads.map((t) => [t.id, t]));
  const m = new Map<string, Set<string>>();
  for (const lane of plan.lanes) {
    for (const id of lane.threads) {
      const p = byId.get(id)!.path;
      if (!m.has(p)) m.set(p, new Set());
      m.get(p)!.add(lane.name);
    }
  }
  return m;
}

describe('planner', () => {
  const threads = threadsOver({ 'a.ts': 5, 'b.ts': 4, 'c.ts': 3, 'd.ts': 2, 'e.ts': 1, 'f.ts': 1 });

  it('by-file keeps every file in one lane and balances thread counts', () => {
    const plan = planThreads(threads, { workers: 3, strategy: 'by-file' });
    assert.equal(plan.lanes.length, 3);
    for (const lanes of laneOfPath(plan, threads).values()) assert.equal(lanes.size, 1);
    const sizes = plan.lanes.map((l) => l.threads.length);
    assert.deepEqual([...sizes].sort(), [5, 5, 6]);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `unbalanced: ${sizes}`);
    assert.equal(sizes.reduce((a, b) => a + b), threads.length);
  });

  it('orders each lane by file then line', () => {
    const plan = planThreads(threads, { workers: 1, strategy: 'by-file' });
    const ids = plan.lanes[0].threads;
    assert.equal(ids[0], 'PRRT_a.ts_4'); // line 96 comes before line 100 in a.ts
    assert.equal(ids[ids.length - 1], 'PRRT_f.ts_0');
  });

  it('is deterministic whatever order the threads arrive in', () => {
    const shuffled = [...threads].reverse();
    for (const strategy of ['by-file', 'balanced', 'round-robin'] as const) {
      assert.deepEqual(
        planThreads(threads, { workers: 4, strategy }),
        planThreads(shuffled, { workers: 4, strategy }),
        strategy,
      );
    }
  });

  it('drops lanes left empty when there are fewer files than workers', () => {
    const plan = planThreads(threadsOver({ 'x.ts': 3, 'y.ts': 1 }), { workers: 8, strategy: 'by-file' });
    assert.deepEqual(plan.lanes.map((l) => l.name), ['worker-1', 'worker-2']);
  });

  it('balanced weighs long conversations more, still one file per lane', () => {
    const heavy = makeThread({ id: 'PRRT_heavy', path: 'heavy.ts', body: 'x'.repeat(8000) });
    const light = threadsOver({ 'l1.ts': 3, 'l2.ts': 3 });
    const all = [heavy, ...light];
    const countPlan = planThreads(all, { workers: 2, strategy: 'by-file' });
    const effortPlan = planThreads(all, { workers: 2, strategy: 'balanced' });
    const laneWithHeavy = (p: typeof countPlan) => p.lanes.find((l) => l.threads.includes('PRRT_heavy'))!;
    // by thread count the single heavy thread shares a lane with a light file; by effort it is alone
    assert.equal(laneWithHeavy(countPlan).threads.length, 4);
    assert.deepEqual(laneWithHeavy(effortPlan).threads, ['PRRT_heavy']);
    for (const lanes of laneOfPath(effortPlan, all).values()) assert.equal(lanes.size, 1);
  });

  it('round-robin deals threads in file/line order', () => {
    const plan = planThreads(threadsOver({ 'a.ts': 4 }), { workers: 2, strategy: 'round-robin' });
    assert.deepEqual(plan.lanes.map((l) => l.threads), [
      ['PRRT_a.ts_3', 'PRRT_a.ts_1'],
      ['PRRT_a.ts_2', 'PRRT_a.ts_0'],
    ]);
  });

  it('plans no lanes for no threads', () => {
    assert.deepEqual(planThreads([], { workers: 4, strategy: 'by-file' }).lanes, []);
  });

  it('rejects worker counts outside 1..64 with a user-facing error', () => {
    for (const w of [0, 65, 1.5, NaN]) {
      assert.throws(() => planThreads(threads, { workers: w, strategy: 'by-file' }), isUserFacingError);
    }
  });

  it('parses worker counts and strategies from text', () => {
    assert.equal(parseWorkers(' 12 '), 12);
    for (const bad of ['abc', '', '-1', '0', '65', '2.5', '1e2']) {
      assert.throws(() => parseWorkers(bad), (e: unknown) => isUserFacingError(e) && /--workers must be a whole number from 1 to 64/.test((e as Error).message), bad);
    }
    assert.equal(parseStrategy('balanced'), 'balanced');
    assert.throws(() => parseStrategy('random'), /--strategy must be one of by-file, balanced, round-robin/);
  });

  it('moves threads between lanes, keeping order and making a manual plan', () => {
    const plan = planThreads(threadsOver({ 'a.ts': 2, 'b.ts': 2 }), { workers: 2, strategy: 'by-file' });
    const from = plan.lanes[0];
    const to = plan.lanes[1];
    const moved = moveThreads(plan, [...from.threads].reverse(), to.name);
    assert.equal(moved.strategy, 'manual');
    assert.equal(moved.lanes.length, 1, 'emptied lane is dropped');
    assert.deepEqual(moved.lanes[0].threads, [...to.threads, ...from.threads]);
    assert.equal(plan.lanes.length, 2, 'input plan unchanged');
    const newLane = moveThreads(plan, [from.threads[0]], 'worker-9');
    assert.deepEqual(newLane.lanes.at(-1), { name: 'worker-9', threads: [from.threads[0]] });
  });

  it('retains only present threads', () => {
    const plan = planThreads(threadsOver({ 'a.ts': 2, 'b.ts': 1 }), { workers: 2, strategy: 'by-file' });
    const kept = retainThreads(plan, new Set(['PRRT_a.ts_0']));
    assert.deepEqual(kept.lanes.map((l) => l.threads), [['PRRT_a.ts_0']]);
  });
});
