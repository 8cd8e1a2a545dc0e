import type { GraphQLFieldResolver, GraphQLTypeResolver } from 'graphql';
import { paginate, type ConnectionArgs } from './connection';
import { GitHubFieldError, NotImplementedFieldError, nodeNotFound } from './fieldError';
import { isPlain, plain } from './plain';
import type { GitHubStore } from './store';
import type { StoredComment, StoredPullRequest, StoredRepo, StoredThread } from './storeModel';

/** What every resolver sees of the server for one request. */
export interface ResolverContext {
  readonly store: GitHubStore;
  readonly viewerLogin: string;
  /** The error type injected for mutations naming this thread, if any (`Faults.failThread`). */
  readonly threadFailure: (threadId: string) => string | undefined;
  readonly rateLimit: { readonly limit: number; readonly remaining: number; readonly used: number; readonly resetAt: string };
}

/** A `User` or `Bot` as the `Actor` interface returns it. */
interface ActorValue {
  readonly __typename: 'User' | 'Bot';
  readonly login: string;
}

type Args = Record<string, unknown>;
type Resolver<S> = (source: S, args: Args, ctx: ResolverContext) => unknown;
type Resolvers<S> = Record<string, Resolver<S>>;

const WEB = 'https://github.com';

/** GitHub's GraphQL names an App's bot without the `[bot]` suffix its REST API shows. */
function actor(login: string | null, isBot = false): ActorValue | null {
  if (login === null) return null; // a deleted account: GitHub answers a null author (the "ghost")
  const bot = isBot || login.endsWith('[bot]');
  return { __typename: bot ? 'Bot' : 'User', login: bot ? login.replace(/\[bot\]$/, '') : login };
}

const actorFields: Resolvers<ActorValue> = {
  login: (a) => a.login,
  id: (a) => `${a.__typename === 'Bot' ? 'BOT_' : 'U_'}kgDO${Buffer.from(a.login).toString('base64url')}`,
  url: (a) => (a.__typename === 'Bot' ? `${WEB}/apps/${a.login}` : `${WEB}/${a.login}`),
  resourcePath: (a) => (a.__typename === 'Bot' ? `/apps/${a.login}` : `/${a.login}`),
  avatarUrl: (a, args) => `https://avatars.githubusercontent.com/${a.login}?s=${Number(args.size ?? 80)}`,
};

function repoUrl(r: StoredRepo): string {
  return `${WEB}/${r.owner}/${r.name}`;
}

function prUrl(pr: StoredPullRequest): string {
  return `${repoUrl(pr.repository)}/pull/${pr.number}`;
}

function commentUrl(c: StoredComment): string {
  return `${prUrl(c.thread.pullRequest)}#discussion_r${c.databaseId}`;
}

/** Markdown to plain text, roughly as GitHub's `bodyText` does: fences and markup dropped. */
function bodyText(body: string): string {
  return body
    .split(/\r?\n/)
    .filter((l) => !/^\s*```/.test(l))
    .join('\n')
    .replace(/[*_`]/g, '')
    .trim();
}

/** A comment on a whole file has no line at all. */
function subjectType(t: StoredThread): 'FILE' | 'LINE' {
  return t.line === null && t.originalLine === null ? 'FILE' : 'LINE';
}

function connectionArgs(args: Args): ConnectionArgs {
  return args as ConnectionArgs;
}

const query: Resolvers<unknown> = {
  viewer: (_s, _a, ctx) => actor(ctx.viewerLogin),
  rateLimit: (_s, _a, ctx) => plain({ cost: 1, nodeCount: 1, ...ctx.rateLimit }),
  repository: (_s, args, ctx) => {
    const repo = ctx.store.getRepository(String(args.owner), String(args.name));
    if (!repo) {
      throw new GitHubFieldError('NOT_FOUND', `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`);
    }
    return repo;
  },
  node: (_s, args, ctx) => ctx.store.node(String(args.id)) ?? nodeNotFound(String(args.id)),
  nodes: (_s, args, ctx) => (args.ids as string[]).map((id) => ctx.store.node(id) ?? nodeNotFound(id)),
};

