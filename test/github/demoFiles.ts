// The sample project of the demo pull request acme/widgets#42: a small Node client with
// retries. DEMO_FILES is the PR's head; DEMO_BASE_FILES is `main` before it. Both run
// their tests with plain `node --test`, before and after the review suggestions apply.

const PACKAGE_JSON = `{
  "name": "widgets",
  "version": "1.3.0",
  "private": true,
  "description": "Client for the Widgets API",
  "main": "src/index.js",
  "scripts": {
    "test": "node --test"
  },
  "license": "MIT"
}
`;

const BACKOFF_JS = `'use strict';

/**
 * Delay before retry number \`attempt\` (1-based), with full jitter.
 * @param {number} attempt
 * @param {{ baseMs: number, maxMs: number, random?: () => number }} options
 */
function backoffDelay(attempt, options) {
  const random = options.random || Math.random;
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { backoffDelay, sleep };
`;

const RETRY_BUDGET_JS = `'use strict';

/**
 * A token bucket that limits how many retries a client may make, so that an outage
 * does not turn into a retry storm.
 */
class RetryBudget {
  /**
   * @param {{ ratio?: number, minPerSecond?: number, now?: () => number }} [options]
   */
  constructor(options = {}) {
    this.ratio = options.ratio || 0.1;
    this.minPerSecond = options.minPerSecond || 10;
    this.now = options.now || Date.now;
    this.tokens = this.minPerSecond;
    this.lastRefill = this.now();
  }

  /** Called for every first attempt: earns a fraction of a retry. */
  recordRequest() {
    this.refill();
    this.tokens = this.tokens + this.ratio;
  }

  /** True (and spends a token) when a retry is allowed now. */
  tryRetry() {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  refill() {
    const now = this.now();
    const elapsed = (now - this.lastRefill) / 1000;
    this.lastRefill = now;
    this.tokens = this.tokens + elapsed * this.minPerSecond;
  }
}

module.exports = { RetryBudget };
`;

const HTTP_CLIENT_JS = `'use strict';

const { backoffDelay, sleep } = require('./backoff');
const { loadConfig } = require('./config');
const { RetryBudget } = require('./retryBudget');

const RETRYABLE = new Set([502, 503, 504]);

/**
 * Sends requests through \`transport\`, retrying transient failures while the retry
 * budget allows.
 */
class HttpClient {
  constructor(transport, config = loadConfig()) {
    this.transport = transport;
    this.config = config;
    this.budget = new RetryBudget({ ratio: config.retryRatio });
  }

  async send(request) {
    this.budget.recordRequest();
    let attempt = 0;
    for (;;) {
      attempt++;
      console.log('sending', request.method, request.url, 'attempt', attempt);
      const response = await this.transport(request);
      if (!RETRYABLE.has(response.status)) return response;
      if (attempt > this.config.maxRetries) return response;
      if (!this.budget.tryRetry()) return response;
      await sleep(backoffDelay(attempt, this.config));
    }
  }
}

module.exports = { HttpClient, RETRYABLE };
`;

const CONFIG_JS = `'use strict';

const DEFAULTS = {
  baseMs: 100,
  maxMs: 5000,
  maxRetries: 3,
  retryRatio: 0.1,
};

/**
 * Reads the client's settings from the environment, falling back to the defaults.
 * @param {Record<string, string | undefined>} [env]
 */
function loadConfig(env = process.env) {
  return {
    baseMs: Number(env.WIDGETS_BASE_MS) || DEFAULTS.baseMs,
    maxMs: Number(env.WIDGETS_MAX_MS) || DEFAULTS.maxMs,
    maxRetries: parseInt(env.WIDGETS_MAX_RETRIES) || DEFAULTS.maxRetries,
    retryRatio: Number(env.WIDGETS_RETRY_RATIO) || DEFAULTS.retryRatio,
  };
}

module.exports = { DEFAULTS, loadConfig };
`;

