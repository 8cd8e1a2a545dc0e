import * as vscode from 'vscode';
import { DisposableStore } from '../common/lifecycle';
import { isUserFacingError, oneLine } from '../common/errors';
import { Log } from './output';

/** Shows an expected failure as a message, anything else also in the log with a way to it. */
export async function reportError(log: Log, e: unknown, what: string): Promise<void> {
  const text = `${what}: ${oneLine(e)}`;
  log.error(text);
  if (isUserFacingError(e)) {
    void vscode.window.showErrorMessage(text);
    return;
  }
  const choice = await vscode.window.showErrorMessage(text, 'Show Output');
  if (choice === 'Show Output') log.show();
}

/**
 * Registers commands whose failures are reported to the user (never swallowed, never an
 * unhandled rejection in the host); the command then returns undefined.
 */
export function commandRegistrar(store: DisposableStore, log: Log): (id: string, fn: (...args: unknown[]) => unknown) => void {
  return (id, fn) => {
    store.add(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        await reportError(log, e, id.replace('prThreads.', ''));
        return undefined;
      }
    }));
  };
}