const repository: Resolvers<StoredRepo> = {
  id: (r) => r.id,
  databaseId: (r) => r.databaseId,
  name: (r) => r.name,
  owner: (r) => actor(r.owner),
  nameWithOwner: (r) => `${r.owner}/${r.name}`,
  url: (r) => repoUrl(r),
  resourcePath: (r) => `/${r.owner}/${r.name}`,
  isPrivate: () => false,
  isFork: () => false,
  defaultBranchRef: () => plain({ __typename: 'Ref', name: 'main', prefix: 'refs/heads/' }),
  pullRequest: (r, args) => {
    const pr = r.pullRequests.find((p) => p.number === args.number);
    if (!pr) throw new GitHubFieldError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${args.number}.`);
    return pr;
  },
  pullRequests: (r, args) => {
    const states = args.states as string[] | null | undefined;
    const orderBy = args.orderBy as { field: string; direction: 'ASC' | 'DESC' } | null | undefined;
    const labels = args.labels as string[] | null | undefined;
    let prs = r.pullRequests.filter(
      (p) =>
        (!states || states.includes(p.state)) &&
        (args.headRefName == null || p.headRefName === args.headRefName) &&
        (args.baseRefName == null || p.baseRefName === args.baseRefName) &&
        (!labels || labels.length === 0), // the store has no labels: a label filter matches nothing
    );
    if (orderBy) {
      const key = orderBy.field === 'UPDATED_AT' ? 'updatedAt' : 'createdAt';
      prs = [...prs].sort((a, b) => a[key].localeCompare(b[key]) || a.number - b.number);
      if (orderBy.direction === 'DESC') prs.reverse();
    }
    return paginate(prs, connectionArgs(args), 'pullRequests');
  },
};

const pullRequest: Resolvers<StoredPullRequest> = {
  id: (p) => p.id,
  databaseId: (p) => p.databaseId,
  number: (p) => p.number,
  title: (p) => p.title,
  url: (p) => prUrl(p),
  permalink: (p) => prUrl(p),
  resourcePath: (p) => `/${p.repository.owner}/${p.repository.name}/pull/${p.number}`,
  state: (p) => p.state,
  closed: (p) => p.state !== 'OPEN',
  merged: (p) => p.state === 'MERGED',
  isDraft: (p) => p.isDraft,
  headRefName: (p) => p.headRefName,
  headRefOid: (p) => p.headRefOid,
  baseRefName: (p) => p.baseRefName,
  author: (p) => actor(p.author),
  repository: (p) => p.repository,
  headRepository: (p) => (p.headRepository ? forkRepository(p.headRepository) : p.repository),
  isCrossRepository: (p) => p.headRepository !== undefined && `${p.headRepository.owner}/${p.headRepository.name}`.toLowerCase() !== `${p.repository.owner}/${p.repository.name}`.toLowerCase(),
  baseRepository: (p) => p.repository,
  createdAt: (p) => p.createdAt,
  updatedAt: (p) => p.updatedAt,
  reviewThreads: (p, args) => paginate(p.threads, connectionArgs(args), 'reviewThreads'),
};

/** A fork as a pull request's head repository: a repository of its own, with no pull requests. */
function forkRepository(r: { readonly owner: string; readonly name: string }): StoredRepo {
  return { __typename: 'Repository', id: `R_kgDOfork${Buffer.from(`${r.owner}/${r.name}`).toString('base64url')}`, databaseId: 1, owner: r.owner, name: r.name, pullRequests: [] };
}

const thread: Resolvers<StoredThread> = {
  id: (t) => t.id,
  path: (t) => t.path,
  line: (t) => t.line,
  startLine: (t) => t.startLine,
  originalLine: (t) => t.originalLine,
  originalStartLine: (t) => t.originalStartLine,
  diffSide: (t) => t.diffSide,
  startDiffSide: (t) => (t.startLine === null ? null : t.diffSide),
  subjectType: (t) => subjectType(t),
  isOutdated: (t) => t.isOutdated,
  isResolved: (t) => t.isResolved,
  isCollapsed: (t) => t.isResolved,
  // As on GitHub, each is false when the thread is already in the state it would move to.
  viewerCanResolve: (t) => t.viewerCanResolve && !t.isResolved,
  viewerCanUnresolve: (t) => t.viewerCanResolve && t.isResolved,
  viewerCanReply: (t) => t.viewerCanReply,
  resolvedBy: (t) => (t.resolvedBy === null ? null : actor(t.resolvedBy)),
  pullRequest: (t) => t.pullRequest,
  repository: (t) => t.pullRequest.repository,
  comments: (t, args) => paginate(t.comments, connectionArgs(args), 'comments'),
};

const comment: Resolvers<StoredComment> = {
  id: (c) => c.id,
  databaseId: (c) => c.databaseId,
  fullDatabaseId: (c) => String(c.databaseId),
  body: (c) => c.body,
  bodyText: (c) => bodyText(c.body),
  author: (c) => actor(c.author, c.isBot),
  authorAssociation: (c) => (c.author === null || c.isBot ? 'NONE' : 'MEMBER'),
  createdAt: (c) => c.createdAt,
  publishedAt: (c) => c.createdAt,
  updatedAt: (c) => c.updatedAt,
  url: (c) => commentUrl(c),
  resourcePath: (c) => new URL(commentUrl(c)).pathname + new URL(commentUrl(c)).hash,
  path: (c) => c.thread.path,
  diffHunk: (c) => c.thread.diffHunk,
  line: (c) => c.thread.line,
  startLine: (c) => c.thread.startLine,
  originalLine: (c) => c.thread.originalLine,
  originalStartLine: (c) => c.thread.originalStartLine,
  outdated: (c) => c.thread.isOutdated,
  isMinimized: () => false,
  state: () => 'SUBMITTED',
  subjectType: (c) => subjectType(c.thread),
  replyTo: (c) => (c.thread.comments[0] === c ? null : c.thread.comments[0]),
  viewerDidAuthor: (c, _a, ctx) => c.author === ctx.viewerLogin,
  pullRequest: (c) => c.thread.pullRequest,
  repository: (c) => c.thread.pullRequest.repository,
};

/**
 * The thread a mutation names, after the checks GitHub makes.
 * @throws GitHubFieldError for an injected failure, an unknown id or a missing permission.
 */
function writableThread(ctx: ResolverContext, id: unknown, mutation: string, allowed: (t: StoredThread) => boolean): StoredThread {
  const threadId = String(id);
  const injected = ctx.threadFailure(threadId);
  if (injected !== undefined) {
    throw new GitHubFieldError(
      injected,
      injected === 'FORBIDDEN' ? 'Resource not accessible by integration' : `${mutation} failed for ${threadId} (${injected}, injected by the test GitHub)`,
    );
  }
  const t = ctx.store.getThread(threadId);
  if (!t) throw nodeNotFound(threadId);
  if (!allowed(t)) {
    throw new GitHubFieldError('FORBIDDEN', `${ctx.viewerLogin} does not have the correct permissions to execute \`${mutation}\``);
  }
  return t;
}

