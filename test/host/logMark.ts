import { randomBytes } from 'node:crypto';
import { format } from 'node:util';

/**
 * The workbench sends the driver everything it logs, the extension host's console among
 * dozens of lines of its own chatter (chat, agent host, gallery lookups that fail offline).
 * The suite marks its own lines with a per-run token handed to it in this variable, so that
 * the driver can show them and keep the rest for when something goes wrong.
 */
export const LOG_MARK_VARIABLE = 'PRT_HOST_LOG_MARK';

/** A fresh token: unguessable, so no other process's log line can pass for the suite's. */
export function newLogMark(): string {
  return `[prt:${randomBytes(4).toString('hex')}] `;
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Makes every line written through `console` start with `mark` until the returned function
 * is called. Used inside the extension host, around the suite. The extension host pins its
 * own forwarding `console.log` & co. (assignments to them are ignored), so the global
 * `console` object itself is replaced by one that adds the mark and forwards to it.
 */
export function markConsole(mark: string): () => void {
  const original = globalThis.console;
  const marked = Object.create(original) as Console;
  for (const m of METHODS) {
    const write = original[m];
    Object.defineProperty(marked, m, {
      value: (...args: unknown[]) => write.call(original, mark + format(...args).split('\n').join(`\n${mark}`)),
    });
  }
  globalThis.console = marked;
  return () => {
    globalThis.console = original;
  };
}
