import type { GitHubClient } from './client';
import { isGitHubNotFoundError } from './errors';
import { pullRequestNotFound, type PullRequestQueryOptions } from './pullRequests';

/** Where a pull request's head lives, and what a comment on it needs. */
export interface PullRequestOrigin {
  /** The pull request's node id (the subject of a comment on it). */
  readonly id: string;
  readonly number: number;
  readonly url: string;
  readonly state: string;
  readonly headRefName: string;
  readonly headRefOid: string;
  /** `OWNER/NAME` of the head repository; null when it was deleted. */
  readonly headRepository: string | null;
  /**
   * True when the head is in another repository than the base (a fork), or the head
   * repository is gone: such a pull request's code is not the base repository's own.
   */
  readonly fromFork: boolean;
}

const PULL_REQUEST_ORIGIN = `
query PullRequestOrigin($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    nameWithOwner
    pullRequest(number: $number) {
      id
      number
      url
      state
      headRefName
      headRefOid
      isCrossRepository
      headRepository { nameWithOwner }
    }
  }
}`;

interface OriginAnswer {
  readonly repository: {
    readonly nameWithOwner: string;
    readonly pullRequest: Omit<PullRequestOrigin, 'headRepository' | 'fromFork'> & {
      readonly isCrossRepository: boolean;
      readonly headRepository: { readonly nameWithOwner: string } | null;
    };
  };
}

/**
 * The pull request's head repository and branch, to tell a fork's pull request from the
 * repository's own: GitHub's `isCrossRepository`, and the head repository's name compared too.
 * @throws GitHubNotFoundError naming the pull request; the GitHubClient's errors; CancellationError on abort.
 */
export async function getPullRequestOrigin(client: GitHubClient, owner: string, repo: string, number: number, opts: PullRequestQueryOptions = {}): Promise<PullRequestOrigin> {
  let data: OriginAnswer;
  try {
    data = await client.query<OriginAnswer>(PULL_REQUEST_ORIGIN, { owner, name: repo, number }, { signal: opts.signal });
  } catch (e) {
    throw isGitHubNotFoundError(e) ? pullRequestNotFound(owner, repo, number, e) : e;
  }
  const { nameWithOwner, pullRequest: p } = data.repository;
  const head = p.headRepository?.nameWithOwner ?? null;
  return {
    id: p.id,
    number: p.number,
    url: p.url,
    state: p.state,
    headRefName: p.headRefName,
    headRefOid: p.headRefOid,
    headRepository: head,
    fromFork: p.isCrossRepository || head === null || head.toLowerCase() !== nameWithOwner.toLowerCase(),
  };
}

const ADD_COMMENT = `
mutation AddPullRequestComment($subjectId: ID!, $body: String!) {
  addComment(input: { subjectId: $subjectId, body: $body }) {
    commentEdge { node { url } }
  }
}`;

/**
 * Posts a comment on the pull request's conversation (an issue comment), as the token's account.
 * @returns the comment's URL.
 * @throws the GitHubClient's errors (a comment refused is a GitHubRequestError); CancellationError on abort.
 */
export async function addPullRequestComment(client: GitHubClient, pullRequestId: string, body: string, opts: PullRequestQueryOptions = {}): Promise<string | undefined> {
  const data = await client.mutate<{ addComment: { commentEdge: { node: { url: string } | null } | null } }>(ADD_COMMENT, { subjectId: pullRequestId, body }, { signal: opts.signal });
  return data.addComment.commentEdge?.node?.url;
}
