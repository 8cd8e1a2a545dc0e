import * as assert from 'node:assert/strict';
import { rateLimitWait } from '../../../src/github/rateLimit';

const SECONDARY = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits',
};

describe('rateLimitWait', () => {
  const now = Date.parse('2024-05-06T09:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.deepEqual(rateLimitWait({ 'retry-after': '30' }, 403, now), { seconds: 30, limit: 'secondary', basis: 'retry-after' });
    assert.deepEqual(rateLimitWait({ 'Retry-After': 'Mon, 06 May 2024 09:01:00 GMT' }, 429, now), { seconds: 60, limit: 'secondary', basis: 'retry-after' });
  });

  it('waits one second past the primary limit reset', () => {
    const reset = String(now / 1000 + 120);
    assert.deepEqual(rateLimitWait({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, 403, now), { seconds: 121, limit: 'primary', basis: 'reset' });
  });

  it('falls back to a minute for a bare 429, and to nothing for a plain 403', () => {
    assert.deepEqual(rateLimitWait({}, 429, now), { seconds: 60, limit: 'secondary', basis: 'no-retry-after' });
    assert.equal(rateLimitWait({ 'x-ratelimit-remaining': '4000' }, 403, now), undefined);
    assert.equal(rateLimitWait({}, 403, now, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' }), undefined);
  });

  it('knows a 403 without Retry-After as a secondary limit by its documentation link, never by its wording', () => {
    assert.deepEqual(rateLimitWait({ 'x-ratelimit-remaining': '4000' }, 403, now, SECONDARY), { seconds: 60, limit: 'secondary', basis: 'no-retry-after' });
    for (const anchor of ['#about-secondary-rate-limits', '#abuse-rate-limits']) {
      assert.equal(rateLimitWait({}, 403, now, { message: 'anything', documentation_url: `https://docs.github.com/rest/overview/resources-in-the-rest-api${anchor}` })?.seconds, 60);
    }
    assert.equal(rateLimitWait({}, 403, now, { message: SECONDARY.message }), undefined, 'the message alone is prose');
  });
});
