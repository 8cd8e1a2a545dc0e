import { randomBytes } from 'node:crypto';
import { chown, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { throwIfAborted } from '../../common/abort';
import { UserFacingError } from '../../common/errors';
import { ReviewThread } from '../../model/thread';
import { resolveInRepo } from './repoPath';
import { parseSuggestions } from './suggestion';
import { dominantEol, joinTextLines, replaceTextLines, splitTextLines, type TextLine } from './textLines';

/** The thread's first comment holds no suggestion block. */
export class NoSuggestionError extends UserFacingError {
  readonly isNoSuggestionError = true;
  constructor() {
    super('thread has no suggestion');
    this.name = 'NoSuggestionError';
  }
}

export function isNoSuggestionError(e: unknown): e is NoSuggestionError {
  return typeof e === 'object' && e !== null && (e as NoSuggestionError).isNoSuggestionError === true;
}

/** The suggestion cannot be applied to the file as it is now; the file was not touched. */
export class SuggestionDoesNotApplyError extends UserFacingError {
  readonly isSuggestionDoesNotApplyError = true;
  constructor(readonly reason: string) {
    super(`suggestion does not apply: ${reason}`);
    this.name = 'SuggestionDoesNotApplyError';
  }
}

export function isSuggestionDoesNotApplyError(e: unknown): e is SuggestionDoesNotApplyError {
  return (
    typeof e === 'object' && e !== null && (e as SuggestionDoesNotApplyError).isSuggestionDoesNotApplyError === true
  );
}

export interface ApplySuggestionOptions {
  /** The repository's working tree; the file must resolve inside it. */
  readonly repoRoot: string;
  readonly thread: ReviewThread;
  readonly signal?: AbortSignal;
}

export interface ApplySuggestionResult {
  /** Absolute, symlink-free path of the file. */
  readonly path: string;
  /** False when the file already held the suggested text (nothing was written). */
  readonly changed: boolean;
}

/**
 * Applies the suggestion of the thread's first comment to the working tree, as GitHub's
 * "Commit suggestion" would: the lines `startLine..line` (1-based, right side) are replaced
 * by the block's lines. The first comment is the one the thread is anchored on and the
 * reviewer's request; replies may carry counter-proposals, and choosing among them would
 * be guessing.
 *
 * The commented lines are checked against the thread's diff hunk. When an earlier fix in
 * the same file moved them, the unique place where they now are is used instead. Line
 * endings (CRLF stays CRLF) and the final-newline state are kept; the write is atomic and
 * keeps the file mode, so on any failure the file is untouched.
 *
 * @throws NoSuggestionError when the first comment has no suggestion block.
 * @throws SuggestionDoesNotApplyError when the thread is outdated, on the LEFT side, has no
 *   line, holds several blocks, or the commented lines are not (uniquely) in the file.
 * @throws PathOutsideRepoError when the thread's path leads outside `repoRoot`.
 * @throws CancellationError when `signal` aborts before the write.
 */
export async function applySuggestion(options: ApplySuggestionOptions): Promise<ApplySuggestionResult> {
  const { repoRoot, thread, signal } = options;
  throwIfAborted(signal);
  const suggestions = parseSuggestions(thread.comments[0]?.body ?? '');
  if (suggestions.length === 0) throw new NoSuggestionError();
  if (suggestions.length > 1) {
    throw new SuggestionDoesNotApplyError(
      `the comment holds ${suggestions.length} alternative suggestions; apply the one you want by hand`,
    );
  }
  if (thread.isOutdated) throw new SuggestionDoesNotApplyError('the thread is outdated (the code changed since the review)');
  if (thread.line === null) throw new SuggestionDoesNotApplyError('the thread has no line in the current diff');
  if (thread.diffSide === 'LEFT') {
    throw new SuggestionDoesNotApplyError('the comment is on removed lines (the left side of the diff)');
  }
  const last = thread.line;
  const first = thread.startLine ?? last;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || first > last) {
    throw new SuggestionDoesNotApplyError(`the line range ${first}–${last} is not valid`);
  }

  const file = await resolveInRepo(repoRoot, thread.path);
  const original = await readRegularFile(file, thread.path);
  const text = original.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(original)) {
    // Decoding would replace the invalid bytes; writing back would corrupt the file.
    throw new SuggestionDoesNotApplyError(`${JSON.stringify(thread.path)} is not UTF-8 text`);
  }
  const lines = splitTextLines(text);
  const range = locateRange(lines, first - 1, last - 1, thread.diffHunk);

  const updated = replaceTextLines(lines, range.start, range.end - range.start + 1, suggestions[0].lines, dominantEol(text));
  const output = Buffer.from(joinTextLines(updated), 'utf8');
  if (output.equals(original)) return { path: file, changed: false };
  throwIfAborted(signal);
  await writeFileAtomic(file, output);
  return { path: file, changed: true };
}

