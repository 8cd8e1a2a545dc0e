import * as assert from 'node:assert/strict';
import { isUserFacingError } from '../../../src/common/errors';
import { isInvalidDurationError, parseDuration } from '../../../src/common/duration';

describe('parseDuration', () => {
  it('reads ms, s, m, h and bare seconds', () => {
    assert.equal(parseDuration('1500ms'), 1500);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('90'), 90_000);
    assert.equal(parseDuration(' 2.5s '), 2500);
  });

  it('refuses zero, negatives, unknown units and garbage with a clear one-line error', () => {
    for (const bad of ['', '0', '0s', '-5s', '5 minutes', '5d', 's', '1e3', 'abc']) {
      assert.throws(() => parseDuration(bad), (e: unknown) => {
        assert.ok(isInvalidDurationError(e) && isUserFacingError(e), bad);
        assert.match((e as Error).message, /such as 1500ms, 30s, 5m or 1h/);
        return true;
      });
    }
  });
});
