import { createHash } from 'node:crypto';
import { computeDiffHunk } from './diffHunk';
import type { NewComment, NewPullRequest, NewThread, PullRequestKey, RepoRef, StoredComment, StoredIssueComment, StoredNode, StoredPullRequest, StoredRepo, StoredThread } from './storeModel';

export type * from './storeModel';

const ID_PREFIX: Record<StoredNode['__typename'], string> = {
  Repository: 'R_',
  PullRequest: 'PR_',
  PullRequestReviewThread: 'PRRT_',
  PullRequestReviewComment: 'PRRC_',
};

/** Seeded timestamps start here and advance a minute per default. */
const CLOCK_START = Date.parse('2024-05-06T09:00:00Z');

/**
 * The test GitHub's in-memory data: repositories, pull requests, review threads and
 * comments. Scenario builders and tests write it directly; the GraphQL resolvers read it
 * and the mutations change it.
 */
export class GitHubStore {
  private readonly _repos = new Map<string, StoredRepo>();
  private readonly _nodes = new Map<string, StoredNode>();
  private _seq = 0;
  private _clock = CLOCK_START;

  /** Adds a repository, or returns the one already there (names are case-insensitive). */
  addRepository(r: RepoRef): StoredRepo {
    const existing = this.getRepository(r.owner, r.name);
    if (existing) return existing;
    const seq = ++this._seq;
    const repo: StoredRepo = {
      __typename: 'Repository',
      id: this._id('Repository', seq),
      databaseId: 700000000 + seq,
      owner: r.owner,
      name: r.name,
      pullRequests: [],
    };
    this._repos.set(repoKey(r.owner, r.name), repo);
    this._nodes.set(repo.id, repo);
    return repo;
  }

  getRepository(owner: string, name: string): StoredRepo | undefined {
    return this._repos.get(repoKey(owner, name));
  }

  /**
   * Adds a pull request (creating the repository when needed).
   * @throws Error when the number is taken.
   */
  addPullRequest(r: RepoRef, pr: NewPullRequest): StoredPullRequest {
    const repo = this.addRepository(r);
    if (repo.pullRequests.some((p) => p.number === pr.number)) {
      throw new Error(`${r.owner}/${r.name} already has pull request #${pr.number}`);
    }
    const seq = ++this._seq;
    const createdAt = this._timestamp(pr.createdAt);
    const stored: StoredPullRequest = {
      __typename: 'PullRequest',
      id: this._id('PullRequest', seq),
      databaseId: 1800000000 + seq,
      repository: repo,
      number: pr.number,
      title: pr.title ?? `Pull request #${pr.number}`,
      headRefName: pr.headRefName,
      baseRefName: pr.baseRefName ?? 'main',
      state: pr.state ?? 'OPEN',
      isDraft: pr.isDraft ?? false,
      headRefOid: pr.headRefOid ?? createHash('sha1').update(`${repo.id}:${pr.number}:${pr.headRefName}`).digest('hex'),
      author: pr.author === undefined ? 'octo-dev' : pr.author,
      files: { ...(pr.files ?? {}) },
      threads: [],
      createdAt,
      updatedAt: createdAt,
      issueComments: [],
    };
    repo.pullRequests.push(stored);
    this._nodes.set(stored.id, stored);
    return stored;
  }

  getPullRequest(key: PullRequestKey): StoredPullRequest | undefined {
    return this.getRepository(key.owner, key.name)?.pullRequests.find((p) => p.number === key.number);
  }

  /**
   * Adds a review thread with its comments to a pull request.
   * @throws Error when the pull request does not exist or the thread has no comment.
   */
  addThread(key: PullRequestKey, t: NewThread): StoredThread {
    const pr = this.getPullRequest(key);
    if (!pr) throw new Error(`no pull request ${key.owner}/${key.name}#${key.number} in the test GitHub`);
    if (t.comments.length === 0) throw new Error('a review thread starts with a comment');
    const startLine = t.startLine ?? null;
    const originalLine = t.originalLine ?? t.line;
    const originalStartLine = t.originalStartLine ?? startLine;
    const hunkLine = t.line ?? originalLine;
    const thread: StoredThread = {
      __typename: 'PullRequestReviewThread',
      id: this._id('PullRequestReviewThread', ++this._seq),
      pullRequest: pr,
      path: t.path,
      line: t.line,
      startLine,
      originalLine,
      originalStartLine,
      diffSide: t.diffSide ?? 'RIGHT',
      isOutdated: t.isOutdated ?? t.line === null,
      isResolved: t.isResolved ?? false,
      resolvedBy: t.isResolved ? (t.resolvedBy ?? pr.author ?? 'octo-dev') : null,
      viewerCanResolve: t.viewerCanResolve ?? true,
      viewerCanReply: t.viewerCanReply ?? true,
      diffHunk:
        t.diffHunk ??
        computeDiffHunk(pr.files[t.path], t.line === null ? originalStartLine : startLine, hunkLine ?? 1),
      comments: [],
    };
    pr.threads.push(thread);
    this._nodes.set(thread.id, thread);
    for (const c of t.comments) this.addComment(thread.id, c);
    return thread;
  }

