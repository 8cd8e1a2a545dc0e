import { execFile } from 'node:child_process';
import { UserFacingError } from '../common/errors';

/** A git command failed; `stderr` holds git's own words. */
export class GitError extends UserFacingError {
  readonly isGitError = true;
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export function isGitError(e: unknown): e is GitError {
  return typeof e === 'object' && e !== null && (e as GitError).isGitError === true;
}

/**
 * Runs git with arguments (never through a shell) and returns its trimmed stdout.
 * @throws GitError when git exits non-zero or is missing.
 */
export function git(cwd: string, args: readonly string[], options: { input?: string; signal?: AbortSignal } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, signal: options.signal, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) => {
        if (err) {
          const code = typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : null;
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(new GitError('git is not installed or not on PATH: install git and try again', null, ''));
            return;
          }
          const firstErr = String(stderr).trim().split('\n')[0] ?? '';
          reject(new GitError(`git ${args[0]} failed in ${cwd}: ${firstErr || err.message}`, code, String(stderr)));
          return;
        }
        resolve(String(stdout).replace(/\s+$/, ''));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** The top folder of the git work tree containing `cwd`, or undefined outside one. */
export async function findRepoRoot(cwd: string): Promise<string | undefined> {
  try {
    return await git(cwd, ['rev-parse', '--show-toplevel']);
  } catch (e) {
    if (isGitError(e) && e.exitCode !== null) return undefined;
    throw e;
  }
}

/** The URL of a remote, or undefined when the remote does not exist. */
export async function remoteUrl(cwd: string, remote = 'origin'): Promise<string | undefined> {
  try {
    return await git(cwd, ['remote', 'get-url', remote]);
  } catch (e) {
    if (isGitError(e) && e.exitCode !== null) return undefined;
    throw e;
  }
}

/** The checked-out branch name, or undefined when HEAD is detached. */
export async function currentBranch(cwd: string): Promise<string | undefined> {
  const name = await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
  return name === 'HEAD' ? undefined : name;
}
