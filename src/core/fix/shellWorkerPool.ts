import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { CancellationError, UserFacingError } from '../common/errors';
import { Disposable, IDisposable, toDisposable } from '../common/lifecycle';
import { CommandOptions, CommandResult, DEFAULT_KILL_GRACE_MS, DEFAULT_MAX_OUTPUT_BYTES, runCommand } from './command';
import { OutputTail } from './outputTail';
import { isGroupAlive, ProcessGroupRegistry, signalGroup } from './processGroupRegistry';
import { ShellWorker, WorkerJobEnd } from './shellWorker';
import { canInlineStdin, jobScript, workerEnv, workerRefusal } from './workerScript';
import { TimerSet } from '../common/timers';

/** The shell worker running a command died or misbehaved; the command may have half run. */
export class ShellWorkerLostError extends UserFacingError {
  readonly isShellWorkerLostError = true;
  constructor(reason: string) {
    super(`${reason} while running the command: run the thread again (the next command gets a new worker)`);
    this.name = 'ShellWorkerLostError';
  }
}

export function isShellWorkerLostError(e: unknown): e is ShellWorkerLostError {
  return typeof e === 'object' && e !== null && (e as ShellWorkerLostError).isShellWorkerLostError === true;
}

export interface ShellWorkerPoolOptions {
  /** Workers kept for reuse: the run's jobs at once. More start when more jobs run at once; they end when idle. */
  readonly size: number;
  /** Tracks the workers' process groups too, so the registry's owner kills them at shutdown. */
  readonly registry?: ProcessGroupRegistry;
}

const signalNames = new Map<number, string>(Object.entries(osConstants.signals).map(([name, n]) => [n, name]));

/**
 * Runs commands like `runCommand` — same options, same result, same guarantees — on a few
 * long-lived bash workers, so that a job costs a fork and an exec of `sh` from a small shell
 * rather than a spawn from Node. Each job still is `sh -c COMMAND` leading its own process
 * group, in `cwd`, with exactly `env` and exactly `stdin`. Differences:
 * - stdout and stderr come as one stream, reported as `stdout` in their real order;
 * - stdin is a pipe when it is small and newline-terminated (a here-document), `/dev/null`
 *   when empty, otherwise a private regular file;
 * - when the command's process ends, whatever is left of its group is killed at once;
 * - a status above 128 that names a signal is reported as that signal, as shells do.
 * A job this pool cannot reproduce exactly (an environment variable bash treats specially,
 * a NUL byte, no bash on the machine) runs through `runCommand` instead.
 */
export class ShellWorkerPool extends Disposable {
  private readonly _idle: ShellWorker[] = [];
  private readonly _busy = new Set<ShellWorker>();
  private readonly _running = new Set<number>();
  /** Made on first use: only a large stdin, or one without a final newline, needs a file. */
  private _dir: string | undefined;
  private _unavailable = false;
  private _started = 0;
  private _fallbacks = 0;
  private _seq = 0;

  /** @throws UserFacingError when `size` is not a whole number of at least 1. */
  constructor(private readonly _options: Readonly<ShellWorkerPoolOptions>) {
    super();
    if (!Number.isInteger(_options.size) || _options.size < 1) {
      throw new UserFacingError(`the number of shell workers must be a whole number of at least 1 (got ${_options.size})`);
    }
    this._register(toDisposable(() => this._killAll()));
  }

  /** Workers spawned so far. */
  get workersStarted(): number {
    return this._started;
  }

  /** Jobs handed to `runCommand` because a worker could not reproduce them. */
  get fallbacks(): number {
    return this._fallbacks;
  }

  get isDisposed(): boolean {
    return this._store.isDisposed;
  }

  /**
   * Runs one command; see `runCommand` for the contract. Never rejects for a failing or
   * killed command.
   * @throws CommandStartError when the working folder cannot be entered or sh not started.
   * @throws CancellationError when this pool or `registry` is already disposed.
   * @throws ShellWorkerLostError when the worker died or misbehaved during the command.
   */
  async run(options: Readonly<CommandOptions>): Promise<CommandResult> {
    const started = performance.now();
    if (options.signal?.aborted) return { exitCode: null, signal: null, output: '', durationMs: 0, aborted: true };
    if (options.registry?.isDisposed || this.isDisposed) throw new CancellationError();
    const stdin = options.stdin ?? '';
    if (this._unavailable || workerRefusal(options.command, options.cwd, options.env)) return this._fallback(options);
    const worker = this._acquire(options.env);
    const stdinFile = canInlineStdin(stdin) ? undefined : path.join((this._dir ??= mkdtempSync(path.join(tmpdir(), 'prt-stdin-'))), `${++this._seq}`);
    try {
      if (stdinFile) writeFileSync(stdinFile, stdin, { mode: 0o600 });
      const script = jobScript({
        marker: worker.marker,
        cwd: path.resolve(options.cwd),
        command: options.command,
        env: options.env,
        base: worker.env,
        stdin: stdinFile ? { file: stdinFile } : { text: stdin },
      });
      const outcome = await this._runOn(worker, script, options, started);
      if (outcome !== 'notStarted') return outcome;
    } finally {
      // force: a dispose during the command has already removed the folder.
      if (stdinFile) rmSync(stdinFile, { force: true });
    }
    // The folder or sh is missing: nothing ran; runCommand gives the exact error.
    return this._fallback(options);
  }

