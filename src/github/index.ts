// The GitHub module's only door: the client, its errors, reads and the write lane.
export {
  DEFAULT_GRAPHQL_URL,
  GitHubClient,
  type GitHubClientOptions,
  type GraphQLErrorInfo,
  type MutateOptions,
  type RawResult,
  type RequestEvent,
  type RequestKind,
  type RequestOptions,
  type RetryEvent,
  type RetryReason,
} from './client';
export { fromGraphQLErrors } from './graphqlErrors';
export { rateLimitWait, type RateLimitWait } from './rateLimit';
export {
  GitHubAuthError,
  GitHubNetworkError,
  GitHubNotFoundError,
  GitHubRateLimitedError,
  GitHubRequestError,
  GitHubTimeoutError,
  isGitHubAuthError,
  isGitHubNetworkError,
  isGitHubNotFoundError,
  isGitHubRateLimitedError,
  isGitHubRequestError,
  isGitHubTimeoutError,
} from './errors';
export {
  fetchPullRequestWithThreads,
  fetchReviewThreads,
  type FetchThreadsOptions,
  type PullRequestId,
  type PullRequestWithThreads,
} from './threads';
export { findPullRequestForBranch, getPullRequest, listOpenPullRequests, type PullRequestQueryOptions } from './pullRequests';
export { graphqlUrlForHost, parseRemoteUrl, parseRepoArg, type RemoteRepo } from './repo';
export { DEFAULT_REPLY, replyAndResolve, type ReplyAndResolveOptions, type WriteItem, type WriteResult } from './writes';
