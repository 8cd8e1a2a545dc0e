/** Where a GitHub token came from; shown to the user, never the token itself. */
export type TokenSource = 'GITHUB_TOKEN' | 'GH_TOKEN' | 'gh auth token' | 'VS Code account';

export interface FoundToken {
  readonly token: string;
  readonly source: TokenSource;
}

/** The token from `GITHUB_TOKEN`, else `GH_TOKEN` (Codespaces, CI, code-server). */
export function tokenFromEnv(env: NodeJS.ProcessEnv): FoundToken | undefined {
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN'] as const) {
    const value = env[name]?.trim();
    if (value) return { token: value, source: name };
  }
  return undefined;
}

export const DEFAULT_GRAPHQL_URL = 'https://api.github.com/graphql';

/** The GraphQL endpoint from `GITHUB_GRAPHQL_URL`, if set. */
export function graphqlUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_GRAPHQL_URL?.trim() || undefined;
}
