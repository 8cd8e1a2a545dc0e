import * as assert from 'node:assert/strict';
import type { ThreadSource, ThreadWriter } from '../../../src/engine/ports';
import type { GitHubClient } from '../../../src/github/client';
import { isGitHubNotFoundError } from '../../../src/github/errors';
import { GitHubThreads } from '../../../src/github/githubThreads';
import { seedBigPullRequest } from '../../github/scenarios';
import { startTestGitHub, type TestGitHub } from '../../github/testGitHub';
import { clientOn, FakeClock } from './support';

const KEY = { owner: 'acme', name: 'widgets', number: 7 };

describe('GitHubThreads (ThreadSource and ThreadWriter over GitHub)', () => {
  let gh: TestGitHub;
  let client: GitHubClient;
  let threads: GitHubThreads;

  beforeEach(async () => {
    gh = await startTestGitHub();
    const clock = new FakeClock(gh);
    ({ client } = clientOn(gh, clock));
    threads = new GitHubThreads(client, { clock, intervalMs: 0 });
    seedBigPullRequest(gh.store, { ...KEY, threads: 12, resolved: 2, outdated: 1, longThread: { comments: 130 } });
  });
  afterEach(async () => {
    client.dispose();
    await gh.close();
  });

  it('is the engine\'s ports', () => {
    const ports: [ThreadSource, ThreadWriter] = [threads, threads];
    assert.equal(ports.length, 2);
  });

  it('fetches the pull request and its unresolved threads, every comment included', async () => {
    const { pullRequest, threads: list } = await threads.fetchThreads({ owner: 'acme', repo: 'widgets', number: 7 });
    assert.equal(pullRequest.number, 7);
    assert.equal(list.length, 10);
    assert.ok(list.every((t) => !t.isResolved));
    assert.equal(list.find((t) => t.comments.length === 130)?.comments.length, 130);
    assert.equal(list.filter((t) => t.isOutdated).length, 1);
    const all = await threads.fetchThreads({ owner: 'acme', repo: 'widgets', number: 7 }, { includeResolved: true });
    assert.equal(all.threads.length, 12);
  });

  it('names --pr and --repo when the pull request is not there', async () => {
    await assert.rejects(threads.fetchThreads({ owner: 'acme', repo: 'widgets', number: 99 }), (e) => isGitHubNotFoundError(e) && /--pr/.test(e.message));
  });

  it('counts the client\'s requests, reads and writes', async () => {
    const { threads: list } = await threads.fetchThreads({ owner: 'acme', repo: 'widgets', number: 7 });
    assert.deepEqual(threads.requestCounts, { queries: 2, mutations: 0 });
    await threads.write(list.slice(0, 3).map((t) => ({ threadId: t.id, reply: 'ok', resolve: true })));
    assert.deepEqual(threads.requestCounts, { queries: 2, mutations: 1 });
    assert.deepEqual(threads.requestCounts, client.requestCounts);
  });
});
