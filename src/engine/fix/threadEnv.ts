import { rmSync } from 'node:fs';
import { mkdtemp, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserFacingError } from '../../common/errors';
import { IDisposable } from '../../common/lifecycle';
import { threadToJson } from '../../model/threadJson';
import { ReviewThread } from '../../model/thread';
import { stripNul } from './shellQuote';

/**
 * The most of the body `PRT_BODY` carries, in UTF-8 bytes, cut line included. Linux refuses
 * to start a program with any one environment string of 128 KiB or more (MAX_ARG_STRLEN,
 * E2BIG), and all of them together share one limit with the arguments; 64 KiB leaves room.
 */
export const PRT_BODY_MAX_BYTES = 64 * 1024;

/** The last line of a `PRT_BODY` that was cut. */
export const PRT_BODY_CUT_LINE = '…[cut: the whole body is in $PRT_BODY_FILE]';

/** The file name of the whole body inside the thread's private folder. */
const BODY_FILE_NAME = 'body.md';

export interface ThreadEnvOptions {
  readonly worker: string;
  /** `owner/name`. */
  readonly repo: string;
  readonly pr: number;
  /** Inherited variables (e.g. `process.env`); undefined values are dropped. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
}

/**
 * `body` without NUL characters (no environment can carry them), cut to at most `maxBytes`
 * UTF-8 bytes at a character boundary when it is longer, and then ending in a line of its
 * own, `PRT_BODY_CUT_LINE`.
 */
export function cutBody(body: string, maxBytes = PRT_BODY_MAX_BYTES): { readonly text: string; readonly cut: boolean } {
  const clean = stripNul(body);
  const bytes = Buffer.from(clean, 'utf8');
  if (bytes.length <= maxBytes) return { text: clean, cut: false };
  const suffix = `\n${PRT_BODY_CUT_LINE}`;
  let end = Math.max(0, maxBytes - Buffer.byteLength(suffix));
  // Never split a character: step back to the start of the one the cut falls into.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return { text: `${bytes.toString('utf8', 0, end)}${suffix}`, cut: true };
}

/**
 * `baseEnv` plus the thread as `PRT_THREAD_ID PRT_PATH PRT_LINE PRT_START_LINE PRT_BODY
 * PRT_BODY_FILE PRT_URL PRT_WORKER PRT_REPO PRT_PR` (empty strings for null lines).
 * `PRT_BODY` is the first comment's body, cut by `cutBody`; `bodyFile` names the file with
 * all of it. NUL characters, which no environment can carry, are dropped; the exact text
 * is also on stdin as JSON.
 */
export function threadEnv(thread: ReviewThread, options: ThreadEnvOptions & { readonly bodyFile: string }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.baseEnv)) if (v !== undefined) env[k] = v;
  const prt: Record<string, string> = {
    PRT_THREAD_ID: thread.id,
    PRT_PATH: thread.path,
    PRT_LINE: thread.line === null ? '' : String(thread.line),
    PRT_START_LINE: thread.startLine === null ? '' : String(thread.startLine),
    PRT_BODY: cutBody(firstBody(thread)).text,
    PRT_BODY_FILE: options.bodyFile,
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

/** What a thread's job command is given; disposing it removes the body file. */
export interface ThreadInput extends IDisposable {
  /** `threadEnv`, with `PRT_BODY_FILE` naming `bodyFile`. */
  readonly env: Readonly<Record<string, string>>;
  /** `threadStdinJson`: the whole thread. */
  readonly stdin: string;
  /** The first comment's whole body (mode 0600, in a folder of its own, mode 0700). */
  readonly bodyFile: string;
}

/** The comment body could not be written to a temporary file. */
export class BodyFileError extends UserFacingError {
  readonly isBodyFileError = true;
  constructor(folder: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
    super(`could not write the comment's body to a file in ${folder} (${code}): check that the folder is writable and has space`, { cause });
    this.name = 'BodyFileError';
  }
}

export function isBodyFileError(e: unknown): e is BodyFileError {
  return typeof e === 'object' && e !== null && (e as BodyFileError).isBodyFileError === true;
}

/**
 * The body files of one run's jobs, in one private folder (mode 0700) made on first use: one
 * mkdtemp per run instead of per job, and each file removed with an unlink when its job
 * ends, so the event loop that starts every job never waits for a folder removal. Disposing
 * removes the folder with whatever is left (a job killed at exit).
 */
export class BodyFiles implements IDisposable {
  private _dir: Promise<string> | undefined;
  private _made: string | undefined;
  private _seq = 0;

  constructor(private readonly _root = tmpdir()) {}

  /**
   * Writes `body` to a new file of the folder.
   * @throws BodyFileError when the folder or the file cannot be written.
   */
  async write(body: string): Promise<string> {
    this._dir ??= mkdtemp(join(this._root, 'prt-run-')).then((d) => (this._made = d));
    let dir: string;
    try {
      dir = await this._dir;
    } catch (e) {
      this._dir = undefined;
      throw new BodyFileError(this._root, e);
    }
    const file = join(dir, `${++this._seq}.md`);
    try {
      await writeFile(file, body, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      throw new BodyFileError(dir, e);
    }
    return file;
  }

  dispose(): void {
    if (this._made) rmSync(this._made, { recursive: true, force: true });
    this._made = undefined;
    this._dir = undefined;
  }
}

/**
 * Writes the thread's first comment body to a private file and returns the job command's
 * environment and stdin. The caller disposes the result when the job ends, however it ends
 * (`withThreadInput` does).
 * @param where a run's BodyFiles; else a private folder of its own is made in this
 *   temporary folder (the system's by default) and removed synchronously on dispose, so
 *   that an exit handler may dispose it too.
 * @throws BodyFileError when the file cannot be written.
 */
export async function createThreadInput(thread: ReviewThread, options: ThreadEnvOptions, where: string | BodyFiles = tmpdir()): Promise<ThreadInput> {
  let bodyFile: string;
  let remove: () => void;
  if (where instanceof BodyFiles) {
    // The exact text, NUL characters included: the file is where nothing is lost.
    bodyFile = await where.write(firstBody(thread));
    // A failed unlink leaves the file to the folder's removal at the end of the run.
    remove = () => void unlink(bodyFile).catch(() => undefined);
  } else {
    let dir: string;
    try {
      // mkdtemp makes the folder 0700: other users can neither list nor open what is in it.
      dir = await mkdtemp(join(where, 'prt-thread-'));
    } catch (e) {
      throw new BodyFileError(where, e);
    }
    remove = () => rmSync(dir, { recursive: true, force: true });
    bodyFile = join(dir, BODY_FILE_NAME);
    try {
      await writeFile(bodyFile, firstBody(thread), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      remove();
      throw new BodyFileError(dir, e);
    }
  }
  let disposed = false;
  return {
    env: threadEnv(thread, { ...options, bodyFile }),
    stdin: threadStdinJson(thread),
    bodyFile,
    dispose() {
      if (disposed) return;
      disposed = true;
      remove();
    },
  };
}

/**
 * `createThreadInput`, then `fn`; the body file is removed when `fn` settles, whether it
 * resolved, threw, or its command was killed or timed out.
 * @throws BodyFileError when the file cannot be written; whatever `fn` throws.
 */
export async function withThreadInput<T>(
  thread: ReviewThread,
  options: ThreadEnvOptions,
  fn: (input: ThreadInput) => Promise<T>,
  where?: string | BodyFiles,
): Promise<T> {
  const input = await createThreadInput(thread, options, where);
  try {
    return await fn(input);
  } finally {
    input.dispose();
  }
}

function firstBody(thread: ReviewThread): string {
  return thread.comments[0]?.body ?? '';
}
