import * as assert from 'node:assert/strict';
import type { GitHubClient } from '../../../src/github/client';
import { isGitHubNotFoundError } from '../../../src/github/errors';
import { findPullRequestForBranch, getPullRequest, listOpenPullRequests } from '../../../src/github/pullRequests';
import { startTestGitHub, type TestGitHub } from '../../github/testGitHub';
import { assertAllRequestsValid, newClient } from './support';

const REPO = { owner: 'acme', name: 'widgets' };

describe('pull request lookups', () => {
  let gh: TestGitHub;
  let client: GitHubClient;

  beforeEach(async () => {
    gh = await startTestGitHub({ token: 'test-token' });
    client = newClient(gh);
    gh.store.addPullRequest(REPO, { number: 1, headRefName: 'feature/a', createdAt: '2024-01-01T00:00:00Z' });
    gh.store.addPullRequest(REPO, { number: 2, headRefName: 'feature/a', createdAt: '2024-02-01T00:00:00Z', title: 'Newer' });
    gh.store.addPullRequest(REPO, { number: 3, headRefName: 'feature/a', createdAt: '2024-03-01T00:00:00Z', state: 'CLOSED' });
    gh.store.addPullRequest(REPO, { number: 4, headRefName: 'feature/b', createdAt: '2024-01-15T00:00:00Z' });
  });
  afterEach(async () => {
    client.dispose();
    await gh.close();
  });

  it('finds the most recently updated open pull request of a branch', async () => {
    const pr = await findPullRequestForBranch(client, 'acme', 'widgets', 'feature/a');
    assert.equal(pr?.number, 2);
    assert.equal(pr?.title, 'Newer');
    assert.equal(pr?.owner, 'acme');
    assert.equal(pr?.repo, 'widgets');
    assert.equal((await findPullRequestForBranch(client, 'acme', 'widgets', 'feature/b'))?.number, 4);
    assertAllRequestsValid(gh);
  });

  it('answers undefined for a branch without an open pull request', async () => {
    assert.equal(await findPullRequestForBranch(client, 'acme', 'widgets', 'feature/none'), undefined);
  });

  it('reports a missing repository as not found', async () => {
    await assert.rejects(findPullRequestForBranch(client, 'acme', 'gone', 'main'), (e) => isGitHubNotFoundError(e) && /--repo/.test(e.message));
  });

  it('gets a pull request by number, or says it is missing', async () => {
    const pr = await getPullRequest(client, 'acme', 'widgets', 3);
    assert.equal(pr.state, 'CLOSED');
    assert.equal(pr.headRefName, 'feature/a');
    await assert.rejects(
      getPullRequest(client, 'acme', 'widgets', 999),
      (e) => isGitHubNotFoundError(e) && e.message === 'Pull request #999 was not found in acme/widgets: check --pr and --repo.',
    );
  });

  it('lists open pull requests, most recently updated first', async () => {
    const prs = await listOpenPullRequests(client, 'acme', 'widgets');
    assert.deepEqual(prs.map((p) => p.number), [2, 4, 1]);
    assert.deepEqual((await listOpenPullRequests(client, 'acme', 'widgets', { first: 1 })).map((p) => p.number), [2]);
    // Asking for more than GitHub allows is capped, not sent.
    await listOpenPullRequests(client, 'acme', 'widgets', { first: 500 });
    assertAllRequestsValid(gh);
  });
});
