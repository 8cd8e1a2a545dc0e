// The GraphQL documents, as named operations (the name shows in logs and request events).
// Every connection asks for at most 100 nodes, GitHub's limit.

/** The most nodes GitHub returns for one connection page. */
export const PAGE_SIZE = 100;

const COMMENT_FIELDS = `
fragment ReviewCommentFields on PullRequestReviewComment {
  id
  author { login }
  body
  createdAt
  url
}`;

const THREAD_FIELDS = `
fragment ReviewThreadFields on PullRequestReviewThread {
  id
  path
  line
  startLine
  originalLine
  originalStartLine
  diffSide
  isOutdated
  isResolved
  viewerCanResolve
  viewerCanReply
  comments(first: 100) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { ...ReviewCommentFields diffHunk }
  }
}
${COMMENT_FIELDS}`;

const PULL_REQUEST_FIELDS = `
fragment PullRequestFields on PullRequest {
  id
  number
  title
  url
  state
  headRefName
  headRefOid
  baseRefName
  updatedAt
}`;

/**
 * One page of a pull request's review threads, with the pull request itself (so the first
 * page also answers "which PR is this").
 */
export const PULL_REQUEST_THREADS = `
query PullRequestThreads($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      ...PullRequestFields
      reviewThreads(first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { ...ReviewThreadFields }
      }
    }
  }
}
${PULL_REQUEST_FIELDS}
${THREAD_FIELDS}`;

/**
 * The next comment page of several threads in one request: one aliased `node` per thread,
 * because each thread continues from its own cursor.
 */
export function threadCommentsPages(count: number): string {
  const params: string[] = [];
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    params.push(`$id${i}: ID!, $after${i}: String`);
    fields.push(`  t${i}: node(id: $id${i}) {
    ... on PullRequestReviewThread {
      id
      comments(first: 100, after: $after${i}) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { ...ReviewCommentFields }
      }
    }
  }`);
  }
  return `
query ReviewThreadComments(${params.join(', ')}) {
${fields.join('\n')}
}
${COMMENT_FIELDS}`;
}

/** One pull request by number. */
export const PULL_REQUEST = `
query PullRequest($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) { ...PullRequestFields }
  }
}
${PULL_REQUEST_FIELDS}`;

/** Open pull requests whose head branch is `$branch`, most recently updated first. */
export const PULL_REQUESTS_FOR_BRANCH = `
query PullRequestsForBranch($owner: String!, $name: String!, $branch: String!) {
  repository(owner: $owner, name: $name) {
    pullRequests(headRefName: $branch, states: [OPEN], first: 20, orderBy: { field: UPDATED_AT, direction: DESC }) {
      nodes { ...PullRequestFields }
    }
  }
}
${PULL_REQUEST_FIELDS}`;

/** Open pull requests, most recently updated first, for a picker. */
export const OPEN_PULL_REQUESTS = `
query OpenPullRequests($owner: String!, $name: String!, $first: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequests(states: [OPEN], first: $first, orderBy: { field: UPDATED_AT, direction: DESC }) {
      nodes { ...PullRequestFields }
    }
  }
}
${PULL_REQUEST_FIELDS}`;

/**
 * What the write lane needs to know before resending a batch GitHub may already have done:
 * whether each thread is resolved, and its newest comment with whether the viewer wrote it.
 */
export const REVIEW_THREADS_STATE = `
query ReviewThreadsState($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on PullRequestReviewThread {
      id
      isResolved
      comments(last: 1) {
        nodes { id body url viewerDidAuthor }
      }
    }
  }
}`;

/**
 * Replies to and/or resolves several threads in one request, as aliased mutations
 * `r<i>` (reply) and `s<i>` (resolve). Text travels only in variables (`$b<i>`), never in
 * the document.
 */
export function replyAndResolveMutation(ops: readonly { readonly reply: boolean; readonly resolve: boolean }[]): string {
  const params: string[] = [];
  const fields: string[] = [];
  ops.forEach((op, i) => {
    params.push(`$t${i}: ID!`);
    if (op.reply) {
      params.push(`$b${i}: String!`);
      fields.push(`  r${i}: addPullRequestReviewThreadReply(input: { pullRequestReviewThreadId: $t${i}, body: $b${i} }) { comment { id url } }`);
    }
    if (op.resolve) {
      fields.push(`  s${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id isResolved } }`);
    }
  });
  return `
mutation ReplyAndResolve(${params.join(', ')}) {
${fields.join('\n')}
}`;
}
