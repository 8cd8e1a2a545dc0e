import { UserFacingError } from '../common/errors';
import { DEFAULT_GRAPHQL_URL } from './client';

/** Where a git remote points on GitHub (or GitHub Enterprise). */
export interface RemoteRepo {
  /** Web host, lower case (`github.com`, `ghe.example.com`, `ghe.example.com:8443`). */
  readonly host: string;
  readonly owner: string;
  readonly repo: string;
}

// GitHub's rules: owner is letters, digits and single hyphens; a repository name may also
// hold dots and underscores. Checked loosely; what matters is that no path trick passes.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Owner and name from a git remote URL: `https://host/o/r(.git)`, with credentials in the
 * URL (dropped, never returned), `git@host:o/r.git`, `ssh://git@host[:port]/o/r.git`,
 * `git://host/o/r.git`. Undefined for anything else.
 */
export function parseRemoteUrl(url: string): RemoteRepo | undefined {
  const text = url.trim();
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(text);
  if (scp && !text.includes('://')) return fromParts(scp[1], scp[2]);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  switch (parsed.protocol) {
    case 'https:':
    case 'http:':
      // The web port belongs to the host (GitHub Enterprise may serve on one).
      return fromParts(parsed.host, parsed.pathname);
    case 'ssh:':
    case 'git+ssh:':
    case 'git:':
      // An ssh or git port is not the web host's.
      return fromParts(parsed.hostname, parsed.pathname);
    default:
      return undefined;
  }
}

function fromParts(host: string, path: string): RemoteRepo | undefined {
  const parts = decodePath(path)
    ?.replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .split('/');
  if (!parts || parts.length !== 2) return undefined;
  const [owner, repo] = parts;
  if (!OWNER.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') return undefined;
  return { host: normalizeHost(host), owner, repo };
}

function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function normalizeHost(host: string): string {
  const h = host.toLowerCase();
  // github.com's ssh-over-443 endpoint and www alias are github.com.
  return h === 'ssh.github.com' || h === 'www.github.com' ? 'github.com' : h;
}

/** The GraphQL endpoint of a web host: api.github.com for github.com, else GitHub Enterprise's /api/graphql. */
export function graphqlUrlForHost(host: string): string {
  const h = normalizeHost(host);
  if (h === 'github.com' || h === 'api.github.com') return DEFAULT_GRAPHQL_URL;
  return `https://${h}/api/graphql`;
}

/**
 * `OWNER/NAME` (a trailing `.git` and a full remote URL are accepted too).
 * @throws UserFacingError saying the expected form when `arg` is not one.
 */
export function parseRepoArg(arg: string): { owner: string; repo: string } {
  const text = arg.trim();
  const remote = text.includes('://') || text.includes('@') ? parseRemoteUrl(text) : fromParts('github.com', text);
  if (remote) return { owner: remote.owner, repo: remote.repo };
  // Echo the value only when it cannot be a URL that carries credentials.
  const shown = /^[\w./-]{1,80}$/.test(text) ? ` "${text}"` : '';
  throw new UserFacingError(`--repo must be OWNER/NAME (e.g. octo-org/widgets), not${shown || ' the value given'}: check --repo.`);
}
