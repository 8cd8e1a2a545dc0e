/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
}

export function writeLines(stream: NodeJS.WritableStream, lines: readonly string[]): void {
  if (lines.length) stream.write(`${lines.join('\n')}\n`);
}
