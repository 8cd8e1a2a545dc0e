import * as assert from 'node:assert/strict';
import { isUserFacingError } from '../../../src/common/errors';
import { formatContentRate, GITHUB_CONTENT_RATE, parseContentRate } from '../../../src/github/contentRate';

describe('parseContentRate', () => {
  it('reads GitHub\'s own form, N/min,M/h', () => {
    assert.deepEqual(parseContentRate('80/min,500/h'), GITHUB_CONTENT_RATE);
    assert.deepEqual(parseContentRate(' 40/m , 200/h '), [{ limit: 40, windowMs: 60_000 }, { limit: 200, windowMs: 3_600_000 }]);
    assert.deepEqual(parseContentRate('30/min'), [{ limit: 30, windowMs: 60_000 }]);
  });

  it('reads scaled windows in ms, s, m, min and h', () => {
    assert.deepEqual(parseContentRate('80/6s'), [{ limit: 80, windowMs: 6000 }]);
    assert.deepEqual(parseContentRate('80/6s,500/360s'), [{ limit: 80, windowMs: 6000 }, { limit: 500, windowMs: 360_000 }]);
    assert.deepEqual(parseContentRate('8/600ms,50/0.5m,9/2h,7/1.5s'), [
      { limit: 8, windowMs: 600 },
      { limit: 50, windowMs: 30_000 },
      { limit: 9, windowMs: 7_200_000 },
      { limit: 7, windowMs: 1500 },
    ]);
  });

  it('refuses anything else in one line naming --content-rate and the accepted form', () => {
    for (const bad of ['', '80', '80/', '/min', '0/min', '-1/min', '80/day', '80/0s', '80/min,', '1.5/min', '80/min;500/h', '80/min\n500/h', 'eighty/min']) {
      assert.throws(
        () => parseContentRate(bad),
        (e: unknown) => {
          assert.ok(isUserFacingError(e));
          const m = (e as Error).message;
          assert.ok(m.startsWith('--content-rate must be N/min,M/h such as 80/min,500/h, or scaled windows such as 80/6s,500/360s'), m);
          assert.ok(!m.includes('\n'), m);
          return true;
        },
        JSON.stringify(bad),
      );
    }
    assert.throws(() => parseContentRate('x', 'Setting prThreads.contentRate'), /^UserFacingError: Setting prThreads\.contentRate must be/);
  });

  it('formats in the form it reads', () => {
    assert.equal(formatContentRate(GITHUB_CONTENT_RATE), '80/min,500/h');
    assert.equal(formatContentRate(parseContentRate('80/6s,500/360s')), '80/6s,500/6min');
    for (const text of ['80/min,500/h', '80/6s,500/360s', '8/600ms', '9/2h', '5/3min', '7/1.5s']) {
      assert.deepEqual(parseContentRate(formatContentRate(parseContentRate(text))), parseContentRate(text), text);
    }
  });
});
