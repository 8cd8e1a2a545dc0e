import { readFile, stat } from 'node:fs/promises';
import { throwIfAborted } from '../../../common/abort';
import { writeFileAtomic } from '../applySuggestion';
import { isPathOutsideRepoError, resolveInRepo } from '../repoPath';
import type { ChatToolCall, ChatToolSpec } from './chatModel';
import { dominantEol, joinTextLines, newTextLines, replaceTextLines, splitTextLines } from '../textLines';

export const READ_LINES = 'read_lines';
export const REPLACE_LINES = 'replace_lines';

/** Bounds on what the model may ask of a tool (its arguments are hostile, like the thread). */
export const TOOL_LIMITS = Object.freeze({
  /** Characters of a path argument. */
  pathChars: 1024,
  /** Bytes of a file the tools read or edit. */
  fileBytes: 4 * 1024 * 1024,
  /** Lines one read returns. */
  readLines: 500,
  /** Characters one read returns. */
  readChars: 64 * 1024,
  /** Characters of `newText`. */
  newTextChars: 256 * 1024,
});

/** The two tools, as the model sees them. */
export const LINE_TOOLS: readonly ChatToolSpec[] = Object.freeze([
  {
    name: READ_LINES,
    description: `Read lines of a file of the repository, numbered (1-based, inclusive range; at most ${TOOL_LIMITS.readLines} lines per call).`,
    inputSchema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the repository root, e.g. src/app.ts' },
        startLine: { type: 'integer', minimum: 1, description: 'First line to read (1-based)' },
        endLine: { type: 'integer', minimum: 1, description: 'Last line to read (inclusive)' },
      },
      required: ['path', 'startLine', 'endLine'],
      additionalProperties: false,
    },
  },
  {
    name: REPLACE_LINES,
    description:
      'Replace lines startLine..endLine (1-based, inclusive) of an existing file of the repository with newText ' +
      '(its lines, without line numbers; "" deletes the lines). endLine = startLine - 1 inserts newText before ' +
      'startLine without replacing anything. Line numbers after the range shift: read again before another edit.',
    inputSchema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the repository root' },
        startLine: { type: 'integer', minimum: 1, description: 'First line to replace (1-based)' },
        endLine: { type: 'integer', minimum: 0, description: 'Last line to replace (inclusive)' },
        newText: { type: 'string', description: 'The new lines' },
      },
      required: ['path', 'startLine', 'endLine', 'newText'],
      additionalProperties: false,
    },
  },
]);

/** What running one tool call gave. */
export interface ToolRun {
  /** The tool result the model gets: the output, or `error: …` saying why it was refused. */
  readonly result: string;
  /** One line for the job's output (hostile values quoted). */
  readonly log: string;
  readonly ok: boolean;
  /** True when a file's content changed. */
  readonly changed: boolean;
}

/** A tool call the tool refuses; its message goes back to the model. */
class ToolRefusal extends Error {}

/** The path quoted for a message: JSON escapes control characters; capped (it is hostile). */
function quote(p: string): string {
  return JSON.stringify(p.length > 200 ? `${p.slice(0, 200)}…` : p);
}

function argsOf(call: ChatToolCall): Record<string, unknown> {
  const input = call.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ToolRefusal('the input must be a JSON object');
  return input as Record<string, unknown>;
}

function pathArg(args: Record<string, unknown>): string {
  const p = args.path;
  if (typeof p !== 'string' || p.length === 0) throw new ToolRefusal('"path" must be a non-empty string');
  if (p.length > TOOL_LIMITS.pathChars) throw new ToolRefusal(`"path" is longer than ${TOOL_LIMITS.pathChars} characters`);
  return p;
}

function lineArg(args: Record<string, unknown>, name: string, min: number): number {
  const v = args[name];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ToolRefusal(`"${name}" must be a whole number ≥ ${min}`);
  return v;
}

/** Errors a path the model chose can cause, as refusals; anything else as it is. */
function refusalForFsError(e: unknown, p: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ToolRefusal(`${quote(p)} does not exist (these tools edit existing files only)`);
  if (code === 'ENAMETOOLONG' || code === 'ELOOP' || code === 'EACCES' || code === 'EPERM') return new ToolRefusal(`${quote(p)} cannot be opened (${code})`);
  return e;
}

/**
 * The file's lines, from the worktree.
 * @throws ToolRefusal for a path outside the worktree or into its git directory (checked
 *   with resolveInRepo, symlinks followed), a missing, special, oversized or non-UTF-8 file.
 */
async function openText(workdir: string, p: string) {
  let file: string;
  try {
    file = await resolveInRepo(workdir, p);
  } catch (e) {
    if (isPathOutsideRepoError(e)) {
      throw new ToolRefusal(e.into === 'gitDir' ? `path ${quote(p)} leads into the git directory: refused` : `path ${quote(p)} is outside the repository: refused`);
    }
    throw refusalForFsError(e, p);
  }
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    throw refusalForFsError(e, p);
  }
  if (!info.isFile()) throw new ToolRefusal(`${quote(p)} is not a regular file`);
  if (info.size > TOOL_LIMITS.fileBytes) throw new ToolRefusal(`${quote(p)} is larger than ${TOOL_LIMITS.fileBytes} bytes`);
  const bytes = await readFile(file);
  const text = bytes.toString('utf8');
  // Decoding replaces invalid bytes; writing that back would corrupt the file.
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new ToolRefusal(`${quote(p)} is not UTF-8 text`);
  return { file, bytes, text, lines: splitTextLines(text) };
}