const INDEX_JS = `'use strict';

module.exports = {
  ...require('./backoff'),
  ...require('./config'),
  ...require('./httpClient'),
  ...require('./retryBudget'),
};
`;

const README_MD = `# widgets

A small client for the Widgets API.

## Retries

Transient failures (502, 503, 504) are retried with exponential backoff and full
jitter, limited by a retry budget so that an outage does not turn into a retry storm.

Settings (environment variables):

- \`WIDGETS_BASE_MS\`: first backoff step (default 100)
- \`WIDGETS_MAX_MS\`: longest wait (default 5000)
- \`WIDGETS_MAX_RETRIES\`: retries per request (default 3)
- \`WIDGETS_RETRY_RATIO\`: retries earned per request (default 0.1)
`;

const RETRY_BUDGET_TEST_JS = `'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { backoffDelay } = require('../src/backoff');
const { RetryBudget } = require('../src/retryBudget');

test('a fresh budget allows a burst of retries, then refuses until it refills', () => {
  let now = 0;
  const budget = new RetryBudget({ minPerSecond: 2, now: () => now });
  assert.strictEqual(budget.tryRetry(), true);
  assert.strictEqual(budget.tryRetry(), true);
  assert.strictEqual(budget.tryRetry(), false);
  now += 1000;
  assert.strictEqual(budget.tryRetry(), true);
});

test('backoff never waits longer than maxMs', () => {
  for (let attempt = 1; attempt < 10; attempt++) {
    const delay = backoffDelay(attempt, { baseMs: 100, maxMs: 1000, random: () => 0.999 });
    assert.ok(delay >= 0 && delay < 1000, \`attempt \${attempt}: \${delay}\`);
  }
});
`;

const CHANGELOG_MD = `# Changelog

## Unreleased

- A retry budget limits retries during an outage.

## 1.0.0

- First release.
`;

/** The files of the demo PR at its head commit, by repository path. */
export const DEMO_FILES: Readonly<Record<string, string>> = Object.freeze({
  'CHANGELOG.md': CHANGELOG_MD,
  'package.json': PACKAGE_JSON,
  'README.md': README_MD,
  'src/index.js': INDEX_JS,
  'src/backoff.js': BACKOFF_JS,
  'src/config.js': CONFIG_JS,
  'src/httpClient.js': HTTP_CLIENT_JS,
  'src/retryBudget.js': RETRY_BUDGET_JS,
  'test/retryBudget.test.js': RETRY_BUDGET_TEST_JS,
});

/** The same project on `main`, before the PR added the retry budget. */
export const DEMO_BASE_FILES: Readonly<Record<string, string>> = Object.freeze({
  'CHANGELOG.md': CHANGELOG_MD.replace('- A retry budget limits retries during an outage.\n', ''),
  'package.json': PACKAGE_JSON,
  'README.md': README_MD.slice(0, README_MD.indexOf('## Retries')).trimEnd() + '\n',
  'src/index.js': INDEX_JS.replace("  ...require('./retryBudget'),\n", ''),
  'src/backoff.js': BACKOFF_JS,
  'src/config.js': CONFIG_JS.replace('  retryRatio: 0.1,\n', '').replace(
    '    retryRatio: Number(env.WIDGETS_RETRY_RATIO) || DEFAULTS.retryRatio,\n',
    '',
  ),
  'src/httpClient.js': HTTP_CLIENT_JS.replace("const { RetryBudget } = require('./retryBudget');\n", '')
    .replace('    this.budget = new RetryBudget({ ratio: config.retryRatio });\n', '')
    .replace('    this.budget.recordRequest();\n', '')
    .replace("      console.log('sending', request.method, request.url, 'attempt', attempt);\n", '')
    .replace('      if (!this.budget.tryRetry()) return response;\n', '')
    .replace(' while the retry\n * budget allows.', '.'),
});
