import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { BugIndicatingError } from '../common/errors';
import { IDisposable } from '../common/lifecycle';
import { ProcessGroupRegistry, signalGroup } from './processGroupRegistry';
import { WORKER_PROGRAM, WORKER_TOO_OLD } from './workerScript';

/** How one job on a worker ended. */
export type WorkerJobEnd =
  /** The job's leader ended; `status` as `wait` reports it (128+N for signal N). */
  | { readonly kind: 'exited'; readonly status: number }
  /** The working folder could not be entered, or sh not executed: nothing of the command ran. */
  | { readonly kind: 'notStarted' }
  /** The worker could not be spawned at all (no bash, or one older than 4.1): nothing ran. */
  | { readonly kind: 'unavailable'; readonly cause: unknown }
  /** The worker died or sent something it should not have; the job may have run. */
  | { readonly kind: 'lost'; readonly reason: string };

export interface WorkerJobHandlers {
  /** The job's pid, which is also its process group id. */
  onStarted(pgid: number): void;
  /** Job output (stdout and stderr together), as it comes. */
  onOutput(chunk: Buffer): void;
}

interface CurrentJob {
  readonly handlers: WorkerJobHandlers;
  readonly settle: (end: WorkerJobEnd) => void;
  notStarted: boolean;
}

/**
 * One long-lived `bash` that runs jobs one at a time (see workerScript.ts). It leads its own
 * process group, so killing that group kills the worker and nothing else: each job has a
 * group of its own. Its stdout carries the jobs' output and its frames, told apart by a
 * random marker that job output cannot know.
 */
export class ShellWorker implements IDisposable {
  readonly env: Readonly<Record<string, string>>;
  readonly marker = `__prt_frame_${randomBytes(16).toString('hex')}_`;
  private readonly _markerBytes: Buffer;
  private readonly _child: ChildProcess;
  private _pending: Buffer = Buffer.alloc(0);
  private _job: CurrentJob | undefined;
  private _exited: string | undefined;
  private _spawnError: unknown;
  private _tracked: IDisposable | undefined;

  /** Fires at most once, when the worker process is gone (or never started). */
  onDidExit: (() => void) | undefined;

