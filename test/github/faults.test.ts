import * as assert from 'node:assert/strict';
import { addSimpleThread, seedPullRequest } from './scenarios';
import type { StoredThread } from './storeModel';
import { post } from './testClient';
import { startTestGitHub, type TestGitHub } from './testGitHub';

const REPLY = `mutation Reply($id: ID!) { addPullRequestReviewThreadReply(input: {pullRequestReviewThreadId: $id, body: "Fixed"}) { comment { id } } }`;

describe('test GitHub: faults', () => {
  let gh: TestGitHub;
  let thread: StoredThread;

  beforeEach(async () => {
    gh = await startTestGitHub();
    thread = addSimpleThread(gh.store, seedPullRequest(gh.store), { path: 'a.ts', line: 1, body: 'x' });
  });

  afterEach(async () => {
    await gh.close();
  });

  it('answers 502 once, then works again', async () => {
    gh.faults.add({ status: 502 });
    const one = await post(gh, '{ viewer { login } }');
    assert.equal(one.status, 502);
    assert.ok(one.headers.get('x-ratelimit-remaining'));
    const two = await post(gh, '{ viewer { login } }');
    assert.equal(two.status, 200);
    assert.deepEqual(gh.requests.map((r) => [r.status, r.faulted]), [[502, '502'], [200, undefined]]);
  });

  it('answers a secondary rate limit: 403 with Retry-After and GitHub body', async () => {
    gh.faults.add({ status: 403, retryAfter: 7 });
    const res = await post(gh, '{ viewer { login } }');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.match(res.json.message ?? '', /secondary rate limit/);
    assert.ok(res.json.documentation_url);
    gh.faults.add({ status: 429, retryAfter: 1 });
    assert.equal((await post(gh, '{ viewer { login } }')).status, 429);
  });

  it('answers a primary rate limit with remaining 0 and a reset time', async () => {
    gh.faults.add({ rateLimitReset: true, retryAfter: 30 });
    const res = await post(gh, '{ viewer { login } }');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-ratelimit-remaining'), '0');
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    const sentAt = gh.requests[0].at / 1000;
    assert.ok(reset >= sentAt + 29 && reset <= sentAt + 31, `${reset} vs ${sentAt}`);
    assert.doesNotMatch(res.json.message ?? '', /secondary/);
  });

  it('answers a custom body and an injected 401', async () => {
    gh.faults.add({ status: 500, body: { message: 'boom' } });
    gh.faults.add({ status: 401 });
    assert.deepEqual((await post(gh, '{ viewer { login } }')).json, { message: 'boom' });
    const denied = await post(gh, '{ viewer { login } }');
    assert.equal(denied.status, 401);
    assert.equal(denied.json.message, 'Bad credentials');
  });

  it('resets the connection without an answer', async () => {
    gh.faults.add({ reset: true });
    await assert.rejects(post(gh, '{ viewer { login } }'), TypeError);
    assert.equal(gh.requests[0].faulted, 'reset');
    assert.equal(gh.requests[0].status, 0);
    assert.equal((await post(gh, '{ viewer { login } }')).status, 200);
  });

  it('applies only to matching requests, for as many times as asked', async () => {
    gh.faults.add({ status: 504, times: 2, match: (r) => r.kind === 'mutation' });
    assert.equal((await post(gh, '{ viewer { login } }')).status, 200);
    assert.equal((await post(gh, REPLY, { id: thread.id })).status, 504);
    assert.equal((await post(gh, REPLY, { id: thread.id })).status, 504);
    assert.equal((await post(gh, REPLY, { id: thread.id })).status, 200);
    gh.faults.add({ status: 502, times: Infinity, match: (r) => r.operationName === 'Reply' });
    for (let i = 0; i < 3; i++) assert.equal((await post(gh, REPLY, { id: thread.id })).status, 502);
    gh.faults.clear();
    assert.equal((await post(gh, REPLY, { id: thread.id })).status, 200);
  });

  it('does not run a faulted mutation', async () => {
    gh.faults.add({ status: 502 });
    gh.faults.add({ reset: true });
    assert.equal((await post(gh, REPLY, { id: thread.id })).status, 502);
    await assert.rejects(post(gh, REPLY, { id: thread.id }));
    assert.equal(gh.store.getThread(thread.id)?.comments.length, 1);
  });

  it('with afterExecute, runs the mutation and still answers 502', async () => {
    gh.faults.add({ status: 502, afterExecute: true });
    const res = await post(gh, REPLY, { id: thread.id });
    assert.equal(res.status, 502);
    assert.equal(res.json.data, undefined, 'the client never sees the result');
    assert.equal(gh.requests[0].faulted, '502, after execute');
    const comments = gh.store.getThread(thread.id)?.comments ?? [];
    assert.deepEqual(comments.map((c) => c.body), ['x', 'Fixed']);
    assert.throws(() => gh.faults.add({ status: 403, afterExecute: true }));
  });

  it('delays a request: a slow one finishes after a fast one sent later', async () => {
    gh.faults.add({ delayMs: 1000, match: (r) => r.operationName === 'Slow' });
    const order: string[] = [];
    const slow = post(gh, 'query Slow { viewer { login } }').then((r) => order.push(`slow:${r.status}`));
    await waitFor(() => gh.requests.length === 1);
    await post(gh, 'query Fast { viewer { login } }').then((r) => order.push(`fast:${r.status}`));
    await slow;
    assert.deepEqual(order, ['fast:200', 'slow:200']);
  });

  it('adds latency to every request', async () => {
    gh.faults.latencyMs = 1000;
    const order: string[] = [];
    const first = post(gh, 'query First { viewer { login } }').then(() => order.push('first'));
    await waitFor(() => gh.requests.length === 1);
    gh.faults.latencyMs = 0;
    await post(gh, 'query Second { viewer { login } }').then(() => order.push('second'));
    await first;
    assert.deepEqual(order, ['second', 'first']);
  });

  it('closes promptly while a request is held back', async () => {
    gh.faults.add({ delayMs: 60_000 });
    const pending = post(gh, '{ viewer { login } }');
    await waitFor(() => gh.requests.length === 1);
    await gh.close();
    await assert.rejects(pending);
    assert.equal(gh.requests[0].status, 0);
  });
});

