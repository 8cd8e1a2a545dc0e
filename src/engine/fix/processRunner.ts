import { ChildProcess, spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { CancellationError, UserFacingError } from '../../common/errors';
import { IDisposable } from '../../common/lifecycle';
import { checkTimerDelay, TimerSet } from '../../common/timers';
import type { OutputStream } from '../schedule/schedulerTypes';
import { jobToken, markEnv, newRunId, signalMarkedProcesses } from './markedProcesses';
import { OutputTail } from './outputTail';
import { isGroupAlive, ProcessGroupRegistry, signalGroup } from './processGroupRegistry';

export const DEFAULT_KILL_GRACE_MS = 3000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
/** How long output is still read after the process exited, when something else holds its pipes. */
export const DEFAULT_DRAIN_MS = 250;

export interface ProcessOptions {
  /** The program, found on the environment's PATH unless it has a slash; never run through a shell. */
  readonly file: string;
  /** Passed as they are: nothing in them is expanded or split. */
  readonly args: readonly string[];
  readonly cwd: string;
  /**
   * The whole environment of the process (nothing is inherited implicitly), to which the
   * run marker `PRT_RUN_MARKER` is added (see markedProcesses.ts).
   */
  readonly env: Readonly<Record<string, string>>;
  /** Written to the process's stdin, which is then closed; empty when absent. */
  readonly stdin?: string;
  /** Aborting kills the process's whole group and what it moved out of it (SIGTERM, then SIGKILL). */
  readonly signal?: AbortSignal;
  /** Killed like on abort once this much time has passed; at most `MAX_TIMER_MS`. */
  readonly timeoutMs?: number;
  /** Wait between SIGTERM and SIGKILL; default 3 s. */
  readonly killGraceMs?: number;
  /** Reading of output after the exit while another process holds the pipes; default 250 ms. */
  readonly drainMs?: number;
  /** Bytes of output kept (the tail, stdout and stderr interleaved); default 64 KiB. */
  readonly maxOutputBytes?: number;
  readonly onOutput?: (stream: OutputStream, chunk: string) => void;
  /** The run's registry: tracks the group while it runs and marks the processes as the run's. */
  readonly registry?: ProcessGroupRegistry;
}

export interface ProcessResult {
  /** Null when killed by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The tail of stdout and stderr, interleaved as they came. */
  readonly output: string;
  readonly durationMs: number;
  /** True when `signal` aborted before the process exited (it was killed, or never started). */
  readonly aborted: boolean;
  /** True when `timeoutMs` passed before the process exited (it was killed). */
  readonly timedOut: boolean;
}

/** A process could not be started (missing program or working folder, an environment too big). */
export class ProcessStartError extends UserFacingError {
  readonly isProcessStartError = true;
  /** Node's error code, e.g. `ENOENT`, `E2BIG`. */
  readonly code: string | undefined;
  /** @param what how the message names it; `file` by default. */
  constructor(readonly file: string, cwd: string, cause: unknown, what: string = file) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`could not start ${what} in ${cwd} (${code ?? 'unknown error'}): ${startAdvice(code, file)}`, { cause });
    this.name = 'ProcessStartError';
    this.code = code;
  }
}

export function isProcessStartError(e: unknown): e is ProcessStartError {
  return typeof e === 'object' && e !== null && (e as ProcessStartError).isProcessStartError === true;
}

function startAdvice(code: string | undefined, file: string): string {
  if (code === 'E2BIG') return 'its arguments and environment are too big for the system; shorten them';
  if (code === 'EACCES') return `check that ${file} is executable and the folder can be entered`;
  return `check that the folder exists and ${file} is installed`;
}

/**
 * Runs `file` with `args` (no shell) as the leader of a new session and process group,
 * feeding `stdin` and capturing the output tail. On abort or timeout the whole group, and
 * every process the job moved out of it, gets SIGTERM, then SIGKILL after the grace period;
 * once the process itself has exited, whatever of it remains is killed at once.
 * Resolves when the process has exited and its pipes closed or, when another process (a
 * daemon) keeps them open, `drainMs` after the exit: that process is not waited for, and
 * is left to the registry's owner, which kills it at the end of the run.
 * Never rejects for a failing, killed or timed-out process.
 * @throws ProcessStartError when the process cannot be started.
 * @throws CancellationError when `registry` is disposed before the process exits (shutdown).
 * @throws BugIndicatingError when `timeoutMs`, `killGraceMs` or `drainMs` is beyond what a timer can hold.
 */
