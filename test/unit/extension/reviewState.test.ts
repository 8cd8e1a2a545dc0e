import * as assert from 'node:assert/strict';
import { ReviewState, ReviewStateChange } from '../../../src/extension/reviewState';
import { makeThread } from '../helpers/threads';

const PR = { owner: 'acme', repo: 'widgets', number: 1 };

describe('ReviewState', () => {
  const a = makeThread({ id: 'PRRT_a', path: 'a.ts' });
  const b = makeThread({ id: 'PRRT_b', path: 'b.ts' });
  const c = makeThread({ id: 'PRRT_c', path: 'c.ts' });

  it('plans loaded threads and fires data changes', () => {
    const state = new ReviewState({ workers: 2, strategy: 'by-file' });
    const events: ReviewStateChange[] = [];
    state.onDidChange((e) => events.push(e));
    state.setData(PR, [a, b]);
    assert.equal(state.plan.lanes.length, 2);
    assert.deepEqual(events, [{ kind: 'data' }]);
    state.dispose();
  });

  it('keeps a hand-edited plan across a reload of the same PR, adding new threads to the lightest lane', () => {
    const state = new ReviewState({ workers: 2, strategy: 'by-file' });
    state.setData(PR, [a, b]);
    state.move(['PRRT_a'], state.plan.lanes.find((l) => l.threads.includes('PRRT_b'))!.name);
    assert.equal(state.plan.strategy, 'manual');
    assert.equal(state.plan.lanes.length, 1);
    state.setData(PR, [a, b, c]);
    assert.equal(state.plan.strategy, 'manual');
    assert.deepEqual(state.plan.lanes[0].threads, ['PRRT_b', 'PRRT_a', 'PRRT_c']);
    state.setData({ ...PR, number: 2 }, [a, b]);
    assert.equal(state.plan.strategy, 'by-file', 'another PR is planned afresh');
    state.dispose();
  });

  it('drops progress that GitHub contradicts on reload, keeps failures', () => {
    const state = new ReviewState({ workers: 2, strategy: 'by-file' });
    state.setData(PR, [a, b, c]);
    state.setProgress(new Map([
      ['PRRT_a', { state: 'resolved' as const }],
      ['PRRT_b', { state: 'failed' as const, error: 'exit 1' }],
    ]));
    state.setData(PR, [a, b]);
    assert.equal(state.progress('PRRT_a'), undefined, 'listed again as unresolved');
    assert.equal(state.progress('PRRT_b')?.error, 'exit 1');
    state.dispose();
  });

  it('ignores progress and moves for unknown threads', () => {
    const state = new ReviewState({ workers: 1, strategy: 'by-file' });
    state.setData(PR, [a]);
    let fired = 0;
    state.onDidChange(() => fired++);
    state.setProgress(new Map([['PRRT_zzz', { state: 'running' as const }]]));
    state.move(['PRRT_zzz'], 'worker-1');
    assert.equal(fired, 0);
    state.dispose();
  });
});
