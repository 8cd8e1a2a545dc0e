import * as assert from 'node:assert/strict';
import type { ThreadAttempt } from '../../../../src/engine/fix/threadJob';
import { integrateFixes } from '../../../../src/engine/isolate/integrate';
import { isolatedJob, patchFile, type IsolationContext } from '../../../../src/engine/isolate/isolatedJob';
import { LaneTips } from '../../../../src/engine/isolate/laneTips';
import { SlotPool } from '../../../../src/engine/isolate/slotPool';
import { threadCommitMessage } from '../../../../src/engine/isolate/threadCommitMessage';
import { Scheduler } from '../../../../src/engine/schedule/scheduler';
import { HALT_NEVER } from '../../../../src/model/haltPolicy';
import type { Slot } from '../../../../src/engine/ports';
import { makeThread } from '../../helpers/threads';
import { FakeClock, gate } from '../schedule/schedulerTestUtil';
import { FakeWorktrees } from './fakeWorktrees';

/** A fake job: edits the slot's files as told, succeeding or failing. */
function edit(wt: FakeWorktrees, change: (files: Record<string, string>) => void, ok = true): ThreadAttempt {
  return async (_ctx, workdir) => {
    const leave = wt.enter(workdir);
    await new Promise((r) => setImmediate(r));
    change(wt.files(workdir));
    leave();
    return ok ? { ok: true, exitCode: 0, signal: null } : { ok: false, exitCode: 1, signal: null, error: 'exit code 1', retryable: false };
  };
}

async function isolation(wt: FakeWorktrees, slots: number): Promise<IsolationContext> {
  const prepared = [];
  for (let i = 1; i <= slots; i++) prepared.push((await wt.prepareSlot(i, 'base')).slot);
  return { worktrees: wt, slots: new SlotPool(prepared), lanes: new LaneTips('base'), patchFolder: await wt.patchFolder('run-1') };
}

