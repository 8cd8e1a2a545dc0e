import * as assert from 'node:assert/strict';
import { rateLimitWait } from '../../../src/github/rateLimit';

describe('rateLimitWait', () => {
  const now = Date.parse('2024-05-06T09:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.deepEqual(rateLimitWait({ 'retry-after': '30' }, 403, now), { seconds: 30, limit: 'secondary' });
    assert.deepEqual(rateLimitWait({ 'Retry-After': 'Mon, 06 May 2024 09:01:00 GMT' }, 429, now), { seconds: 60, limit: 'secondary' });
  });

  it('waits one second past the primary limit reset', () => {
    const reset = String(now / 1000 + 120);
    assert.deepEqual(rateLimitWait({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, 403, now), { seconds: 121, limit: 'primary' });
  });

  it('falls back to a minute for a bare 429, and to nothing for a plain 403', () => {
    assert.deepEqual(rateLimitWait({}, 429, now), { seconds: 60, limit: 'secondary' });
    assert.equal(rateLimitWait({ 'x-ratelimit-remaining': '4000' }, 403, now), undefined);
  });
});
