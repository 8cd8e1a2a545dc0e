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

export interface GitOptions {
  /** Text written to git's stdin (a commit message), then closed. */
  readonly input?: string;
  readonly signal?: AbortSignal;
  /** The environment git runs in; `process.env` by default. Prompts are always turned off in it. */
  readonly env?: NodeJS.ProcessEnv;
}

/** How a git command ended, whatever its exit code. */
export interface GitResult {
  readonly exitCode: number;
  /** stdout with trailing white space trimmed. */
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs git with arguments (never through a shell) and returns its trimmed stdout.
 * @throws GitError when git exits non-zero or is missing.
 */
export async function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  const result = await gitResult(cwd, args, options);
  if (result.exitCode !== 0) throw gitFailed(cwd, args, result);
  return result.stdout;
}

/**
 * Runs git like `git` does but resolves with any exit code, for commands whose exit code
 * is an answer (`diff --quiet`, `rev-parse --verify --quiet`, a cherry-pick that stops).
 * @throws GitError when git is missing or cannot be started (no exit code at all);
 *   AbortError when `signal` aborts.
 */
export async function gitResult(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const { exitCode, stdout, stderr } = await execGit(cwd, args, options);
  return { exitCode, stdout: stdout.toString('utf8').replace(/\s+$/, ''), stderr };
}

/**
 * Runs git and returns its stdout exactly, as bytes (a file's content).
 * @throws GitError when git exits non-zero or is missing; AbortError when `signal` aborts.
 */
export async function gitBytes(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<Buffer> {
  const { exitCode, stdout, stderr } = await execGit(cwd, args, options);
  if (exitCode !== 0) throw gitFailed(cwd, args, { exitCode, stderr, stdout: '' });
  return stdout;
}

function execGit(cwd: string, args: readonly string[], options: GitOptions): Promise<{ exitCode: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...args],
      { cwd, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, signal: options.signal, env: noPromptEnv(options.env) },
      (err, stdout, stderr) => {
        const out = { stdout, stderr: stderr.toString('utf8') };
        if (!err) {
          resolve({ exitCode: 0, ...out });
          return;
        }
        const code = (err as NodeJS.ErrnoException).code;
        if (typeof code === 'number') {
          resolve({ exitCode: code, ...out });
          return;
        }
        if (code === 'ENOENT') {
          reject(new GitError(`could not run git in ${cwd}: check that the folder exists and git is installed and on PATH`, null, ''));
          return;
        }
        // A cancel stays a cancel (AbortError), never "git failed".
        if (err.name === 'AbortError') {
          reject(err);
          return;
        }
        const why = err.signal ? `killed by ${err.signal}` : err.message;
        reject(new GitError(`git ${subcommand(args)} failed in ${cwd}: ${why}`, null, out.stderr));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** `base` (or `process.env`) with git's terminal prompt turned off. */
export function noPromptEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, GIT_TERMINAL_PROMPT: '0' };
}

/** The GitError for a command that exited non-zero: the subcommand, where, and git's most telling line. */
export function gitFailed(cwd: string, args: readonly string[], result: Pick<GitResult, 'exitCode' | 'stderr' | 'stdout'>): GitError {
  const reason = usefulLine(result.stderr) ?? usefulLine(result.stdout) ?? `exit code ${result.exitCode}`;
  return new GitError(`git ${subcommand(args)} failed in ${cwd}: ${reason}`, result.exitCode, result.stderr);
}

/**
 * The first line of git's output that says why: the first `fatal:` or `error:` line, else
 * the first line that is not a `hint:` (a hook's own words come first and are kept).
 */
export function usefulLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.find((l) => !l.startsWith('hint:'));
}

/** The git subcommand in `args`, past the global options (`-c key=value`, `-C dir`). */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '-C') i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return args[0] ?? '';
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
export async function currentBranch(cwd: string, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  const name = await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD'], { env });
  return name === 'HEAD' ? undefined : name;
}
