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

/**
 * The GraphQL endpoint of a GitHub Enterprise Server, from `prThreads.github.enterpriseUrl`:
 * an https URL (`https://ghe.example.com`, any path) or a bare host as people type it
 * (`ghe.example.com`, `ghe.example.com:8443`).
 * @throws UserFacingError for anything else: the enterprise token must never go to a host
 *   the user did not name, so no request is made.
 */
export function enterpriseGraphqlUrl(setting: string): string {
  const text = setting.trim();
  const bareHost = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;
  let url: URL | undefined;
  if (bareHost.test(text)) url = new URL(`https://${text}`);
  else {
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || !url.hostname) {
    const shown = /^[\x21-\x7e]{1,120}$/.test(text) && !text.includes('@') ? ` "${text}"` : '';
    throw new UserFacingError(`Setting prThreads.github.enterpriseUrl${shown} is not a GitHub Enterprise host or URL: set it to e.g. https://github.example.com (or clear it for github.com)`);
  }
  return `${url.origin}/api/graphql`;
}
