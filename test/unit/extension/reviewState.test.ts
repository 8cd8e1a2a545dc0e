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
    assert.deepEqual(events, [{ kind: 'data', samePullRequest: false }]);
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

  it('ignores moves of unknown threads', () => {
    const state = new ReviewState({ workers: 1, strategy: 'by-file' });
    state.setData(PR, [a]);
    let fired = 0;
    state.onDidChange(() => fired++);
    state.move(['PRRT_zzz'], 'worker-1');
    assert.equal(fired, 0);
    state.dispose();
  });
});
