import type { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';

export type OutStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  /** Where --review reads its answers; a terminal when it is one. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: NodeJS.ProcessEnv;
  /** Aborts when prt is told to stop (a signal). */
  readonly signal: AbortSignal;
  /** The signal that stopped prt, if one did: the run then exits 130. */
  readonly stoppedBy?: () => NodeJS.Signals | undefined;
  /** Every process prt starts; its owner kills them all on exit and on a second signal. */
  readonly registry?: ProcessGroupRegistry;
}

export function writeLines(stream: NodeJS.WritableStream, lines: readonly string[]): void {
  if (lines.length) stream.write(`${lines.join('\n')}\n`);
}

/**
 * Makes writes to a pipe whose reader went away (`prt threads --json | head`) quiet: the
 * first EPIPE marks the stream closed and later writes are dropped, instead of an
 * unhandled 'error' event with a stack trace.
 */
export function quietOnClosedPipe<T extends OutStream>(stream: T): T {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'EIO' || e.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw e;
  });
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  (stream as { write: (...args: unknown[]) => boolean }).write = (...args: unknown[]) => {
    if (closed) return false;
    try {
      return write(...args);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ERR_STREAM_DESTROYED') {
        closed = true;
        return false;
      }
      throw e;
    }
  };
  return stream;
}
