import { throwIfAborted } from '../common/abort';
import { CancellationError, UserFacingError } from '../common/errors';
import type { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { isProcessStartError, runProcess } from '../engine/fix/processRunner';
import { GitError } from './git';

/** `--push-timeout`'s default: long enough for a slow network, short enough to notice a hang. */
export const DEFAULT_PUSH_TIMEOUT_MS = 120_000;

export interface PushOptions {
  /** Aborting kills git and everything it started (ssh, credential helpers); the push rejects with CancellationError. */
  readonly signal?: AbortSignal;
  /** How long `git push` (and each git command before it) may take before it is killed with its children; default 2 min. */
  readonly timeoutMs?: number;
  /** The run's registry: git's processes are the run's, killed with them at shutdown. */
  readonly registry?: ProcessGroupRegistry;
  /** The environment git runs in; `process.env` by default. Prompts are always turned off in it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Wait between SIGTERM and SIGKILL when git is stopped; default 3 s. */
  readonly killGraceMs?: number;
}

/** `git push` did not finish in time; it and its children were killed. */
export class PushTimeoutError extends UserFacingError {
  readonly isPushTimeoutError = true;
  constructor(readonly timeoutMs: number) {
    super(
      `git push did not finish within ${formatMs(timeoutMs)} and was stopped: ` +
        'check the network and the remote (git push by hand shows where it waits), or allow more time with --push-timeout',
    );
    this.name = 'PushTimeoutError';
  }
}

export function isPushTimeoutError(e: unknown): e is PushTimeoutError {
  return typeof e === 'object' && e !== null && (e as PushTimeoutError).isPushTimeoutError === true;
}

/** HEAD names no branch, so there is nothing to push it to. */
export class DetachedHeadError extends UserFacingError {
  readonly isDetachedHeadError = true;
  constructor() {
    super('cannot push: HEAD is detached; check out the pull request branch first');
    this.name = 'DetachedHeadError';
  }
}

export function isDetachedHeadError(e: unknown): e is DetachedHeadError {
  return typeof e === 'object' && e !== null && (e as DetachedHeadError).isDetachedHeadError === true;
}

/**
 * Pushes the current branch: a branch with an upstream by plain `git push` (so the user's
 * push configuration, e.g. a fork's `pushRemote`, decides where), one without to `origin`
 * under the same name, which then becomes its upstream. Git runs in a process group and
 * session of its own, without a terminal and with every prompt turned off, so it never
 * waits for a password; on timeout or cancel it is killed with all it started.
 * @throws DetachedHeadError when HEAD is detached, before anything is pushed.
 * @throws PushTimeoutError when `git push` (or a git command before it) takes longer than `timeoutMs`.
 * @throws CancellationError when `signal` aborts (or the registry is disposed) first.
 * @throws GitError (a UserFacingError) with git's own words when git refuses or fails.
 * @throws BugIndicatingError when `timeoutMs` is beyond `MAX_TIMER_MS` (parse user input with `parseDuration`).
 */
export async function pushHead(root: string, options: PushOptions = {}): Promise<void> {
  throwIfAborted(options.signal);
  const env = noPromptEnv(options.env ?? process.env);
  // Each git command is bounded, the local ones too: a repository on a hung network drive
  // must not hang the run either.
  const bounded = { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS };
  const branchRef = await runGit(root, ['symbolic-ref', '--quiet', 'HEAD'], env, bounded);
  // Exit 1 without a word is how symbolic-ref says "detached"; anything else is a real error.
  if (branchRef.exitCode === 1 && branchRef.stderr.trim() === '') throw new DetachedHeadError();
  const ref = succeeded(branchRef, 'symbolic-ref').stdout.trim();
  const branch = ref.replace(/^refs\/heads\//, '');
  const upstream = succeeded(
    await runGit(root, ['for-each-ref', '--format=%(upstream)', '--', ref], env, bounded),
    'for-each-ref',
  ).stdout.trim();
  const args = upstream
    ? ['push', '--quiet']
    : ['push', '--quiet', '--set-upstream', 'origin', `HEAD:refs/heads/${branch}`];
  succeeded(await runGit(root, args, env, bounded), 'push');
}

interface GitRun {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Most of git's output kept per stream: these commands say little, a hook may say a lot. */
const MAX_STREAM_CHARS = 256 * 1024;

/**
 * One git command through runProcess.
 * @throws CancellationError when aborted; PushTimeoutError when `timeoutMs` passed;
 *   GitError when git is not installed.
 */
async function runGit(
  root: string,
  args: readonly string[],
  env: Record<string, string>,
  options: PushOptions,
): Promise<GitRun> {
  const out = { stdout: '', stderr: '' };
  let result;
  try {
    result = await runProcess({
      file: 'git',
      args,
      cwd: root,
      env,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      killGraceMs: options.killGraceMs,
      registry: options.registry,
      onOutput: (stream, chunk) => {
        if (out[stream].length < MAX_STREAM_CHARS) out[stream] += chunk;
      },
    });
  } catch (e) {
    if (isProcessStartError(e) && e.code === 'ENOENT') {
      throw new GitError(`could not run git in ${root}: check that the folder exists and git is installed and on PATH`, null, '');
    }
    throw e;
  }
  if (result.aborted) throw new CancellationError();
  if (result.timedOut) throw new PushTimeoutError(options.timeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS);
  return { exitCode: result.exitCode, signal: result.signal, ...out };
}

/**
 * `run` when git succeeded.
 * @throws GitError naming git's most telling stderr line otherwise.
 */
function succeeded(run: GitRun, command: string): GitRun {
  if (run.exitCode === 0) return run;
  const reason = tellingLine(run.stderr) ?? (run.signal ? `killed by ${run.signal}` : `exit code ${run.exitCode}`);
  throw new GitError(`git ${command} failed: ${reason}`, run.exitCode, run.stderr);
}

/**
 * The line of git's stderr that says why: a refused ref (` ! [rejected] main -> main (fetch
 * first)`), else the first `fatal:` or `error:`, else the first line. A hook's chatter
 * and `To <url>` come before them, and `hint:` lines after them.
 */
function tellingLine(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim().replace(/\s{2,}/g, ' ')).filter(Boolean);
  return lines.find((l) => l.startsWith('! [')) ?? lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0];
}

/**
 * `base` without undefined values and with every way git and ssh could ask someone turned
 * off: no terminal prompt, no askpass program (an empty GIT_ASKPASS also hides
 * core.askPass), no Git Credential Manager dialog. The process has no controlling
 * terminal either (its own session), so ssh cannot prompt on /dev/tty.
 */
function noPromptEnv(base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    SSH_ASKPASS_REQUIRE: 'never',
    GCM_INTERACTIVE: 'never',
  };
}

function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
