import * as assert from 'node:assert/strict';
import { isUserFacingError } from '../../../src/common/errors';
import { formatHaltPolicy, isInvalidHaltPolicyError, parseHaltPolicy, shouldHalt } from '../../../src/model/haltPolicy';

describe('parseHaltPolicy', () => {
  it('accepts never, soon,fail=N, now,fail=N and percentages', () => {
    assert.deepEqual(parseHaltPolicy('never'), { when: 'never' });
    assert.deepEqual(parseHaltPolicy('soon,fail=3'), { when: 'soon', fail: 3, percent: false });
    assert.deepEqual(parseHaltPolicy(' NOW,fail=1 '), { when: 'now', fail: 1, percent: false });
    assert.deepEqual(parseHaltPolicy('now,fail=12.5%'), { when: 'now', fail: 12.5, percent: true });
    for (const text of ['never', 'soon,fail=3', 'now,fail=10%']) assert.equal(formatHaltPolicy(parseHaltPolicy(text)), text);
  });

  it('refuses anything else with one line naming the accepted forms', () => {
    for (const bad of ['', 'soon', 'later,fail=1', 'soon,fail=0', 'now,fail=-1', 'now,fail=1.5', 'soon,fail=0%', 'soon,fail=101%', 'now,success=1', 'soon,fail=1\nrm']) {
      assert.throws(() => parseHaltPolicy(bad), (e: unknown) => {
        assert.ok(isInvalidHaltPolicyError(e) && isUserFacingError(e), bad);
        assert.ok(!(e as Error).message.includes('\n'), 'one line');
        assert.match((e as Error).message, /never, soon,fail=N or now,fail=N/);
        return true;
      });
    }
  });
});

describe('shouldHalt', () => {
  it('compares final failures with a count or a percentage of all jobs', () => {
    assert.equal(shouldHalt({ when: 'never' }, 100, 100), false);
    const two = parseHaltPolicy('soon,fail=2');
    assert.equal(shouldHalt(two, 1, 10), false);
    assert.equal(shouldHalt(two, 2, 10), true);
    const pct = parseHaltPolicy('now,fail=25%');
    assert.equal(shouldHalt(pct, 1, 8), false);
    assert.equal(shouldHalt(pct, 2, 8), true);
    assert.equal(shouldHalt(pct, 0, 0), false);
  });
});
