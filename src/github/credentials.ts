import { UserFacingError } from '../common/errors';

/** Where a GitHub token came from; shown to the user, never the token itself. */
export type TokenSource = 'GITHUB_TOKEN' | 'GH_TOKEN' | 'gh auth token' | 'VS Code account';

export interface FoundToken {
  readonly token: string;
  readonly source: TokenSource;
}

// GitHub's tokens (ghp_…, github_pat_…, ghs_…, gho_…, classic hex) are printable ASCII
// without spaces. A control character would end up in the Authorization header, where
// fetch refuses it with an error that reads like a network failure.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/**
 * Checks that `token` can be a GitHub token: not empty, no newline, control character,
 * space or non-ASCII character.
 * @param sourceName where it came from, named in the message (`GITHUB_TOKEN`, `gh auth token`).
 * @returns the token.
 * @throws UserFacingError naming `sourceName` and what to do; the token is never in it.
 */
export function checkToken(token: string, sourceName: string): string {
  if (token.length === 0) throw new UserFacingError(`${sourceName} is empty: set it to a GitHub token (e.g. the output of \`gh auth token\`).`);
  if (!TOKEN_CHARS.test(token)) {
    const what = /[\r\n]/.test(token) ? 'a line break' : /[\x00-\x1f\x7f]/.test(token) ? 'a control character' : /\s/.test(token) ? 'a space' : 'a character';
    throw new UserFacingError(
      `${sourceName} holds ${what} that no GitHub token has: set it to the token alone (printable characters, no spaces or line breaks, no "Bearer " prefix).`,
    );
  }
  return token;
}

/**
 * The token from `GITHUB_TOKEN`, else `GH_TOKEN` (Codespaces, CI, code-server), trimmed of
 * surrounding whitespace (a trailing newline from a file is common and harmless).
 * @throws UserFacingError naming the variable when its value cannot be a token (see {@link checkToken}).
 */
export function tokenFromEnv(env: NodeJS.ProcessEnv): FoundToken | undefined {
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN'] as const) {
    const value = env[name]?.trim();
    if (value) return { token: checkToken(value, name), source: name };
  }
  return undefined;
}

export const DEFAULT_GRAPHQL_URL = 'https://api.github.com/graphql';

/** The GraphQL endpoint from `GITHUB_GRAPHQL_URL`, if set. */
export function graphqlUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_GRAPHQL_URL?.trim() || undefined;
}
