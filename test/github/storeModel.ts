// The shapes the test GitHub's store holds and the inputs its builders take.

export type PullRequestState = 'OPEN' | 'CLOSED' | 'MERGED';
export type DiffSide = 'LEFT' | 'RIGHT';

export interface RepoRef {
  readonly owner: string;
  readonly name: string;
}

export interface PullRequestKey extends RepoRef {
  readonly number: number;
}

export interface StoredRepo {
  readonly __typename: 'Repository';
  readonly id: string;
  readonly databaseId: number;
  readonly owner: string;
  readonly name: string;
  readonly pullRequests: StoredPullRequest[];
}

export interface StoredPullRequest {
  readonly __typename: 'PullRequest';
  readonly id: string;
  readonly databaseId: number;
  readonly repository: StoredRepo;
  readonly number: number;
  title: string;
  headRefName: string;
  baseRefName: string;
  state: PullRequestState;
  isDraft: boolean;
  headRefOid: string;
  /** Login of the PR's author; null for a deleted account. */
  author: string | null;
  /** File contents at head, by repository path (used for diff hunks). */
  readonly files: Record<string, string>;
  readonly threads: StoredThread[];
  readonly createdAt: string;
  updatedAt: string;
  /** A fork's repository when the head lives there (`isCrossRepository`); the base repository's own otherwise. */
  headRepository?: RepoRef;
  /** The conversation's comments (issue comments), oldest first. */
  readonly issueComments?: StoredIssueComment[];
}

/** A comment on a pull request's conversation (not a review thread's). */
export interface StoredIssueComment {
  readonly id: string;
  readonly author: string;
  readonly body: string;
  readonly url: string;
}

export interface StoredThread {
  readonly __typename: 'PullRequestReviewThread';
  readonly id: string;
  readonly pullRequest: StoredPullRequest;
  path: string;
  line: number | null;
  startLine: number | null;
  originalLine: number | null;
  originalStartLine: number | null;
  diffSide: DiffSide;
  isOutdated: boolean;
  isResolved: boolean;
  /** Login of who resolved it, when resolved. */
  resolvedBy: string | null;
  /** Whether the viewer may resolve/unresolve at all (GitHub then adds the current state). */
  viewerCanResolve: boolean;
  viewerCanReply: boolean;
  diffHunk: string;
  /** Oldest first; replies are appended. */
  readonly comments: StoredComment[];
}

export interface StoredComment {
  readonly __typename: 'PullRequestReviewComment';
  readonly id: string;
  readonly databaseId: number;
  readonly thread: StoredThread;
  /** Login as given (a bot's may end in `[bot]`); null for a deleted account. */
  readonly author: string | null;
  readonly isBot: boolean;
  body: string;
  readonly createdAt: string;
  updatedAt: string;
}

export type StoredNode = StoredRepo | StoredPullRequest | StoredThread | StoredComment;

export interface NewPullRequest {
  number: number;
  title?: string;
  headRefName: string;
  baseRefName?: string;
  state?: PullRequestState;
  isDraft?: boolean;
  headRefOid?: string;
  author?: string | null;
  /** File contents at head, used to compute diff hunks. */
  files?: Record<string, string>;
  createdAt?: string;
}

export interface NewComment {
  author: string | null;
  body: string;
  createdAt?: string;
  /** Marks a GitHub App; implied by a login ending in `[bot]`. */
  isBot?: boolean;
}

export interface NewThread {
  path: string;
  line: number | null;
  startLine?: number | null;
  originalLine?: number;
  originalStartLine?: number;
  /** Defaults to `line === null`, as GitHub reports outdated threads. */
  isOutdated?: boolean;
  isResolved?: boolean;
  resolvedBy?: string;
  viewerCanResolve?: boolean;
  viewerCanReply?: boolean;
  diffSide?: DiffSide;
  /** Computed from the PR's `files` when omitted. */
  diffHunk?: string;
  comments: NewComment[];
}
