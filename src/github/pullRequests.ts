import type { PullRequestRef } from '../model/pullRequest';
import type { GitHubClient } from './client';
import { GitHubNotFoundError, isGitHubNotFoundError } from './errors';
import { OPEN_PULL_REQUESTS, PAGE_SIZE, PULL_REQUEST, PULL_REQUESTS_FOR_BRANCH } from './queries';

/** The `PullRequestFields` fragment as it arrives. */
export interface PullRequestNode {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly url: string;
  readonly state: string;
  readonly headRefName: string;
  readonly headRefOid: string;
  readonly baseRefName: string;
  readonly updatedAt: string;
}

interface PullRequestList {
  readonly repository: { readonly pullRequests: { readonly nodes: readonly (PullRequestNode | null)[] } };
}

export interface PullRequestQueryOptions {
  readonly signal?: AbortSignal;
}

/**
 * The open pull request whose head is `branch` (the most recently updated one when there
 * are several), or undefined when there is none.
 * @throws GitHubNotFoundError when the repository does not exist or the token cannot see it,
 *   and the GitHubClient's errors; CancellationError on abort.
 */
export async function findPullRequestForBranch(
  client: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
  opts: PullRequestQueryOptions = {},
): Promise<PullRequestRef | undefined> {
  const data = await queryList(client, PULL_REQUESTS_FOR_BRANCH, owner, repo, { branch }, opts.signal);
  const open = data.filter((p) => p.headRefName === branch && p.state === 'OPEN');
  // The server orders by update time already; sorting again keeps the promise if it did not.
  open.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return open[0] && toPullRequestRef(owner, repo, open[0]);
}

/**
 * One pull request by number.
 * @throws GitHubNotFoundError naming --pr / --repo when it does not exist, and the
 *   GitHubClient's errors; CancellationError on abort.
 */
export async function getPullRequest(
  client: GitHubClient,
  owner: string,
  repo: string,
  number: number,
  opts: PullRequestQueryOptions = {},
): Promise<PullRequestRef> {
  try {
    const data = await client.query<{ repository: { pullRequest: PullRequestNode } }>(
      PULL_REQUEST,
      { owner, name: repo, number },
      { signal: opts.signal },
    );
    return toPullRequestRef(owner, repo, data.repository.pullRequest);
  } catch (e) {
    throw isGitHubNotFoundError(e) ? pullRequestNotFound(owner, repo, number, e) : e;
  }
}

/**
 * Open pull requests, most recently updated first, for a picker.
 * @param opts.first how many (default 30, at most 100).
 * @throws as {@link findPullRequestForBranch}.
 */
export async function listOpenPullRequests(
  client: GitHubClient,
  owner: string,
  repo: string,
  opts: PullRequestQueryOptions & { readonly first?: number } = {},
): Promise<PullRequestRef[]> {
  const first = Math.max(1, Math.min(PAGE_SIZE, Math.floor(opts.first ?? 30)));
  const data = await queryList(client, OPEN_PULL_REQUESTS, owner, repo, { first }, opts.signal);
  return data.map((p) => toPullRequestRef(owner, repo, p));
}

async function queryList(
  client: GitHubClient,
  document: string,
  owner: string,
  repo: string,
  variables: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<PullRequestNode[]> {
  try {
    const data = await client.query<PullRequestList>(document, { owner, name: repo, ...variables }, { signal });
    return data.repository.pullRequests.nodes.filter((p): p is PullRequestNode => p !== null);
  } catch (e) {
    throw isGitHubNotFoundError(e) ? repositoryNotFound(owner, repo) : e;
  }
}

/** The PullRequestRef for a fetched `PullRequestFields` node. */
export function toPullRequestRef(owner: string, repo: string, p: PullRequestNode): PullRequestRef {
  return {
    owner,
    repo,
    number: p.number,
    id: p.id,
    title: p.title,
    url: p.url,
    headRefName: p.headRefName,
    headRefOid: p.headRefOid,
    baseRefName: p.baseRefName,
    state: p.state,
  };
}

/**
 * The user-facing not-found error for a pull request lookup: GitHub's error path tells
 * whether the repository or the pull request is missing.
 */
export function pullRequestNotFound(owner: string, repo: string, number: number, e: GitHubNotFoundError): GitHubNotFoundError {
  const missingRepo = e.path !== undefined && e.path.length === 1 && e.path[0] === 'repository';
  if (missingRepo) return repositoryNotFound(owner, repo);
  return new GitHubNotFoundError(`Pull request #${number} was not found in ${owner}/${repo}: check --pr and --repo.`, e.path);
}

function repositoryNotFound(owner: string, repo: string): GitHubNotFoundError {
  return new GitHubNotFoundError(
    `Repository ${owner}/${repo} was not found, or the token cannot see it: check --repo and that the token has the repo scope.`,
    ['repository'],
  );
}