/** Polls `cond` on the event loop (no time threshold: only ordering matters). */
async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

describe('test GitHub: answers that are not what a client expects', () => {
  let gh: TestGitHub;
  let thread: StoredThread;

  beforeEach(async () => {
    gh = await startTestGitHub({ token: 'ghp_echoedSECRET42' });
    thread = addSimpleThread(gh.store, seedPullRequest(gh.store), { path: 'a.ts', line: 1, body: 'x' });
  });

  afterEach(async () => {
    await gh.close();
  });

  it('answers 200 with only errors, after running the mutation when asked', async () => {
    const message = 'Something went wrong while executing your query. Please include `ABCD:1234` when reporting this issue.';
    gh.faults.add({ graphqlErrors: [{ message }], afterExecute: true });
    const res = await post(gh, REPLY, { id: thread.id });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { data: null, errors: [{ message }] });
    assert.equal(gh.store.getThread(thread.id)?.comments.length, 2, 'the reply was posted before the error');
    gh.faults.add({ graphqlErrors: [{ message }] });
    await post(gh, REPLY, { id: thread.id });
    assert.equal(gh.store.getThread(thread.id)?.comments.length, 2, 'without afterExecute nothing runs');
  });

  it('rewrites an answer it ran (an alias dropped)', async () => {
    gh.faults.add({ rewrite: (a) => ({ ...a, data: {} }) });
    const res = await post(gh, REPLY, { id: thread.id });
    assert.deepEqual(res.json, { data: {} });
    assert.equal(gh.store.getThread(thread.id)?.comments.length, 2);
    assert.equal(gh.requests[0].faulted, 'rewritten');
  });

  it('answers an HTML page with status 200', async () => {
    gh.faults.add({ rawBody: { contentType: 'text/html; charset=utf-8', text: '<!DOCTYPE html><title>Sign in</title>' } });
    const res = await fetch(gh.url, { method: 'POST', body: JSON.stringify({ query: '{ viewer { login } }' }) });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(await res.text(), '<!DOCTYPE html><title>Sign in</title>');
  });

  it('echoes the token the request carried where a fault says {token}', async () => {
    gh.faults.add({ status: 500, body: { message: 'token {token} is not allowed here' } });
    gh.faults.add({ graphqlErrors: [{ message: 'bad auth {token}' }] });
    assert.equal((await post(gh, '{ viewer { login } }')).json.message, 'token ghp_echoedSECRET42 is not allowed here');
    assert.equal((await post(gh, '{ viewer { login } }')).json.errors?.[0].message, 'bad auth ghp_echoedSECRET42');
  });

  it('holds a request without answering until the client gives up, having run it', async () => {
    gh.faults.add({ hang: true, afterExecute: true });
    const pending = post(gh, REPLY, { id: thread.id }).catch((e: unknown) => e);
    await waitFor(() => gh.store.getThread(thread.id)!.comments.length === 2);
    await gh.close();
    assert.ok((await pending) instanceof Error);
    assert.equal(gh.requests[0].status, 0);
    assert.equal(gh.requests[0].faulted, 'hang, after execute');
  });
});