export function runProcess(options: Readonly<ProcessOptions>): Promise<ProcessResult> {
  const started = performance.now();
  let token: string;
  let child: ChildProcess;
  try {
    // Checked up front: a bad delay found later, in a timer or an abort listener, would crash.
    for (const ms of [options.timeoutMs, options.killGraceMs, options.drainMs]) if (ms !== undefined) checkTimerDelay(ms);
    if (options.signal?.aborted) {
      return Promise.resolve({ exitCode: null, signal: null, output: '', durationMs: 0, aborted: true, timedOut: false });
    }
    // Without a registry the marker still lets an abort reach this job's escaped processes.
    token = options.registry?.newJobToken() ?? jobToken(newRunId(), 1);
  } catch (e) {
    return Promise.reject(e);
  }
  try {
    child = spawn(options.file, [...options.args], {
      cwd: options.cwd,
      env: markEnv(options.env, token),
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    // Synchronous refusals, e.g. a NUL byte in an argument or the environment.
    return Promise.reject(new ProcessStartError(options.file, options.cwd, e));
  }
  return new Promise<ProcessResult>((resolve, reject) => {
    const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    const tail = new OutputTail(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const timers = new TimerSet();
    const pgid = child.pid;
    let tracked: IDisposable | undefined;
    let settled = false;
    let stopped: 'aborted' | 'timedOut' | undefined;
    let killSent = false;
    let exit: { code: number | null; signal: string | null } | undefined;
    let shutdown = false;

    const emit = (stream: OutputStream, text: string) => {
      if (text.length > 0) options.onOutput?.(stream, text);
    };

    const cleanup = () => {
      settled = true;
      timers.dispose();
      options.signal?.removeEventListener('abort', onAbort);
      tracked?.dispose();
    };

    const killNow = () => {
      killSent = true;
      if (pgid !== undefined && isGroupAlive(pgid)) signalGroupQuietly(pgid, 'SIGKILL');
      signalMarkedProcesses({ job: token }, 'SIGKILL');
    };

    const finish = () => {
      if (settled || !exit) return;
      // A stopped job's leftovers get no more grace than the job had.
      if (stopped && !killSent) killNow();
      cleanup();
      // Let go of pipes a daemon may still hold open; we have read what was there.
      child.stdout?.destroy();
      child.stderr?.destroy();
      for (const stream of ['stdout', 'stderr'] as const) emit(stream, decoders[stream].end());
      if (shutdown && !stopped) {
        reject(new CancellationError());
        return;
      }
      resolve({
        exitCode: exit.code,
        signal: exit.signal,
        output: tail.text(),
        durationMs: Math.round(performance.now() - started),
        aborted: stopped === 'aborted',
        timedOut: stopped === 'timedOut',
      });
    };

    const stop = (why: 'aborted' | 'timedOut') => {
      if (settled || stopped || pgid === undefined) return;
      stopped = why;
      if (exit) {
        // It already exited and we are only draining its pipes: end now.
        finish();
        return;
      }
      signalGroupQuietly(pgid, 'SIGTERM');
      signalMarkedProcesses({ job: token }, 'SIGTERM');
      timers.later(killNow, graceMs);
    };
    const onAbort = () => stop('aborted');

    child.once('error', (e) => {
      // Only spawn failures reach here: we never use child.kill() or child.send().
      if (settled) return;
      cleanup();
      reject(new ProcessStartError(options.file, options.cwd, e));
    });
    if (pgid === undefined) return; // spawn failed; 'error' follows

    try {
      tracked = options.registry?.track(pgid);
    } catch (e) {
      signalGroupQuietly(pgid, 'SIGKILL');
      cleanup();
      reject(e);
      return;
    }

    child.stdin!.on('error', (e: NodeJS.ErrnoException) => {
      // A process that does not read its stdin closes the pipe before we finish writing;
      // that is its right, not a failure. Anything else would be a bug worth seeing.
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' || e.code === 'ECONNRESET') return;
      if (settled) return;
      signalGroupQuietly(pgid, 'SIGKILL');
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
      // The registry killed it: the run is shutting down, and the job did not fail.
      if (options.registry?.isDisposed) shutdown = true;
      // What it wrote just before exiting may still wait in the pipes: read on for a moment.
      // The extra turn of the event loop makes sure the pipes were polled after the wait,
      // even when the loop was too busy to poll them during it.
      timers.later(() => setImmediate(finish), options.drainMs ?? DEFAULT_DRAIN_MS);
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      exit ??= { code, signal };
      finish();
    });
    if (options.timeoutMs !== undefined) timers.later(() => stop('timedOut'), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `signalGroup`, except that a group turned into another user's (setuid) is out of reach, not an error. */
function signalGroupQuietly(pgid: number, signal: NodeJS.Signals): void {
  try {
    signalGroup(pgid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
  }
}
