import * as assert from 'node:assert/strict';
import { isUserFacingError, oneLine } from '../../../src/common/errors';
import { isDurationTooLongError, isInvalidDurationError, parseDuration } from '../../../src/common/duration';
import { MAX_TIMER_MS, TimerSet } from '../../../src/common/timers';

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
    for (const bad of ['', '0', '0s', '-5s', '5 minutes', '5d', 's', '1e3', 'abc', '0.0001s']) {
      assert.throws(() => parseDuration(bad), (e: unknown) => {
        assert.ok(isInvalidDurationError(e) && isUserFacingError(e), bad);
        assert.match((e as Error).message, /such as 1500ms, 30s, 5m or 1h/);
        return true;
      });
    }
  });

  it('accepts the longest duration a timer can hold', () => {
    assert.equal(MAX_TIMER_MS, 2 ** 31 - 1);
    assert.equal(parseDuration('596h'), 596 * 3_600_000);
    assert.equal(parseDuration(`${MAX_TIMER_MS}ms`), MAX_TIMER_MS);
  });

  it('refuses a duration a timer cannot hold (it would fire at once), naming the limit in one line', () => {
    for (const bad of ['600h', `${MAX_TIMER_MS + 1}ms`, '35792m', '2147483.6475s', '99999999999999999999s']) {
      assert.throws(() => parseDuration(bad), (e: unknown) => {
        assert.ok(isDurationTooLongError(e) && isInvalidDurationError(e) && isUserFacingError(e), bad);
        const message = (e as Error).message;
        assert.equal(message, oneLine(e), 'one line');
        assert.ok(message.includes(JSON.stringify(bad)), message);
        assert.match(message, /at most 596h \(2147483647 ms\)/);
        // The callers prefix the option or the setting: "--timeout: …", "Setting prThreads.jobTimeout: …".
        assert.match(`--timeout: ${message}`, /^--timeout: duration "[^"]+" is too long/);
        return true;
      });
    }
  });
});

describe('TimerSet', () => {
  it('refuses a delay Node would silently turn into 1 ms', () => {
    const timers = new TimerSet();
    try {
      assert.throws(() => timers.later(() => assert.fail('must not run'), MAX_TIMER_MS + 1), /at most 2147483647 ms/);
    } finally {
      timers.dispose();
    }
  });
});