  getThread(id: string): StoredThread | undefined {
    const node = this._nodes.get(id);
    return node?.__typename === 'PullRequestReviewThread' ? node : undefined;
  }

  getComment(id: string): StoredComment | undefined {
    const node = this._nodes.get(id);
    return node?.__typename === 'PullRequestReviewComment' ? node : undefined;
  }

  /** Any stored object by its global id. */
  node(id: string): StoredNode | undefined {
    return this._nodes.get(id);
  }

  /** The threads of a pull request, oldest first (empty when it does not exist). */
  threadsOf(key: PullRequestKey): StoredThread[] {
    return this.getPullRequest(key)?.threads ?? [];
  }

  /**
   * Appends a comment to a thread, as a reply does.
   * @throws Error when the thread does not exist.
   */
  addComment(threadId: string, c: NewComment): StoredComment {
    const thread = this.getThread(threadId);
    if (!thread) throw new Error(`no review thread ${threadId} in the test GitHub`);
    const seq = ++this._seq;
    const createdAt = this._timestamp(c.createdAt);
    const comment: StoredComment = {
      __typename: 'PullRequestReviewComment',
      id: this._id('PullRequestReviewComment', seq),
      databaseId: 1500000000 + seq,
      thread,
      author: c.author,
      isBot: c.isBot ?? (c.author?.endsWith('[bot]') === true),
      body: c.body,
      createdAt,
      updatedAt: createdAt,
    };
    thread.comments.push(comment);
    this._nodes.set(comment.id, comment);
    this._touch(thread.pullRequest, createdAt);
    return comment;
  }

  /**
   * Appends a comment to a pull request's conversation, as `addComment` does.
   * @throws Error when the pull request does not exist.
   */
  addIssueComment(pullRequestId: string, author: string, body: string): StoredIssueComment {
    const pr = this._nodes.get(pullRequestId);
    if (pr?.__typename !== 'PullRequest') throw new Error(`no pull request ${pullRequestId} in the test GitHub`);
    const seq = ++this._seq;
    const comment: StoredIssueComment = {
      id: `IC_kwDO${Buffer.from(`IssueComment:${seq}`, 'utf8').toString('base64url')}`,
      author,
      body,
      url: `https://github.com/${pr.repository.owner}/${pr.repository.name}/pull/${pr.number}#issuecomment-${2000000000 + seq}`,
    };
    pr.issueComments?.push(comment);
    this._touch(pr, this._timestamp(undefined));
    return comment;
  }

  /**
   * Resolves or unresolves a thread.
   * @throws Error when the thread does not exist.
   */
  setResolved(threadId: string, resolved: boolean, by: string): StoredThread {
    const thread = this.getThread(threadId);
    if (!thread) throw new Error(`no review thread ${threadId} in the test GitHub`);
    thread.isResolved = resolved;
    thread.resolvedBy = resolved ? by : null;
    this._touch(thread.pullRequest, this._timestamp(undefined));
    return thread;
  }

  private _touch(pr: StoredPullRequest, at: string): void {
    if (at > pr.updatedAt) pr.updatedAt = at;
  }

  /** The given time, else the next tick of a clock that only moves forward. */
  private _timestamp(given: string | undefined): string {
    if (given !== undefined) {
      const t = Date.parse(given);
      if (!Number.isNaN(t)) this._clock = Math.max(this._clock, t);
      return given;
    }
    this._clock += 60_000;
    return new Date(this._clock).toISOString().replace('.000Z', 'Z');
  }

  private _id(kind: StoredNode['__typename'], seq: number): string {
    // GitHub's ids are a type prefix plus an opaque base64 payload; ours are stable per store.
    return `${ID_PREFIX[kind]}kwDO${Buffer.from(`${kind}:${seq}`, 'utf8').toString('base64url')}`;
  }
}

function repoKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}
