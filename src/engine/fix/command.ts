import { ChildProcess, spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { CancellationError, UserFacingError } from '../../common/errors';
import { IDisposable } from '../../common/lifecycle';
import { ReviewThread } from '../../model/thread';
import type { AttemptOutcome, OutputStream } from '../schedule/schedulerTypes';
import { describeExit } from '../schedule/schedulerTypes';
import { threadToJson } from '../../model/threadJson';
import { OutputTail } from './outputTail';
import { isGroupAlive, ProcessGroupRegistry, signalGroup } from './processGroupRegistry';
import { shellQuote, stripNul } from './shellQuote';
import { TimerSet } from '../../common/timers';

export const DEFAULT_KILL_GRACE_MS = 3000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

export interface CommandOptions {
  /** Run by `sh -c`; trusted (the user's setting or flag), thread text only through placeholders. */
  readonly command: string;
  readonly cwd: string;
  /** The whole environment of the command (nothing is inherited implicitly). */
  readonly env: Readonly<Record<string, string>>;
  /** Written to the command's stdin, which is then closed; empty when absent. */
  readonly stdin?: string;
  /** Aborting kills the command's whole process group (SIGTERM, then SIGKILL). */
  readonly signal?: AbortSignal;
  /** Wait between SIGTERM and SIGKILL; default 3 s. */
  readonly killGraceMs?: number;
  /** Bytes of output kept (the tail, stdout and stderr interleaved); default 64 KiB. */
  readonly maxOutputBytes?: number;
  readonly onOutput?: (stream: OutputStream, chunk: string) => void;
  /** Tracks the process group while it runs, so its owner can kill it at shutdown. */
  readonly registry?: ProcessGroupRegistry;
}

export interface CommandResult {
  /** Null when killed by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The tail of stdout and stderr, interleaved as they came. */
  readonly output: string;
  readonly durationMs: number;
  /** True when `signal` aborted (the command was killed, or never started). */
  readonly aborted: boolean;
}

/** The shell could not be started (missing working folder, no `sh`, an argument it refuses). */
export class CommandStartError extends UserFacingError {
  readonly isCommandStartError = true;
  /** Node's error code, e.g. `ENOENT`. */
  readonly code: string | undefined;
  constructor(cwd: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`could not start the command in ${cwd} (${code ?? 'unknown error'}): check that the folder exists and sh is installed`, { cause });
    this.name = 'CommandStartError';
    this.code = code;
  }
}

export function isCommandStartError(e: unknown): e is CommandStartError {
  return typeof e === 'object' && e !== null && (e as CommandStartError).isCommandStartError === true;
}

/**
 * Runs `command` with `sh -c` as the leader of a new process group, feeding `stdin` and
 * capturing the output tail. On abort the whole group gets SIGTERM, then SIGKILL after the
 * grace period if any member is left. Resolves once the pipes close, or, when a process
 * that escaped the group keeps them open, shortly after the group was killed.
 * Never rejects for a failing or killed command.
 * @throws CommandStartError when the shell cannot be started.
 * @throws CancellationError when `registry` is already disposed.
 */
