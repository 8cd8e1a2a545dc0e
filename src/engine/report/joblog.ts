import { FileHandle, open, readFile } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { BugIndicatingError, UserFacingError } from '../../common/errors';
import { ReviewThread } from '../../model/thread';
import { JobResult } from '../../model/job';

/** GNU parallel's `--joblog` header, tab-separated. */
export const JOBLOG_HEADER = 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand';

/** One job as GNU parallel's `--joblog` records it. */
export interface JoblogRow {
  /** The job's 1-based position in the input (the run's thread order), not its finish order. */
  readonly seq: number;
  /** `:` for the local machine. */
  readonly host: string;
  /** Epoch seconds when the job started. */
  readonly startTime: number;
  /** Seconds from start to end. */
  readonly runtime: number;
  readonly send: number;
  /** Bytes of output the job produced. */
  readonly receive: number;
  /** Exit code; -1 when the process gave none (killed, timed out, never ran its command). */
  readonly exitval: number;
  /** Number of the signal that ended the job, 0 when none. */
  readonly signal: number;
  /** `prt-thread ID PATH:LINE [COMMAND]`, on one line. */
  readonly command: string;
}

/** A row read back from a joblog file. */
export interface JoblogEntry extends JoblogRow {
  /** The thread named by the row's command. */
  readonly threadId: string;
  /** 1-based line of the file the row was read from. */
  readonly lineNumber: number;
}

/** A joblog that is not in GNU parallel's format (or does not name threads). */
export class MalformedJoblogError extends UserFacingError {
  readonly isMalformedJoblogError = true;
  constructor(readonly file: string, readonly lineNumber: number, reason: string) {
    super(`joblog ${file} line ${lineNumber} is malformed (${reason}): fix or delete that line, or start a new joblog`);
    this.name = 'MalformedJoblogError';
  }
}

export function isMalformedJoblogError(e: unknown): e is MalformedJoblogError {
  return typeof e === 'object' && e !== null && (e as MalformedJoblogError).isMalformedJoblogError === true;
}

const COMMAND_PREFIX = 'prt-thread ';
const THREAD_IN_COMMAND = /^prt-thread (\S+)/;

/**
 * The Command column for a thread's job: `prt-thread ID PATH:LINE` and the user's command,
 * with control characters (tabs and newlines above all) turned into spaces so that one row
 * stays one line of tab-separated fields. GNU parallel writes NUL for a newline instead;
 * a space keeps the log readable with `cut` and `grep`.
 */
export function joblogCommand(thread: Pick<ReviewThread, 'id' | 'path' | 'line' | 'originalLine'>, userCommand?: string): string {
  const line = thread.line ?? thread.originalLine;
  const where = line === null ? thread.path : `${thread.path}:${line}`;
  const text = [COMMAND_PREFIX + thread.id, where, userCommand].filter((p) => p !== undefined && p !== '').join(' ');
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** What `toJoblogRow` needs besides the result. */
export interface JoblogJob {
  /** The job's 1-based position in the run's thread order. */
  readonly seq: number;
  readonly thread: Pick<ReviewThread, 'id' | 'path' | 'line' | 'originalLine'>;
  /** Bytes of output when known in full (`result.output` is only a tail); defaults to the tail's size. */
  readonly receivedBytes?: number;
}

/**
 * The joblog row for a finished job, or undefined for a job that never started (skipped,
 * or cancelled while queued): GNU parallel logs only jobs that ran, and `threadsToRerun`
 * reruns threads missing from the log anyway.
 *
 * Like GNU parallel, a job ended by a signal gets that signal's number and exit value -1
 * when the process gave no exit code. A job that did not end `fixed` never gets exit value
 * 0 with signal 0 (it would look successful to `--resume-failed`): it gets -1.
 */
export function toJoblogRow(result: JobResult, job: JoblogJob): JoblogRow | undefined {
  if (job.thread.id !== result.threadId) {
    throw new BugIndicatingError(`joblog row for ${result.threadId} built with thread ${job.thread.id}`);
  }
  if (result.status === 'skipped' || result.startedAt === null) return undefined;
  const signal = signalNumber(result.signal);
  let exitval = result.exitCode ?? (result.status === 'fixed' ? 0 : -1);
  if (result.status !== 'fixed' && exitval === 0 && signal === 0) exitval = -1;
  return {
    seq: job.seq,
    host: ':',
    startTime: result.startedAt / 1000,
    runtime: Math.trunc(result.durationMs) / 1000,
    send: 0,
    receive: job.receivedBytes ?? Buffer.byteLength(result.output ?? '', 'utf8'),
    exitval,
    signal,
    command: joblogCommand(job.thread, result.command),
  };
}

function signalNumber(name: string | null): number {
  if (name === null) return 0;
  const n = (osConstants.signals as Record<string, number | undefined>)[name];
  if (n === undefined) throw new BugIndicatingError(`unknown signal name ${JSON.stringify(name)}`);
  return n;
}

/**
 * One row as GNU parallel prints it, newline included: `%.3f` start time, `%10.3f` run
 * time (GNU parallel 20221122 `print_joblog`), integers as is.
 */
export function formatJoblogRow(row: JoblogRow): string {
  const command = row.command.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return [
    row.seq,
    row.host,
    row.startTime.toFixed(3),
    row.runtime.toFixed(3).padStart(10),
    row.send,
    row.receive,
    row.exitval,
    row.signal,
    command,
  ].join('\t') + '\n';
}

/**
 * Appends job rows to a GNU-parallel-format joblog as jobs finish, each row with a single
 * write so that a crash leaves whole rows. Rows are written in `append` order.
 */
export class JoblogWriter {
  private _pending: Promise<unknown> = Promise.resolve();
  private _closed?: Promise<void>;

  private constructor(private readonly _handle: FileHandle) {}

  /**
   * Opens `file` for a run. A new run truncates it and writes the header, as GNU parallel
   * does; `resume` (for `--resume-failed`) appends to an existing log and writes the header
   * only when the file is new or empty.
   * @throws the filesystem error when the file cannot be opened or written.
   */
  static async open(file: string, options: { readonly resume?: boolean } = {}): Promise<JoblogWriter> {
    const handle = await open(file, options.resume ? 'a+' : 'w');
    try {
      const { size } = await handle.stat();
      if (size === 0) {
        await writeAll(handle, JOBLOG_HEADER + '\n');
      } else {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        // A run killed mid-write may have left a partial line; start ours on a fresh one.
        if (last[0] !== 0x0a) await writeAll(handle, '\n');
      }
    } catch (e) {
      await handle.close();
      throw e;
    }
    return new JoblogWriter(handle);
  }

  /**
   * Writes `row` after the rows appended before it.
   * @throws the filesystem error of this row's write.
   */
  append(row: JoblogRow): Promise<void> {
    if (this._closed) throw new BugIndicatingError('JoblogWriter.append after close');
    const text = formatJoblogRow(row);
    const write = this._pending.then(() => writeAll(this._handle, text));
    // The next row waits for this one whether or not it failed; the failure goes to this caller.
    this._pending = write.then(
      () => undefined,
      () => undefined,
    );
    return write;
  }

  /**
   * Waits for pending rows, fsyncs and closes the file. Safe to call twice.
   * @throws the filesystem error of the fsync or close.
   */
  close(): Promise<void> {
    this._closed ??= this._pending.then(async () => {
      try {
        await this._handle.sync();
      } finally {
        await this._handle.close();
      }
    });
    return this._closed;
  }
}

async function writeAll(handle: FileHandle, text: string): Promise<void> {
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  // One write in practice; the loop only guards against a short write.
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
    offset += bytesWritten;
  }
}

