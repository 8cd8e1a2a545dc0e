import * as vscode from 'vscode';
import { applySuggestion } from '../engine/fix/applySuggestion';
import { ReviewState } from './reviewState';
import { UserFacingError } from '../common/errors';
import { replyAndResolve } from '../github/writes';
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
   * Replies (when `reply` is given) and resolves threads on GitHub, several per request
   * (a multi-selection in the tree is one bulk resolve).
   * @throws UserFacingError naming the threads GitHub refused, after resolving the others.
   */
  async resolve(threadIds: readonly (string | undefined)[], reply: string | undefined): Promise<void> {
    const threads = threadIds.map((id) => this._thread(id));
    const conn = this._connection();
    const results = await replyAndResolve(
      conn.client,
      threads.map((t) => ({ threadId: t.id, reply: reply?.trim() ? reply : undefined })),
      { intervalMs: threads.length > 10 ? 1000 : 0 },
    );
    const failed: string[] = [];
    for (const [i, r] of results.entries()) {
      const t = threads[i];
      if (r.ok) {
        this._state.setProgress(new Map([[t.id, { state: 'resolved' }]]));
        this._log.info(`${reply ? 'replied to and ' : ''}resolved ${t.path}:${t.line ?? ''} (${t.id})`);
      } else {
        this._state.setProgress(new Map([[t.id, { ...this._state.progress(t.id), state: 'failed', error: `resolve failed: ${r.error ?? 'unknown error'}` }]]));
        failed.push(`${t.path}:${t.line ?? ''} (${r.error ?? 'unknown error'})`);
      }
    }
    if (failed.length) throw new UserFacingError(`GitHub did not resolve ${failed.length} of ${threads.length} thread(s): ${failed.join('; ')}`);
  }
}
