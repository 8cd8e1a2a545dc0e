import type { AttemptOutcome, OutputStream } from '../schedule/schedulerTypes';
import { describeExit } from '../schedule/schedulerTypes';
import { ProcessGroupRegistry } from './processGroupRegistry';
import { isProcessStartError, ProcessStartError, runProcess } from './processRunner';
import { shellQuote } from './shellQuote';

export interface CommandOptions {
  /** Run by `sh -c`; trusted (the user's setting or flag), thread text only through placeholders. */
  readonly command: string;
  readonly cwd: string;
  /** The whole environment of the command (nothing is inherited implicitly), plus the run marker. */
  readonly env: Readonly<Record<string, string>>;
  /** Written to the command's stdin, which is then closed; empty when absent. */
  readonly stdin?: string;
  /** Aborting kills the command's whole process group (SIGTERM, then SIGKILL). */
  readonly signal?: AbortSignal;
  /** Killed like on abort once this much time has passed; at most `MAX_TIMER_MS`. */
  readonly timeoutMs?: number;
  /** Wait between SIGTERM and SIGKILL; default 3 s. */
  readonly killGraceMs?: number;
  /** Reading of output after the exit while a daemon holds the pipes; default 250 ms. */
  readonly drainMs?: number;
  /** Bytes of output kept (the tail, stdout and stderr interleaved); default 64 KiB. */
  readonly maxOutputBytes?: number;
  readonly onOutput?: (stream: OutputStream, chunk: string) => void;
  /** Tracks the process group while it runs, and marks its processes, so its owner can kill them at shutdown. */
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
  /** True when `timeoutMs` passed and the command was killed; absent means false. */
  readonly timedOut?: boolean;
}

/** The shell could not be started (missing working folder, no `sh`, an environment too big). */
export class CommandStartError extends ProcessStartError {
  readonly isCommandStartError = true;
  constructor(cwd: string, cause: unknown) {
    super('sh', cwd, cause, 'the command');
    this.name = 'CommandStartError';
  }
}

export function isCommandStartError(e: unknown): e is CommandStartError {
  return typeof e === 'object' && e !== null && (e as CommandStartError).isCommandStartError === true;
}

/**
 * Runs `command` with `sh -c` through `runProcess`: the leader of a new process group,
 * fed `stdin`, its output tail captured. On abort or timeout the whole group and what the
 * command moved out of it get SIGTERM, then SIGKILL after the grace period. Resolves when
 * the shell has exited (and its output was drained), also when a daemon it started keeps
 * the pipes open. Never rejects for a failing, killed or timed-out command.
 * @throws CommandStartError when the shell cannot be started.
 * @throws CancellationError when `registry` is disposed, before or while the command runs.
 * @throws BugIndicatingError when `timeoutMs` is beyond what a timer can hold.
 */
export async function runCommand(options: Readonly<CommandOptions>): Promise<CommandResult> {
  const { command, ...rest } = options;
  try {
    return await runProcess({ ...rest, file: 'sh', args: ['-c', command] });
  } catch (e) {
    if (isProcessStartError(e)) throw new CommandStartError(options.cwd, e.cause);
    throw e;
  }
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

/** A command's result as a scheduler attempt outcome: success is exit code 0, not aborted nor timed out. */
export function commandOutcome(result: CommandResult): AttemptOutcome {
  const ok = !result.aborted && !result.timedOut && result.exitCode === 0;
  const error = result.aborted ? 'aborted' : result.timedOut ? 'timed out' : describeExit(result.exitCode, result.signal);
  return {
    ok,
    exitCode: result.exitCode,
    signal: result.signal,
    output: result.output,
    ...(ok ? {} : { error }),
  };
}