const mutation: Resolvers<unknown> = {
  addPullRequestReviewThreadReply: (_s, args, ctx) => {
    const input = args.input as { pullRequestReviewThreadId: string; body: string; clientMutationId?: string | null };
    const t = writableThread(ctx, input.pullRequestReviewThreadId, 'AddPullRequestReviewThreadReply', (x) => x.viewerCanReply);
    if (input.body.trim() === '') throw new GitHubFieldError('UNPROCESSABLE', "Body can't be blank");
    const c = ctx.store.addComment(t.id, { author: ctx.viewerLogin, body: input.body });
    return plain({ comment: c, clientMutationId: input.clientMutationId ?? null });
  },
  addComment: (_s, args, ctx) => {
    const input = args.input as { subjectId: string; body: string; clientMutationId?: string | null };
    const subject = ctx.store.node(String(input.subjectId));
    if (!subject) throw nodeNotFound(String(input.subjectId));
    if (subject.__typename !== 'PullRequest') throw new GitHubFieldError('UNPROCESSABLE', 'The test GitHub takes comments on pull requests only');
    if (input.body.trim() === '') throw new GitHubFieldError('UNPROCESSABLE', "Body can't be blank");
    const c = ctx.store.addIssueComment(subject.id, ctx.viewerLogin, input.body);
    const node = plain({ __typename: 'IssueComment', id: c.id, body: c.body, url: c.url });
    return plain({ commentEdge: plain({ node, cursor: c.id }), subject, timelineEdge: null, clientMutationId: input.clientMutationId ?? null });
  },
  resolveReviewThread: (_s, args, ctx) => {
    const input = args.input as { threadId: string; clientMutationId?: string | null };
    const t = writableThread(ctx, input.threadId, 'ResolveReviewThread', (x) => x.viewerCanResolve);
    ctx.store.setResolved(t.id, true, ctx.viewerLogin);
    return plain({ thread: t, clientMutationId: input.clientMutationId ?? null });
  },
  unresolveReviewThread: (_s, args, ctx) => {
    const input = args.input as { threadId: string; clientMutationId?: string | null };
    const t = writableThread(ctx, input.threadId, 'UnresolveReviewThread', (x) => x.viewerCanResolve);
    ctx.store.setResolved(t.id, false, ctx.viewerLogin);
    return plain({ thread: t, clientMutationId: input.clientMutationId ?? null });
  },
};

const RESOLVERS: Record<string, Resolvers<never>> = {
  Query: query,
  Mutation: mutation,
  User: actorFields,
  Bot: actorFields,
  Repository: repository,
  PullRequest: pullRequest,
  PullRequestReviewThread: thread,
  PullRequestReviewComment: comment,
};

/**
 * Resolves every field through the table above; plain objects (connections, payloads)
 * answer from their own properties; anything else is reported as not implemented.
 */
export const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext, Args> = (source, args, ctx, info) => {
  const r = RESOLVERS[info.parentType.name]?.[info.fieldName] as Resolver<unknown> | undefined;
  if (r) return r(source, args, ctx);
  if (isPlain(source) && Object.hasOwn(source, info.fieldName)) return source[info.fieldName];
  throw new NotImplementedFieldError(`${info.parentType.name}.${info.fieldName}`);
};

/** Abstract types (`Node`, `Actor`, `RepositoryOwner`) resolve by the value's `__typename`. */
export const typeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value) =>
  (value as { __typename?: string }).__typename;
