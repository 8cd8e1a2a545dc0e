// How the client reads answers that are not plain successes: bad bodies, secondary limits
// without Retry-After, and server text that would leak the token.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { isUserFacingError, oneLine } from '../../../src/common/errors';
import type { GitHubClient, RetryEvent } from '../../../src/github/client';
import { isGitHubRateLimitedError } from '../../../src/github/errors';
import { startTestGitHub, type TestGitHub } from '../../github/testGitHub';
import { newClient, recordingSleep } from './support';

const VIEWER = 'query Viewer { viewer { login } }';
const TOKEN = 'ghp_SECRETtokenVALUE0123456789';

describe('GitHubClient: answers that are not plain successes', () => {
  let gh: TestGitHub;
  let client: GitHubClient | undefined;

  beforeEach(async () => {
    gh = await startTestGitHub({ token: TOKEN });
  });
  afterEach(async () => {
    client?.dispose();
    client = undefined;
    await gh.close();
  });

  async function failure(run: () => Promise<unknown>): Promise<Error> {
    return run().then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e as Error,
    );
  }

  describe('a 200 that is not GraphQL JSON', () => {
    it('an HTML page is one clear line naming the host and the option, not a bug', async () => {
      client = newClient(gh);
      gh.faults.add({ rawBody: { contentType: 'text/html; charset=utf-8', text: '<!DOCTYPE html><html><body>Sign in to your proxy</body></html>' } });
      const e = await failure(() => client!.query(VIEWER));
      assert.ok(isUserFacingError(e), String(e));
      const host = new URL(gh.url).host;
      assert.equal(e.message, `GitHub at ${host} answered with an HTML page, not GraphQL JSON: check --graphql-url / GITHUB_GRAPHQL_URL.`);
      assert.equal(gh.requests.length, 1, 'not retried: the same URL answers the same page');
    });

    it('JSON without data or errors is the same kind of error', async () => {
      client = newClient(gh);
      gh.faults.add({ rawBody: { contentType: 'application/json', text: '{"message":"hello from a proxy"}' } });
      const e = await failure(() => client!.query(VIEWER));
      assert.ok(isUserFacingError(e), String(e));
      assert.match(e.message, /answered JSON that is not a GraphQL answer \(no data, no errors\): check --graphql-url \/ GITHUB_GRAPHQL_URL\.$/);
    });

    it('raw() throws it too, for mutations', async () => {
      client = newClient(gh);
      gh.faults.add({ rawBody: { contentType: 'text/html', text: '<html></html>' } });
      const e = await failure(() => client!.raw('mutation M { resolveReviewThread(input: { threadId: "x" }) { thread { id } } }'));
      assert.ok(isUserFacingError(e), String(e));
      assert.match(e.message, /HTML page/);
    });
  });

  describe('a secondary rate limit without Retry-After', () => {
    it('waits a minute (GitHub\'s advice), says so, and goes on', async () => {
      const { sleep, waits } = recordingSleep(gh);
      client = newClient(gh, { sleep });
      const retries: RetryEvent[] = [];
      client.onDidRetry((e) => retries.push(e));
      gh.faults.add({ status: 403 });
      const data = await client.query<{ viewer: { login: string } }>(VIEWER);
      assert.equal(data.viewer.login, 'octo-dev');
      assert.deepEqual(gh.requests.map((r) => r.status), [403, 200]);
      assert.deepEqual(waits, [{ ms: 60_000, requestsSeen: 1 }]);
      assert.deepEqual(retries, [{ kind: 'query', operationName: 'Viewer', attempt: 1, delayMs: 60_000, reason: 'secondary-rate-limit', basis: 'no-retry-after' }]);
    });

    it('fails as a rate limit, without advice about the token\'s scope, when a minute is beyond patience', async () => {
      const { sleep, waits } = recordingSleep(gh);
      client = newClient(gh, { sleep, maxRetryAfterSeconds: 30 });
      gh.faults.add({ status: 403 });
      const e = await failure(() => client!.query(VIEWER));
      assert.ok(isGitHubRateLimitedError(e), String(e));
      assert.equal(e.limit, 'secondary');
      assert.equal(e.retryAfterSeconds, 60);
      assert.doesNotMatch(e.message, /scope/);
      assert.deepEqual(waits, []);
    });

    it('still gives scope advice for a 403 that is no rate limit', async () => {
      client = newClient(gh);
      gh.faults.add({ status: 403, body: { message: 'Resource protected by organization SAML enforcement.', documentation_url: 'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/' } });
      const e = await failure(() => client!.query(VIEWER));
      assert.ok(!isGitHubRateLimitedError(e));
      assert.match(e.message, /HTTP 403.*repo scope/);
    });
  });

  describe('secrets in what the server says', () => {
    it('a GraphQL error message echoing the token shows *** instead', async () => {
      client = newClient(gh);
      gh.faults.add({ graphqlErrors: [{ type: 'FORBIDDEN', message: 'token {token} may not read this' }] });
      const e = await failure(() => client!.query(VIEWER));
      assert.equal(e.message.includes(TOKEN), false, e.message);
      assert.match(e.message, /token \*\*\* may not read this/);
      assert.equal(inspect(e, { depth: 10 }).includes(TOKEN), false);
    });

    it('raw() errors are redacted too', async () => {
      client = newClient(gh);
      gh.faults.add({ graphqlErrors: [{ message: 'echo {token}', path: ['viewer'] }] });
      const r = await client.raw(VIEWER);
      assert.deepEqual(r.errors.map((x) => x.message), ['echo ***']);
    });

    it('an HTTP error body echoing the token, or a URL with user:password, shows *** instead', async () => {
      client = newClient(gh, { retries: 0 });
      gh.faults.add({ status: 500, body: { message: 'upstream https://bot:hunter2@proxy.example/x refused Bearer {token}' } });
      const e = await failure(() => client!.query(VIEWER));
      const line = oneLine(e);
      assert.equal(line.includes(TOKEN), false, line);
      assert.equal(line.includes('hunter2'), false, line);
      assert.match(line, /upstream https:\/\/\*\*\*@proxy\.example\/x refused Bearer \*\*\*/);
    });
  });

  describe('a token that no GitHub token can be', () => {
    for (const [what, token] of [['a newline', 'ghp_one\nghp_two'], ['a control character', 'ghp_abc\u0007'], ['a space', 'ghp_abc def']] as const) {
      it(`refuses one holding ${what} before any request`, () => {
        assert.throws(
          () => newClient(gh, { token }),
          (e: unknown) => isUserFacingError(e) && /token/.test((e as Error).message) && !(e as Error).message.includes(token),
        );
        assert.equal(gh.requests.length, 0);
      });
    }
  });
});