export function runCommand(options: Readonly<CommandOptions>): Promise<CommandResult> {
  const started = performance.now();
  if (options.signal?.aborted) {
    return Promise.resolve({ exitCode: null, signal: null, output: '', durationMs: 0, aborted: true });
  }
  if (options.registry?.isDisposed) return Promise.reject(new CancellationError());
  let child: ChildProcess;
  try {
    child = spawn('sh', ['-c', options.command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    // Synchronous refusals, e.g. a NUL byte in an argument or the environment.
    return Promise.reject(new CommandStartError(options.cwd, e));
  }
  return new Promise<CommandResult>((resolve, reject) => {
    const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    const tail = new OutputTail(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    let tracked: IDisposable | undefined;
    let settled = false;
    let aborted = false;
    let exit: { code: number | null; signal: string | null } | undefined;
    let drainDue = false;
    const timers = new TimerSet();
    const pgid = child.pid;

    const later = (fn: () => void, ms: number) => timers.later(fn, ms);

    const cleanup = () => {
      settled = true;
      timers.dispose();
      options.signal?.removeEventListener('abort', onAbort);
      tracked?.dispose();
    };

    const finish = (code: number | null, signal: string | null) => {
      if (settled) return;
      cleanup();
      for (const stream of ['stdout', 'stderr'] as const) emit(stream, decoders[stream].end());
      resolve({
        exitCode: code,
        signal,
        output: tail.text(),
        durationMs: Math.round(performance.now() - started),
        aborted,
      });
    };

    const emit = (stream: OutputStream, text: string) => {
      if (text.length > 0) options.onOutput?.(stream, text);
    };

    // After the group was killed and given time to drain, a process that left the group
    // (setsid, a daemon) may still hold our pipes; stop waiting for them then.
    const forceFinishIfDrained = () => {
      if (!drainDue || !exit || settled) return;
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish(exit.code, exit.signal);
    };

    const onAbort = () => {
      if (settled || pgid === undefined) return;
      aborted = true;
      signalGroup(pgid, 'SIGTERM');
      later(() => {
        if (isGroupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
        later(() => {
          drainDue = true;
          forceFinishIfDrained();
        }, graceMs);
      }, graceMs);
    };

    child.once('error', (e) => {
      // Only spawn failures reach here: we never use child.kill() or child.send().
      if (settled) return;
      cleanup();
      reject(new CommandStartError(options.cwd, e));
    });
    if (pgid === undefined) return; // spawn failed; 'error' follows

    try {
      tracked = options.registry?.track(pgid);
    } catch (e) {
      signalGroup(pgid, 'SIGKILL');
      cleanup();
      reject(e);
      return;
    }

    child.stdin!.on('error', (e: NodeJS.ErrnoException) => {
      // A command that does not read its stdin closes the pipe before we finish writing;
      // that is its right, not a failure. Anything else would be a bug worth seeing.
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' || e.code === 'ECONNRESET') return;
      if (settled) return;
      signalGroup(pgid, 'SIGKILL');
      cleanup();
      reject(e);
    });
    child.stdin!.end(options.stdin ?? '');

    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]!.on('data', (chunk: Buffer) => {
        tail.push(chunk);
        emit(stream, decoders[stream].write(chunk));
      });
    }
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      forceFinishIfDrained();
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => finish(code, signal));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The values `buildThreadCommand` substitutes. */
export interface ThreadPlaceholders {
  readonly id: string;
  readonly path: string;
  readonly line: number | null;
  readonly worker: string;
}

/**
 * Replaces `{id}`, `{path}`, `{line}` and `{worker}` in `template` with single-quoted shell
 * words (a null line becomes `''`), in one pass, so a value that itself contains a
 * placeholder is never expanded. Write placeholders bare: `cmd {path}`, not `"{path}"`.
 */
export function buildThreadCommand(template: string, values: ThreadPlaceholders): string {
  return template.replace(/\{(id|path|line|worker)\}/g, (_m, name: keyof ThreadPlaceholders) => {
    const value = values[name];
    return shellQuote(value === null ? '' : String(value));
  });
}

export interface ThreadEnvOptions {
  readonly worker: string;
  /** `owner/name`. */
  readonly repo: string;
  readonly pr: number;
  /** Inherited variables (e.g. `process.env`); undefined values are dropped. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
}

/**
 * `baseEnv` plus the thread as `PRT_THREAD_ID PRT_PATH PRT_LINE PRT_START_LINE PRT_BODY
 * PRT_URL PRT_WORKER PRT_REPO PRT_PR` (empty strings for null lines; `PRT_BODY` is the first
 * comment's body). NUL characters, which no environment can carry, are dropped; the exact
 * text is also on stdin as JSON.
 */
export function threadEnv(thread: ReviewThread, options: ThreadEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.baseEnv)) if (v !== undefined) env[k] = v;
  const prt: Record<string, string> = {
    PRT_THREAD_ID: thread.id,
    PRT_PATH: thread.path,
    PRT_LINE: thread.line === null ? '' : String(thread.line),
    PRT_START_LINE: thread.startLine === null ? '' : String(thread.startLine),
    PRT_BODY: thread.comments[0]?.body ?? '',
    PRT_URL: thread.url,
    PRT_WORKER: options.worker,
    PRT_REPO: options.repo,
    PRT_PR: String(options.pr),
  };
  for (const [k, v] of Object.entries(prt)) env[k] = stripNul(v);
  return env;
}

/** The thread's JSON (`threadToJson`) as written to a job command's stdin, newline-terminated. */
export function threadStdinJson(thread: ReviewThread): string {
  return `${JSON.stringify(threadToJson(thread))}\n`;
}

/** A command's result as a scheduler attempt outcome: success is exit code 0, not aborted. */
export function commandOutcome(result: CommandResult): AttemptOutcome {
  const ok = !result.aborted && result.exitCode === 0;
  return {
    ok,
    exitCode: result.exitCode,
    signal: result.signal,
    output: result.output,
    ...(ok ? {} : { error: result.aborted ? 'aborted' : describeExit(result.exitCode, result.signal) }),
  };
}