async function readLines(workdir: string, args: Record<string, unknown>): Promise<Omit<ToolRun, 'ok' | 'changed'>> {
  const p = pathArg(args);
  const start = lineArg(args, 'startLine', 1);
  const end = lineArg(args, 'endLine', 1);
  if (end < start) throw new ToolRefusal('"endLine" must not be less than "startLine"');
  const { lines } = await openText(workdir, p);
  if (lines.length === 0) return { result: `${p} is empty (0 lines)`, log: `read ${quote(p)}: empty` };
  if (start > lines.length) throw new ToolRefusal(`line ${start} is past the end: ${quote(p)} has ${lines.length} lines`);
  let last = Math.min(end, lines.length, start + TOOL_LIMITS.readLines - 1);
  const width = String(last).length;
  const out: string[] = [];
  let chars = 0;
  for (let n = start; n <= last; n++) {
    const row = `${String(n).padStart(width)}| ${lines[n - 1].text}`;
    if (chars + row.length > TOOL_LIMITS.readChars && n > start) {
      last = n - 1;
      break;
    }
    out.push(row.length > TOOL_LIMITS.readChars ? `${row.slice(0, TOOL_LIMITS.readChars)}… (line cut)` : row);
    chars += row.length + 1;
  }
  const more = last < Math.min(end, lines.length) ? ` (shown up to line ${last}: read from ${last + 1} for more)` : '';
  const head = `${p}, lines ${start}–${last} of ${lines.length}${more}:`;
  return { result: `${head}\n${out.join('\n')}`, log: `read ${quote(p)}:${start}-${last}` };
}

async function replaceLines(workdir: string, args: Record<string, unknown>, signal: AbortSignal): Promise<Omit<ToolRun, 'ok'>> {
  const p = pathArg(args);
  const start = lineArg(args, 'startLine', 1);
  const end = lineArg(args, 'endLine', 0);
  const newText = args.newText;
  if (typeof newText !== 'string') throw new ToolRefusal('"newText" must be a string');
  if (newText.length > TOOL_LIMITS.newTextChars) throw new ToolRefusal(`"newText" is longer than ${TOOL_LIMITS.newTextChars} characters`);
  if (newText.includes('\0')) throw new ToolRefusal('"newText" holds a NUL character: these tools edit text files only');
  if (end < start - 1) throw new ToolRefusal('"endLine" must be ≥ "startLine" (or startLine - 1 to insert)');
  const { file, bytes, text, lines } = await openText(workdir, p);
  if (start > lines.length + 1) throw new ToolRefusal(`line ${start} is past the end: ${quote(p)} has ${lines.length} lines`);
  if (end > lines.length) throw new ToolRefusal(`line ${end} is past the end: ${quote(p)} has ${lines.length} lines`);
  const replacement = newTextLines(newText);
  const updated = joinTextLines(replaceTextLines(lines, start - 1, end - start + 1, replacement, dominantEol(text)));
  const output = Buffer.from(updated, 'utf8');
  if (output.length > TOOL_LIMITS.fileBytes) throw new ToolRefusal(`the edit would make ${quote(p)} larger than ${TOOL_LIMITS.fileBytes} bytes`);
  const what = end < start ? `inserted ${replacement.length} line(s) before line ${start}` : `replaced lines ${start}–${end} with ${replacement.length} line(s)`;
  if (output.equals(bytes)) {
    return { result: `no change: ${p} already holds that text`, log: `replace ${quote(p)}:${start}-${end}: no change`, changed: false };
  }
  throwIfAborted(signal);
  await writeFileAtomic(file, output);
  const now = splitTextLines(updated).length;
  return { result: `${what} in ${p}; it now has ${now} lines`, log: `edit ${quote(p)}: ${what}`, changed: true };
}

/**
 * Runs one of the two tools in `workdir` (the job's worktree). Every path is checked with
 * resolveInRepo (nothing outside the worktree, nothing in `.git` in any form, no symlink out);
 * line numbers and sizes are validated; a write is atomic. A refusal is not an error of the
 * run: it is the tool's result, so that the model can correct itself.
 * @throws CancellationError when `signal` aborts before a write; filesystem errors that are
 *   not the model's doing (EACCES on the worktree…).
 */
export async function runLineTool(call: ChatToolCall, workdir: string, signal: AbortSignal): Promise<ToolRun> {
  const name = typeof call.name === 'string' ? call.name : '';
  try {
    const args = argsOf(call);
    if (name === READ_LINES) return { ...(await readLines(workdir, args)), ok: true, changed: false };
    if (name === REPLACE_LINES) return { ...(await replaceLines(workdir, args, signal)), ok: true };
    throw new ToolRefusal(`there is no tool ${quote(name)}: use ${READ_LINES} or ${REPLACE_LINES}`);
  } catch (e) {
    if (!(e instanceof ToolRefusal)) throw e;
    return { result: `error: ${e.message}`, log: `refused ${quote(name)}: ${e.message}`, ok: false, changed: false };
  }
}