describe('isolated jobs and integration (over fake worktrees)', () => {
  it('a lane\'s later thread sees its earlier fix; each success is one commit on its lane; a failure is a patch, never on the lane', async () => {
    const wt = new FakeWorktrees({ 'a.txt': 'a', 'b.txt': 'b' });
    const iso = await isolation(wt, 2);
    const [t1, t2, t3] = [makeThread({ path: 'a.txt' }), makeThread({ path: 'a.txt' }), makeThread({ path: 'b.txt' })];
    let seenByT2 = '';
    const lane = [
      isolatedJob(t1, 'worker-1', edit(wt, (f) => (f['a.txt'] = 'a1')), 'fix', iso),
      isolatedJob(t2, 'worker-1', edit(wt, (f) => {
        seenByT2 = f['a.txt'];
        f['a.txt'] = `${f['a.txt']}+a2`;
      }), 'fix', iso),
    ];
    const failing = isolatedJob(t3, 'worker-2', edit(wt, (f) => (f['b.txt'] = 'half an edit'), false), 'fix', iso);
    const scheduler = new Scheduler([{ name: 'worker-1', jobs: lane }, { name: 'worker-2', jobs: [failing] }], { maxConcurrency: 2, retries: 0, retryDelayMs: 0, halt: HALT_NEVER });
    const run = await scheduler.run();
    const [r1, r2, r3] = run.results;
    assert.equal(seenByT2, 'a1', 'the second thread of the lane started from the first one\'s fix');
    assert.equal(wt.commits.get(r2.fix!.commit!)!.files['a.txt'], 'a1+a2');
    assert.equal(r2.fix!.base, r1.fix!.commit, 'its commit sits on the lane\'s tip');
    assert.equal(iso.lanes.tip('worker-1'), r2.fix!.commit);
    assert.equal(r3.status, 'failed');
    assert.equal(r3.fix!.commit, undefined);
    assert.equal(r3.fix!.patch, patchFile('/fake/patches/run-1', t3.id));
    assert.equal(wt.patches.get(r3.fix!.patch!)!['b.txt'], 'half an edit');
    assert.equal(iso.lanes.tip('worker-2'), 'base', 'a failed job never advances its lane');
    assert.equal(wt.commits.get(r1.fix!.commit!)!.message, threadCommitMessage(t1));
  });

  it('a job that changes nothing is fixed with no commit and no changes', async () => {
    const wt = new FakeWorktrees({ 'a.txt': 'a' });
    const iso = await isolation(wt, 1);
    const job = isolatedJob(makeThread(), 'worker-1', edit(wt, () => undefined), 'true', iso);
    const [r] = (await new Scheduler([{ name: 'worker-1', jobs: [job] }], { maxConcurrency: 1, retries: 0, retryDelayMs: 0, halt: HALT_NEVER }).run()).results;
    assert.equal(r.status, 'fixed');
    assert.deepEqual(r.fix, { base: 'base', changes: null });
  });

  it('never has more jobs in slots than slots, over more lanes than slots', async () => {
    const wt = new FakeWorktrees({ 'a.txt': 'a' });
    const iso = await isolation(wt, 2);
    const lanes = [1, 2, 3, 4].map((n) => ({ name: `worker-${n}`, jobs: [1, 2].map((k) => isolatedJob(makeThread({ path: `f${n}-${k}` }), `worker-${n}`, edit(wt, (f) => (f[`f${n}-${k}`] = 'x')), 'fix', iso)) }));
    const run = await new Scheduler(lanes, { maxConcurrency: 2, retries: 0, retryDelayMs: 0, halt: HALT_NEVER }).run();
    assert.ok(run.results.every((r) => r.status === 'fixed'));
    assert.equal(wt.maxBusy, 2);
  });

  it('integrates in the order given; a later fix of the same lines is a conflict naming the file and the earlier thread', async () => {
    const wt = new FakeWorktrees({ 'shared.txt': 'x', 'other.txt': 'o' });
    const iso = await isolation(wt, 2);
    const [early, late, elsewhere] = [makeThread({ path: 'shared.txt' }), makeThread({ path: 'shared.txt' }), makeThread({ path: 'other.txt' })];
    const jobs = [
      { name: 'worker-1', jobs: [isolatedJob(early, 'worker-1', edit(wt, (f) => (f['shared.txt'] = 'early')), 'fix', iso)] },
      { name: 'worker-2', jobs: [isolatedJob(late, 'worker-2', edit(wt, (f) => (f['shared.txt'] = 'late')), 'fix', iso), isolatedJob(elsewhere, 'worker-2', edit(wt, (f) => (f['other.txt'] = 'o2')), 'fix', iso)] },
    ];
    const run = await new Scheduler(jobs, { maxConcurrency: 2, retries: 0, retryDelayMs: 0, halt: HALT_NEVER }).run();
    const kept = run.results.map((r) => ({ threadId: r.threadId, commit: r.fix!.commit! }));
    const result = await integrateFixes(wt, 'base', kept);
    assert.equal(result.outcomes.get(early.id)!.kind, 'integrated');
    assert.deepEqual(result.outcomes.get(late.id), { kind: 'conflict', file: 'shared.txt', withThread: early.id });
    assert.equal(result.outcomes.get(elsewhere.id)!.kind, 'integrated', 'the next fix goes on after a conflict');
    assert.deepEqual(result.integrated, [early.id, elsewhere.id]);
    assert.deepEqual(wt.commits.get(result.tip)!.files, { 'shared.txt': 'early', 'other.txt': 'o2' });
  });

  it('a fix an earlier one already made is already there, held by the tip', async () => {
    const wt = new FakeWorktrees({ 'a.txt': 'a' });
    const iso = await isolation(wt, 2);
    const jobs = [1, 2].map((n) => ({ name: `worker-${n}`, jobs: [isolatedJob(makeThread({ id: `PRRT_same${n}` }), `worker-${n}`, edit(wt, (f) => (f['a.txt'] = 'same')), 'fix', iso)] }));
    const run = await new Scheduler(jobs, { maxConcurrency: 2, retries: 0, retryDelayMs: 0, halt: HALT_NEVER }).run();
    const result = await integrateFixes(wt, 'base', run.results.map((r) => ({ threadId: r.threadId, commit: r.fix!.commit! })));
    assert.equal(result.outcomes.get('PRRT_same1')!.kind, 'integrated');
    assert.deepEqual(result.outcomes.get('PRRT_same2'), { kind: 'alreadyThere', commit: result.tip });
  });

  it('a fix already there is held by the chain commit that made it, not by a later tip', async () => {
    const wt = new FakeWorktrees({ 'a.txt': 'a', 'b.txt': 'b' });
    const iso = await isolation(wt, 3);
    const job = (id: string, lane: string, change: (f: Record<string, string>) => void) => isolatedJob(makeThread({ id }), lane, edit(wt, change), 'fix', iso);
    const lanes = [
      { name: 'worker-1', jobs: [job('PRRT_same1', 'worker-1', (f) => (f['a.txt'] = 'same')), job('PRRT_b', 'worker-1', (f) => (f['b.txt'] = 'b2'))] },
      { name: 'worker-2', jobs: [job('PRRT_same2', 'worker-2', (f) => (f['a.txt'] = 'same'))] },
    ];
    const run = await new Scheduler(lanes, { maxConcurrency: 2, retries: 0, retryDelayMs: 0, halt: HALT_NEVER }).run();
    const commitOf = new Map(run.results.map((r) => [r.threadId, r.fix!.commit!]));
    const order = ['PRRT_same1', 'PRRT_b', 'PRRT_same2'];
    const result = await integrateFixes(wt, 'base', order.map((threadId) => ({ threadId, commit: commitOf.get(threadId)! })));
    const first = result.outcomes.get('PRRT_same1')!;
    assert.equal(first.kind, 'integrated');
    assert.notEqual(result.tip, (first as { commit: string }).commit, 'a later fix is the tip');
    assert.deepEqual(result.outcomes.get('PRRT_same2'), { kind: 'alreadyThere', commit: (first as { commit: string }).commit });
  });

  it('an attempt that times out while its commit is made does not move its lane on: the lane\'s next thread starts from the old tip, the changes kept as a patch', async () => {
    const committing = gate();
    const proceed = gate();
    class SlowCommit extends FakeWorktrees {
      override async commitSlot(slot: Slot, message: string) {
        committing.open();
        await proceed.promise;
        return super.commitSlot(slot, message);
      }
    }
    const wt = new SlowCommit({ 'a.txt': 'a' });
    const iso = await isolation(wt, 1);
    const [t1, t2] = [makeThread({ id: 'PRRT_slow' }), makeThread({ id: 'PRRT_next' })];
    let seenByT2 = '';
    const jobs = [
      isolatedJob(t1, 'worker-1', edit(wt, (f) => (f['a.txt'] = 'a1')), 'fix', iso),
      isolatedJob(t2, 'worker-1', edit(wt, (f) => (seenByT2 = f['a.txt'])), 'fix', iso),
    ];
    const clock = new FakeClock();
    const running = new Scheduler([{ name: 'worker-1', jobs }], { maxConcurrency: 1, retries: 0, retryDelayMs: 0, timeoutMs: 1000, halt: HALT_NEVER }, clock).run();
    await committing.promise;
    clock.fireTimers();
    proceed.open();
    const [r1] = (await running).results;
    assert.equal(r1.status, 'timeout');
    assert.equal(seenByT2, 'a', 'the next thread does not see the timed-out fix');
    assert.equal(r1.fix!.patch, patchFile('/fake/patches/run-1', t1.id));
    assert.equal(wt.patches.get(r1.fix!.patch!)!['a.txt'], 'a1');
  });

  it('the thread commit message names the place, says what was asked and links the thread', () => {
    const t = makeThread({ path: 'src/x.ts', line: 7, body: 'Please rename this\nbecause…', url: 'https://github.com/o/r/pull/1#discussion_r9' });
    assert.equal(threadCommitMessage(t), 'Address review: src/x.ts:7\n\nPlease rename this\n\nReview-Thread: https://github.com/o/r/pull/1#discussion_r9\n');
  });
});
