import { lstat, readlink, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { UserFacingError } from '../../common/errors';

/** A thread path that points outside the repository (or could be made to); nothing is touched. */
export class PathOutsideRepoError extends UserFacingError {
  readonly isPathOutsideRepoError = true;
  /**
   * @param into `gitDir` when the path leads into the git directory (where a written file is
   *   code git runs: hooks, `core.fsmonitor` in config), which is refused the same way.
   */
  constructor(readonly threadPath: string, readonly into: 'outside' | 'gitDir' = 'outside') {
    super(
      into === 'gitDir'
        ? `thread path ${quoteForMessage(threadPath)} leads into the git directory: refusing to touch it`
        : `thread path ${quoteForMessage(threadPath)} is outside the repository: refusing to touch it`,
    );
    this.name = 'PathOutsideRepoError';
  }
}

// Code points that HFS+ ignores in names and NTFS's trailing dots and spaces: with them a
// name other than `.git` can still open the git directory (git's own is_hfs_dotgit and
// is_ntfs_dotgit checks refuse the same names).
const IGNORED_IN_NAMES = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]/g;

/** True for a path segment that names the git directory on some filesystem: `.git`, `.GIT`, `.git.`, `git~1`. */
export function isGitDirName(segment: string): boolean {
  const name = segment.replace(IGNORED_IN_NAMES, '').replace(/[. ]+$/, '').toLowerCase();
  return name === '.git' || name === 'git~1';
}

function entersGitDir(relativePath: string): boolean {
  return relativePath.split(/[\\/]/).some(isGitDirName);
}

export function isPathOutsideRepoError(e: unknown): e is PathOutsideRepoError {
  return typeof e === 'object' && e !== null && (e as PathOutsideRepoError).isPathOutsideRepoError === true;
}

/** Linux's own limit on symlinks followed while resolving one path (ELOOP). */
const MAX_SYMLINKS = 40;

/**
 * The absolute, symlink-free path of `threadPath` inside `repoRoot`, for reading or writing
 * the file a review thread is on. The file (and its folders) need not exist.
 *
 * Thread paths come from GitHub, i.e. from whoever pushed the PR, so everything that could
 * lead outside the root, or into its git directory (any case, or through a symlink), is refused: absolute paths, drive letters, `..` escapes, NUL bytes,
 * backslashes (a separator on Windows, a trick on POSIX; GitHub always uses `/`), and
 * symlinks — in a folder on the way or the file itself — whose target is outside the root.
 * Symlinks are followed by hand rather than with `realpath`, so that a dangling link (whose
 * target a write would create) is judged by where it points.
 *
 * The check and the later write are not atomic: a process racing us in the working tree
 * could swap a folder for a link in between. Review-thread text cannot do that.
 *
 * @throws PathOutsideRepoError when the path escapes or cannot be judged safely.
 * @throws the filesystem error when `repoRoot` does not exist.
 */
export async function resolveInRepo(repoRoot: string, threadPath: string): Promise<string> {
  if (
    threadPath.length === 0 ||
    threadPath.includes('\0') ||
    threadPath.includes('\\') ||
    threadPath.startsWith('/') ||
    path.isAbsolute(threadPath) ||
    /^[A-Za-z]:/.test(threadPath)
  ) {
    throw new PathOutsideRepoError(threadPath);
  }
  const normalized = path.posix.normalize(threadPath);
  if (normalized === '.' || normalized === '..' || normalized.startsWith('../') || normalized.endsWith('/')) {
    // `.`/`dir/` name a folder, not a file; `..` leaves the root before any link is read.
    throw new PathOutsideRepoError(threadPath);
  }
  if (entersGitDir(normalized)) throw new PathOutsideRepoError(threadPath, 'gitDir');
  const root = await realpath(repoRoot);
  const resolved = await followLinks(root, normalized.split('/'), threadPath);
  if (!isInside(root, resolved)) throw new PathOutsideRepoError(threadPath);
  // A symlink in the repository may lead into its own git directory (`hooks -> .git/hooks`).
  if (entersGitDir(path.relative(root, resolved))) throw new PathOutsideRepoError(threadPath, 'gitDir');
  return resolved;
}

/** Walks `parts` from `start`, replacing each symlink met by its target; missing tails are kept as is. */
async function followLinks(start: string, parts: string[], threadPath: string): Promise<string> {
  let current = start;
  const pending = [...parts];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, part);
    const info = await lstatOrUndefined(next);
    if (!info?.isSymbolicLink()) {
      // Nothing below a missing entry exists, so no link can redirect the rest.
      current = next;
      continue;
    }
    if (++links > MAX_SYMLINKS) throw new PathOutsideRepoError(threadPath);
    const target = await readlink(next);
    if (path.isAbsolute(target)) current = path.parse(target).root;
    pending.unshift(...target.split(path.sep === '\\' ? /[\\/]/ : '/'));
  }
  return current;
}

async function lstatOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a folder should be; the later open fails with a clear error.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}

/** The path in double quotes with control characters escaped and its length capped (it is hostile). */
function quoteForMessage(p: string): string {
  const capped = p.length > 200 ? `${p.slice(0, 200)}…` : p;
  return JSON.stringify(capped);
}
