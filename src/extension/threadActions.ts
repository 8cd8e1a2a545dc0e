import * as vscode from 'vscode';
import { applySuggestion, ReviewState, UserFacingError } from '../core';
import { replyAndResolve } from '../github';
import { safeJoin } from './diagnostics';
import { Log } from './output';
import { PullRequestController } from './pullRequestController';

/**
 * Single-thread actions that need no command: apply a suggestion, resolve, reply and
 * resolve. They work in untrusted workspaces too.
 */
export class ThreadActions {
  constructor(
    private readonly _state: ReviewState,
    private readonly _controller: PullRequestController,
    private readonly _log: Log,
  ) {}

  private _thread(id: string | undefined) {
    const t = id ? this._state.thread(id) : undefined;
    if (!t) throw new UserFacingError('That review thread is no longer loaded: Refresh the Review Threads view.');
    return t;
  }

  private _connection() {
    const conn = this._controller.connection;
    if (!conn) throw new UserFacingError('Not connected to GitHub: sign in and Refresh the Review Threads view.');
    return conn;
  }

  /**
   * Applies the thread's suggestion to the file (saved first when it has unsaved edits, so
   * nothing typed is lost) and opens it at the changed lines.
   * @throws SuggestionDoesNotApplyError, NoSuggestionError, PathOutsideRepoError
   */
  async applySuggestion(threadId: string | undefined): Promise<string> {
    const t = this._thread(threadId);
    const conn = this._connection();
    const file = safeJoin(conn.repository.root, t.path);
    const open = file && vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file && d.isDirty);
    if (open) await open.save();
    const result = await applySuggestion({ repoRoot: conn.repository.root, thread: t });
    this._log.info(`${result.changed ? 'applied' : 'already applied:'} suggestion of ${t.path}:${t.line} (${t.id})`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(result.path));
    await vscode.window.showTextDocument(doc, { preview: true, selection: new vscode.Range(Math.max(0, (t.startLine ?? t.line ?? 1) - 1), 0, Math.max(0, (t.startLine ?? t.line ?? 1) - 1), 0) });
    return result.path;
  }

  /**
   * Replies (when `reply` is given) and resolves one thread on GitHub.
   * @throws UserFacingError with GitHub's reason when it refused.
   */
  async resolve(threadId: string | undefined, reply: string | undefined): Promise<void> {
    const t = this._thread(threadId);
    const conn = this._connection();
    const [result] = await replyAndResolve(conn.client, [{ threadId: t.id, reply: reply?.trim() ? reply : undefined }], { intervalMs: 0 });
    if (!result.ok) throw new UserFacingError(`GitHub did not resolve ${t.path}:${t.line ?? ''}: ${result.error ?? 'unknown error'}`);
    this._state.setProgress(new Map([[t.id, { state: 'resolved' }]]));
    this._log.info(`${reply ? 'replied to and ' : ''}resolved ${t.path}:${t.line ?? ''} (${t.id})`);
  }
}
