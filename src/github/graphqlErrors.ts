import { GitHubNotFoundError, GitHubRequestError } from './errors';

/** One entry of a GraphQL answer's `errors`. */
export interface GraphQLErrorInfo {
  readonly message: string;
  /** GitHub's error type (`NOT_FOUND`, `FORBIDDEN`, `RATE_LIMITED`, …). */
  readonly type?: string;
  /** Where in `data` it happened; the first element is the alias of a top-level field. */
  readonly path?: readonly (string | number)[];
}

/** An `errors` entry as it came over the wire, checked field by field. */
export function toErrorInfo(e: { message?: unknown; type?: unknown; path?: unknown }): GraphQLErrorInfo {
  return {
    message: typeof e.message === 'string' ? e.message : 'unknown error',
    type: typeof e.type === 'string' ? e.type : undefined,
    path: Array.isArray(e.path) ? (e.path as (string | number)[]) : undefined,
  };
}

/** The typed error for GraphQL `errors`: NOT_FOUND wins, else the first error's type. */
export function fromGraphQLErrors(operationName: string, errors: readonly GraphQLErrorInfo[]): GitHubNotFoundError | GitHubRequestError {
  const notFound = errors.find((x) => x.type === 'NOT_FOUND');
  if (notFound) {
    const what = notFound.path?.join('.') ?? operationName;
    return new GitHubNotFoundError(
      `GitHub found nothing at ${what} (${operationName}): check the repository and pull request, and that the token can see them.`,
      notFound.path,
    );
  }
  const first = errors[0];
  return new GitHubRequestError(operationName, 200, first?.type, first?.message ?? 'unknown error');
}