  private _fallback(options: Readonly<CommandOptions>): Promise<CommandResult> {
    this._fallbacks++;
    return runCommand(options);
  }

  private _acquire(env: Readonly<Record<string, string>>): ShellWorker {
    let worker = this._idle.pop();
    while (worker && !worker.isAlive) worker = this._idle.pop();
    if (!worker) {
      worker = new ShellWorker(workerEnv(env), this._options.registry);
      this._started++;
      const w = worker;
      w.onDidExit = () => {
        const i = this._idle.indexOf(w);
        if (i >= 0) this._idle.splice(i, 1);
      };
    }
    this._busy.add(worker);
    return worker;
  }

  private _release(worker: ShellWorker): void {
    this._busy.delete(worker);
    if (!worker.isAlive) return;
    if (this.isDisposed || this._idle.length >= this._options.size) worker.dispose();
    else this._idle.push(worker);
  }

  private async _runOn(worker: ShellWorker, script: string, options: Readonly<CommandOptions>, started: number): Promise<CommandResult | 'notStarted'> {
    const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    const tail = new OutputTail(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
    const decoder = new StringDecoder('utf8');
    const timers = new TimerSet();
    let pgid: number | undefined;
    let tracked: IDisposable | undefined;
    let trackError: unknown;
    let aborted = false;

    const emit = (text: string) => {
      if (text.length > 0) options.onOutput?.('stdout', text);
    };
    const later = (fn: () => void, ms: number) => timers.later(fn, ms);
    const terminate = (group: number) => {
      signalGroup(group, 'SIGTERM');
      later(() => {
        if (isGroupAlive(group)) signalGroup(group, 'SIGKILL');
      }, graceMs);
    };
    const onAbort = () => {
      aborted = true;
      if (pgid !== undefined) terminate(pgid);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    let end: WorkerJobEnd | undefined;
    try {
      end = await worker.run(script, {
        onStarted: (p) => {
          pgid = p;
          this._running.add(p);
          try {
            tracked = options.registry?.track(p);
          } catch (e) {
            // The registry's owner is shutting down: the command must not run.
            trackError = e;
            signalGroup(p, 'SIGKILL');
          }
          if (aborted) terminate(p);
        },
        onOutput: (chunk) => {
          tail.push(chunk);
          emit(decoder.write(chunk));
        },
      });
    } finally {
      timers.dispose();
      options.signal?.removeEventListener('abort', onAbort);
      tracked?.dispose();
      if (pgid !== undefined) {
        this._running.delete(pgid);
        // The command is over: what it left running in its group must not outlive it.
        signalGroup(pgid, 'SIGKILL');
      }
      if (!end || end.kind === 'lost') worker.kill();
      this._release(worker);
    }
    emit(decoder.end());
    const ended = end!; // set: a throw from run() has left already
    if (trackError !== undefined) throw trackError;
    if (ended.kind === 'unavailable') {
      this._unavailable = true;
      return 'notStarted';
    }
    const durationMs = Math.round(performance.now() - started);
    if (ended.kind === 'notStarted') return aborted ? { exitCode: null, signal: null, output: tail.text(), durationMs, aborted } : 'notStarted';
    if (ended.kind === 'lost') {
      // Killed along with everything else by whoever owns this pool or the registry: a kill, not a fault.
      if (!(aborted || this.isDisposed || options.registry?.isDisposed === true)) throw new ShellWorkerLostError(ended.reason);
      return { exitCode: null, signal: 'SIGKILL', output: tail.text(), durationMs, aborted };
    }
    const sig = ended.status > 128 ? signalNames.get(ended.status - 128) : undefined;
    return { exitCode: sig ? null : ended.status, signal: sig ?? null, output: tail.text(), durationMs, aborted };
  }

  /** Kills every running command's group and every worker, at once (shutdown has no grace period). */
  private _killAll(): void {
    for (const pgid of this._running) signalGroup(pgid, 'SIGKILL');
    for (const w of [...this._busy, ...this._idle]) w.kill();
    this._idle.length = 0;
    if (this._dir) rmSync(this._dir, { recursive: true, force: true });
  }
}
