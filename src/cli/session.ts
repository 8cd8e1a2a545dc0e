import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { currentBranch, findRepoRoot, remoteUrl } from '../git/git';
import { DEFAULT_GRAPHQL_URL, FoundToken, graphqlUrlFromEnv, tokenFromEnv } from '../github/credentials';
import { PullRequestRef } from '../model/pullRequest';
import { UserFacingError } from '../common/errors';
import { findPullRequestForBranch } from '../github/pullRequests';
import { GitHubClient } from '../github/client';
import { graphqlUrlForHost, parseRemoteUrl, parseRepoArg } from '../github/repo';
import { UsageError } from './usageError';

/** Everything a subcommand needs to talk to GitHub about one pull request. */
export interface Session {
  readonly cwd: string;
  /** Work tree root; undefined when --cwd is not inside a git repository. */
  readonly repoRoot: string | undefined;
  /** Empty when the repository was not needed and could not be found. */
  readonly owner: string;
  readonly repo: string;
  readonly client: GitHubClient;
  readonly graphqlUrl: string;
  readonly tokenSource: FoundToken['source'];
}

export interface SessionOptions {
  readonly repo?: string;
  readonly cwd?: string;
  readonly graphqlUrl?: string;
  readonly env: NodeJS.ProcessEnv;
  /** When false, a missing repository only matters for finding the endpoint host (prt resolve). */
  readonly requireRepo?: boolean;
}

/** `gh auth token`, when the GitHub CLI is installed and signed in. */
function ghAuthToken(host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('gh', ['auth', 'token', '--hostname', host], { timeout: 10_000 }, (err, stdout) => {
      // gh missing or signed out: there is simply no token from this source.
      resolve(err ? undefined : String(stdout).trim() || undefined);
    });
  });
}

async function findToken(env: NodeJS.ProcessEnv, host: string): Promise<FoundToken> {
  const fromEnv = tokenFromEnv(env);
  if (fromEnv) return fromEnv;
  const fromGh = await ghAuthToken(host);
  if (fromGh) return { token: fromGh, source: 'gh auth token' };
  throw new UserFacingError(
    'no GitHub token: set GITHUB_TOKEN or GH_TOKEN to a token with the repo scope, or sign in with `gh auth login`',
  );
}

/**
 * Resolves the repository, token and endpoint for a command. No network request is made.
 * @throws UserFacingError when the repository cannot be determined or no token is found.
 */
export async function openSession(opts: SessionOptions): Promise<Session> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const repoRoot = await findRepoRoot(cwd).catch(() => undefined);
  let owner = '';
  let repo = '';
  let host = 'github.com';
  if (opts.repo !== undefined) {
    ({ owner, repo } = parseRepoArg(opts.repo));
  } else if (opts.requireRepo === false && !repoRoot) {
    // Thread ids are global: prt resolve needs only the token and the endpoint.
  } else {
    if (!repoRoot) {
      throw new UsageError(`${cwd} is not inside a git repository: pass --repo OWNER/NAME or --cwd DIR`);
    }
    const url = await remoteUrl(repoRoot, 'origin');
    if (!url) throw new UsageError(`the repository in ${repoRoot} has no "origin" remote: pass --repo OWNER/NAME`);
    const parsed = parseRemoteUrl(url);
    if (!parsed) throw new UsageError(`cannot read OWNER/NAME from the origin remote URL: pass --repo OWNER/NAME`);
    ({ owner, repo, host } = parsed);
  }
  const fromEnv = graphqlUrlFromEnv(opts.env);
  const graphqlUrl = opts.graphqlUrl ?? fromEnv ?? (host === 'github.com' ? DEFAULT_GRAPHQL_URL : graphqlUrlForHost(host));
  checkGraphqlUrl(graphqlUrl, opts.graphqlUrl !== undefined ? '--graphql-url' : fromEnv !== undefined ? 'GITHUB_GRAPHQL_URL' : 'the origin remote');
  const found = await findToken(opts.env, new URL(graphqlUrl).hostname === 'api.github.com' ? 'github.com' : host);
  const client = new GitHubClient({ token: found.token, graphqlUrl, userAgent: 'pr-thread-runner-cli' });
  return { cwd, repoRoot, owner, repo, client, graphqlUrl, tokenSource: found.source };
}

/**
 * Parses `--pr`.
 * @throws UsageError
 */
export function parsePrNumber(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new UsageError(`--pr must be a pull request number such as 42 (got "${text}")`);
  }
  return Number(text);
}

/**
 * The PR number to work on: `--pr`, else the open PR whose head is the current branch.
 * @throws UserFacingError when no PR can be found.
 */
export async function resolvePullRequestNumber(session: Session, prArg: string | undefined, signal?: AbortSignal): Promise<number> {
  if (prArg !== undefined) return parsePrNumber(prArg);
  if (!session.repoRoot) throw new UsageError('not inside a git repository, so there is no current branch: pass --pr N');
  const branch = await currentBranch(session.repoRoot);
  if (!branch) throw new UsageError('HEAD is detached, so there is no branch to find a pull request for: pass --pr N');
  const pr: PullRequestRef | undefined = await findPullRequestForBranch(session.client, session.owner, session.repo, branch, { signal });
  if (!pr) {
    throw new UserFacingError(
      `no open pull request in ${session.owner}/${session.repo} has "${branch}" as its head branch: pass --pr N`,
    );
  }
  return pr.number;
}

/**
 * @throws UsageError when the endpoint is not an http(s) URL, or holds a user name or password
 * (the client would drop them silently: the token goes in a header). The value is shown only
 * when it cannot hold a secret (no `@`: `user:password@host` must never be printed).
 */
function checkGraphqlUrl(raw: string, from: string): void {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url && (url.username || url.password)) {
    throw new UsageError(`the GraphQL URL from ${from} holds a user name or password (not shown): remove them; prt sends the GitHub token in a header`);
  }
  if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return;
  const shown = /^[\x21-\x7e]{1,200}$/.test(raw) && !raw.includes('@') ? ` "${raw}"` : '';
  throw new UsageError(`the GraphQL URL from ${from}${shown} is not an http(s) URL: use e.g. https://api.github.com/graphql, or https://HOST/api/graphql for GitHub Enterprise`);
}