  /**
   * Spawns the worker in `/` with `env` (see `workerEnv`: no locale variables, so that bash
   * counts the script's length in bytes).
   * @throws CancellationError when `registry` is already disposed (the worker is killed).
   */
  constructor(env: Readonly<Record<string, string>>, registry?: ProcessGroupRegistry) {
    this.env = env;
    this._markerBytes = Buffer.from(this.marker);
    this._child = spawn('bash', ['--noprofile', '--norc', '-c', WORKER_PROGRAM, 'prt-shell-worker'], {
      cwd: '/',
      env,
      detached: true,
      // bash reports finished jobs on stderr; the jobs' own stderr goes to stdout.
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this._child.once('error', (e) => {
      // Only a failed spawn reaches here: the worker is never signalled through Node.
      this._spawnError = e;
      this._gone('could not be started');
    });
    this._child.once('exit', (code, signal) => {
      if (code === WORKER_TOO_OLD) this._spawnError = new Error('bash is older than 4.1');
      this._gone(signal ? `was killed by ${signal}` : `exited with code ${code}`);
    });
    // Writing to a worker that just died: its 'exit' reports that, with the reason.
    this._child.stdin!.on('error', () => this._kill());
    this._child.stdout!.on('data', (chunk: Buffer) => this._onData(chunk));
    if (this._child.pid !== undefined && registry) {
      try {
        this._tracked = registry.track(this._child.pid);
      } catch (e) {
        this._kill();
        throw e;
      }
    }
  }

  get pid(): number | undefined {
    return this._child.pid;
  }

  get isBusy(): boolean {
    return this._job !== undefined;
  }

  get isAlive(): boolean {
    return this._exited === undefined;
  }

  /**
   * Runs one job script; resolves when the job ended or the worker was lost. Never rejects.
   * Only one job at a time.
   */
  run(script: string, handlers: WorkerJobHandlers): Promise<WorkerJobEnd> {
    if (this._job) throw new BugIndicatingError('ShellWorker.run: the worker is busy');
    if (this._exited) {
      return Promise.resolve(this._spawnError !== undefined ? { kind: 'unavailable', cause: this._spawnError } : { kind: 'lost', reason: `the shell worker ${this._exited}` });
    }
    return new Promise<WorkerJobEnd>((resolve) => {
      this._job = { handlers, settle: resolve, notStarted: false };
      this._pending = Buffer.alloc(0);
      // Length first: bash reads a line one byte at a time, but `read -N` in large chunks.
      this._child.stdin!.write(`${Buffer.byteLength(script)}\n${script}`);
    });
  }

  /** Ends the worker: EOF when idle (it exits by itself), SIGKILL to its group otherwise. */
  dispose(): void {
    this._tracked?.dispose();
    if (this._exited) return;
    if (this._job) this._kill();
    else this._child.stdin!.end();
  }

  /** Kills the worker's group at once (its jobs have groups of their own). */
  kill(): void {
    this._kill();
  }

  private _kill(): void {
    if (this._child.pid !== undefined && !this._exited) signalGroup(this._child.pid, 'SIGKILL');
    // SIGKILL cannot be caught: the group is as good as gone.
    this._tracked?.dispose();
  }

  private _gone(reason: string): void {
    if (this._exited) return;
    this._exited = reason;
    this._tracked?.dispose();
    const job = this._job;
    this._job = undefined;
    if (job) {
      job.settle(this._spawnError !== undefined ? { kind: 'unavailable', cause: this._spawnError } : { kind: 'lost', reason: `the shell worker ${reason}` });
    }
    this.onDidExit?.();
  }

  private _misbehaved(what: string): void {
    const job = this._job;
    this._job = undefined;
    this._kill();
    job?.settle({ kind: 'lost', reason: `the shell worker sent ${what}` });
  }

  private _onData(chunk: Buffer): void {
    if (!this._job) return; // Between jobs: stray output of a process that escaped its group.
    let buf = this._pending.length ? Buffer.concat([this._pending, chunk]) : chunk;
    for (;;) {
      const at = buf.indexOf(this._markerBytes);
      if (at < 0) {
        // Hold back what may be the start of a marker cut by the chunk boundary.
        const keep = this._partialMarkerLength(buf);
        if (buf.length > keep) this._job.handlers.onOutput(buf.subarray(0, buf.length - keep));
        this._pending = Buffer.from(buf.subarray(buf.length - keep));
        return;
      }
      if (at > 0) this._job.handlers.onOutput(buf.subarray(0, at));
      const eol = buf.indexOf(0x0a, at);
      if (eol < 0) {
        this._pending = Buffer.from(buf.subarray(at));
        return;
      }
      const frame = buf.subarray(at + this._markerBytes.length, eol).toString('latin1');
      buf = buf.subarray(eol + 1);
      if (!this._onFrame(frame)) return;
    }
  }

  /** @returns false once the job is settled (the rest of the chunk belongs to nobody). */
  private _onFrame(frame: string): boolean {
    const job = this._job!;
    const m = /^([PSCX])(?: (\d+))?$/.exec(frame);
    if (!m) {
      this._misbehaved(`a malformed frame (${JSON.stringify(frame.slice(0, 40))})`);
      return false;
    }
    const [, kind, num] = m;
    if (kind === 'C' || kind === 'X') {
      job.notStarted = true;
      return true;
    }
    if (num === undefined) {
      this._misbehaved(`a ${kind} frame without a number`);
      return false;
    }
    if (kind === 'P') {
      job.handlers.onStarted(Number(num));
      return true;
    }
    this._job = undefined;
    this._pending = Buffer.alloc(0);
    job.settle(job.notStarted ? { kind: 'notStarted' } : { kind: 'exited', status: Number(num) });
    return false;
  }

  private _partialMarkerLength(buf: Buffer): number {
    const m = this._markerBytes;
    for (let k = Math.min(m.length - 1, buf.length); k > 0; k--) {
      if (buf.compare(m, 0, k, buf.length - k) === 0) return k;
    }
    return 0;
  }
}
