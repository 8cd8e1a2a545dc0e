import type { Comment, ReviewThread } from '../model/thread';
import type { PullRequestRef } from '../model/pullRequest';
import type { GitHubClient } from './client';
import { isGitHubNotFoundError } from './errors';
import { fromGraphQLErrors } from './graphqlErrors';
import { pullRequestNotFound, PullRequestNode, toPullRequestRef } from './pullRequests';
import { PULL_REQUEST_THREADS, threadCommentsPages } from './queries';

/** Which pull request to read. */
export interface PullRequestId {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

export interface FetchThreadsOptions {
  /** Keep resolved threads too (default: unresolved only). */
  readonly includeResolved?: boolean;
  readonly signal?: AbortSignal;
}

// Threads whose comments continue past the first page, asked for together in one request.
const THREADS_PER_COMMENTS_REQUEST = 10;

interface PageInfo {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

interface CommentNode {
  readonly id: string;
  readonly author: { readonly login: string } | null;
  readonly body: string;
  readonly createdAt: string;
  readonly url: string;
  readonly diffHunk?: string;
}

interface CommentConnection {
  readonly totalCount: number;
  readonly pageInfo: PageInfo;
  readonly nodes: readonly (CommentNode | null)[];
}

interface ThreadNode {
  readonly id: string;
  readonly path: string;
  readonly line: number | null;
  readonly startLine: number | null;
  readonly originalLine: number | null;
  readonly originalStartLine: number | null;
  readonly diffSide: 'LEFT' | 'RIGHT';
  readonly isOutdated: boolean;
  readonly isResolved: boolean;
  readonly viewerCanResolve: boolean;
  readonly viewerCanReply: boolean;
  readonly comments: CommentConnection;
}

interface ThreadsPage {
  readonly repository: {
    readonly pullRequest: PullRequestNode & {
      readonly reviewThreads: { readonly pageInfo: PageInfo; readonly nodes: readonly (ThreadNode | null)[] };
    };
  };
}

type CommentsPages = Record<string, { readonly id: string; readonly comments: CommentConnection } | null>;

/** A pull request and its review threads, read together. */
export interface PullRequestWithThreads {
  readonly pullRequest: PullRequestRef;
  readonly threads: ReviewThread[];
}

/**
 * A pull request's review threads with all their comments (oldest first), unresolved only
 * unless `includeResolved`; outdated threads are kept (`isOutdated`).
 * @throws GitHubNotFoundError when the repository or pull request does not exist (or the
 *   token cannot see it), and the GitHubClient's errors; CancellationError on abort.
 */
export async function fetchReviewThreads(client: GitHubClient, pr: PullRequestId, opts: FetchThreadsOptions = {}): Promise<ReviewThread[]> {
  return (await fetchPullRequestWithThreads(client, pr, opts)).threads;
}

/**
 * As {@link fetchReviewThreads}, with the pull request itself, in the same requests.
 * Requests: one per 100 threads, plus one per 10 threads with more than 100 comments for
 * each further 100 comments.
 * @throws as {@link fetchReviewThreads}.
 */
export async function fetchPullRequestWithThreads(
  client: GitHubClient,
  pr: PullRequestId,
  opts: FetchThreadsOptions = {},
): Promise<PullRequestWithThreads> {
  const nodes: ThreadNode[] = [];
  let pullRequest: PullRequestRef | undefined;
  let after: string | null = null;
  do {
    let page: ThreadsPage;
    try {
      page = await client.query<ThreadsPage>(
        PULL_REQUEST_THREADS,
        { owner: pr.owner, name: pr.repo, number: pr.number, after },
        { signal: opts.signal },
      );
    } catch (e) {
      throw isGitHubNotFoundError(e) ? pullRequestNotFound(pr.owner, pr.repo, pr.number, e) : e;
    }
    const found = page.repository.pullRequest;
    pullRequest ??= toPullRequestRef(pr.owner, pr.repo, found);
    for (const t of found.reviewThreads.nodes) if (t) nodes.push(t);
    after = found.reviewThreads.pageInfo.hasNextPage ? found.reviewThreads.pageInfo.endCursor : null;
  } while (after !== null);

  // Only complete threads that will be returned: resolved ones are dropped first.
  const kept = nodes.filter((t) => opts.includeResolved || !t.isResolved);
  const comments = new Map(kept.map((t) => [t.id, [...t.comments.nodes.filter(isComment)]]));
  await fetchRemainingComments(client, kept, comments, opts.signal);
  return { pullRequest: pullRequest!, threads: kept.map((t) => toReviewThread(t, comments.get(t.id)!)) };
}

/** Pages every thread's comments past the first page, several threads per request. */
async function fetchRemainingComments(
  client: GitHubClient,
  threads: readonly ThreadNode[],
  comments: Map<string, CommentNode[]>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let pending = threads
    .filter((t) => t.comments.pageInfo.hasNextPage && t.comments.pageInfo.endCursor)
    .map((t) => ({ id: t.id, after: t.comments.pageInfo.endCursor! }));
  while (pending.length > 0) {
    const batch = pending.slice(0, THREADS_PER_COMMENTS_REQUEST);
    const variables: Record<string, unknown> = {};
    batch.forEach((p, i) => {
      variables[`id${i}`] = p.id;
      variables[`after${i}`] = p.after;
    });
    const { data, errors } = await client.raw<CommentsPages>(threadCommentsPages(batch.length), variables, { signal });
    // A thread deleted since the first read answers NOT_FOUND: keep what was read of it.
    const fatal = errors.filter((e) => e.type !== 'NOT_FOUND');
    if (fatal.length > 0 || data === null) throw fromGraphQLErrors('ReviewThreadComments', fatal.length > 0 ? fatal : errors);
    const next: { id: string; after: string }[] = [];
    batch.forEach((p, i) => {
      const node = data[`t${i}`];
      if (!node) return;
      comments.get(p.id)!.push(...node.comments.nodes.filter(isComment));
      const info = node.comments.pageInfo;
      if (info.hasNextPage && info.endCursor) next.push({ id: p.id, after: info.endCursor });
    });
    // Threads that still have pages go after the ones not yet asked for: order is irrelevant,
    // the request count is what matters.
    pending = [...pending.slice(batch.length), ...next];
  }
}

function isComment(c: CommentNode | null): c is CommentNode {
  return c !== null;
}

function toComment(c: CommentNode): Comment {
  return { id: c.id, author: c.author?.login ?? 'ghost', body: c.body, createdAt: c.createdAt, url: c.url };
}

function toReviewThread(t: ThreadNode, comments: readonly CommentNode[]): ReviewThread {
  const first = comments[0];
  return {
    id: t.id,
    path: t.path,
    line: t.line,
    startLine: t.startLine,
    originalLine: t.originalLine,
    originalStartLine: t.originalStartLine,
    isOutdated: t.isOutdated,
    isResolved: t.isResolved,
    viewerCanResolve: t.viewerCanResolve,
    viewerCanReply: t.viewerCanReply,
    url: first?.url ?? '',
    comments: comments.map(toComment),
    diffHunk: first?.diffHunk,
    diffSide: t.diffSide,
  };
}