/** Where the commented lines (0-based, inclusive) are in the file now. */
function locateRange(lines: readonly TextLine[], start: number, end: number, diffHunk: string | undefined) {
  const count = end - start + 1;
  const shown = diffHunk === undefined ? [] : rightSideLines(diffHunk);
  // The hunk ends at the commented line; when it shows fewer lines than the range, check
  // the part it shows and take the lines above it on trust.
  const expected = shown.slice(Math.max(0, shown.length - count));
  if (expected.length === 0) {
    // No hunk to compare with: GitHub's line numbers are all there is.
    if (end >= lines.length) {
      const which = start === end ? `line ${end + 1} is` : `lines ${start + 1}–${end + 1} are`;
      throw new SuggestionDoesNotApplyError(`${which} not in the file (it has ${lines.length} lines)`);
    }
    return { start, end };
  }
  const above = count - expected.length;
  const matchesAt = (tailStart: number) =>
    tailStart - above >= 0 &&
    tailStart + expected.length <= lines.length &&
    expected.every((want, k) => lines[tailStart + k].text === want);

  const tailStart = end - expected.length + 1;
  if (matchesAt(tailStart)) return { start, end };
  // An earlier fix in this file may have moved the lines: accept one exact occurrence only.
  const found: number[] = [];
  for (let p = 0; p + expected.length <= lines.length && found.length < 2; p++) {
    if (matchesAt(p)) found.push(p);
  }
  if (found.length !== 1) throw new SuggestionDoesNotApplyError('the commented lines changed');
  return { start: found[0] - above, end: found[0] + expected.length - 1 };
}

/** The lines of the hunk's right side (context and added lines), prefixes stripped. */
function rightSideLines(diffHunk: string): string[] {
  const raw = diffHunk.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  const out: string[] = [];
  for (const line of raw) {
    // A CRLF file's diff carries each line's CR; the file lines are compared without it.
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l.startsWith('+') || l.startsWith(' ')) out.push(l.slice(1));
    // Some producers trim a blank context line's leading space away.
    else if (l === '') out.push('');
    // `@@` headers, removed lines and "\ No newline at end of file" are not on the right side.
  }
  return out;
}

async function readRegularFile(file: string, threadPath: string): Promise<Buffer> {
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new SuggestionDoesNotApplyError(`${JSON.stringify(threadPath)} does not exist in the working tree`);
    }
    throw e;
  }
  if (!info.isFile()) throw new SuggestionDoesNotApplyError(`${JSON.stringify(threadPath)} is not a regular file`);
  return readFile(file);
}

/** Seams for tests; production code passes nothing. */
export interface AtomicWriteHooks {
  /** Replaces `fs.rename` (tests make it fail to check that no temp file is left). */
  readonly rename?: (from: string, to: string) => Promise<void>;
}

/**
 * Replaces `target`'s content with `data` so that readers and crashes see either the old
 * or the new file, never a mix: a temp file in the same folder (same filesystem, so the
 * rename is atomic) is written, fsynced, given the old mode (and owner, when root), and
 * renamed over the target. On failure the temp file is removed and the target untouched.
 * @throws the filesystem error; the target is untouched then.
 */
export async function writeFileAtomic(target: string, data: Uint8Array, hooks: AtomicWriteHooks = {}): Promise<void> {
  const info = await stat(target);
  const mode = info.mode & 0o7777;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.prt-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      // The umask may have narrowed the mode given to open.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (process.getuid?.() === 0) await chown(temp, info.uid, info.gid);
    await (hooks.rename ?? rename)(temp, target);
  } catch (e) {
    await removeTemp(temp, e);
    throw e;
  }
}

async function removeTemp(temp: string, cause: unknown): Promise<void> {
  try {
    await unlink(temp);
  } catch (e) {
    // ENOENT: the temp was never created (open failed), which is what we want.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AggregateError([cause, e], `could not write ${temp}, nor remove it`);
    }
  }
}