/**
 * The rows of a joblog, in file order. Like GNU parallel, a missing or empty file means
 * that nothing has run yet: no rows.
 * @throws MalformedJoblogError naming the first line that is not a joblog row of ours.
 */
export async function readJoblog(file: string): Promise<JoblogEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== JOBLOG_HEADER) {
    throw new MalformedJoblogError(file, 1, 'expected the GNU parallel joblog header');
  }
  return lines.slice(1).map((line, i) => parseRow(file, line, i + 2));
}

const UINT = /^\d+$/;
const INT = /^-?\d+$/;
const SECONDS = /^ *-?\d+(?:\.\d+)?$/;

function parseRow(file: string, line: string, lineNumber: number): JoblogEntry {
  const fail = (reason: string) => new MalformedJoblogError(file, lineNumber, reason);
  const fields = line.split('\t');
  if (fields.length < 9) throw fail(`${fields.length} tab-separated fields instead of 9`);
  const [seq, host, startTime, runtime, send, receive, exitval, signal] = fields;
  const command = fields.slice(8).join('\t');
  if (!UINT.test(seq) || Number(seq) < 1) throw fail('Seq is not a positive integer');
  if (host === '') throw fail('Host is empty');
  if (!SECONDS.test(startTime)) throw fail('Starttime is not a number');
  if (!SECONDS.test(runtime)) throw fail('JobRuntime is not a number');
  if (!UINT.test(send) || !UINT.test(receive)) throw fail('Send or Receive is not a byte count');
  if (!INT.test(exitval)) throw fail('Exitval is not an integer');
  if (!UINT.test(signal)) throw fail('Signal is not a number');
  const named = THREAD_IN_COMMAND.exec(command);
  if (!named) throw fail('the Command does not name a thread (prt-thread ID …)');
  return {
    seq: Number(seq),
    host,
    startTime: Number(startTime),
    runtime: Number(runtime),
    send: Number(send),
    receive: Number(receive),
    exitval: Number(exitval),
    signal: Number(signal),
    command,
    threadId: named[1],
    lineNumber,
  };
}

/**
 * The threads `--resume-failed` runs again, in `allThreadIds` order: those whose last row
 * in the log failed (Exitval ≠ 0 or Signal ≠ 0) and those the log does not name. Rows of
 * threads no longer in `allThreadIds` (resolved since) are ignored.
 */
export function threadsToRerun(rows: readonly JoblogRow[], allThreadIds: readonly string[]): string[] {
  const last = new Map<string, JoblogRow>();
  for (const row of rows) {
    const id = THREAD_IN_COMMAND.exec(row.command)?.[1];
    if (id !== undefined) last.set(id, row);
  }
  return allThreadIds.filter((id) => {
    const row = last.get(id);
    return row === undefined || row.exitval !== 0 || row.signal !== 0;
  });
}
