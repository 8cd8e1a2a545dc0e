import * as vscode from 'vscode';
import { UserFacingError } from '../common/errors';
import { applySuggestion } from '../engine/fix/applySuggestion';
import { resolveInRepo } from '../engine/fix/repoPath';
import { isFailedState } from '../model/status';
import { threadLocation } from '../model/thread';
import { resolveByHand } from '../pipeline/resolveByHand';
import { Run } from '../pipeline/run';
import type { GitHubSessions } from './githubSession';
import { Log } from './output';
import { ReviewState } from './reviewState';
import { RunHistory } from './runHistory';

/**
 * Single-thread actions that need no command: apply a suggestion, resolve, reply and
 * resolve. They work in untrusted workspaces too. Resolving goes through a Run, so the
 * views learn of it as of any run.
 */
export class ThreadActions {
  constructor(
    private readonly _state: ReviewState,
    private readonly _sessions: GitHubSessions,
    private readonly _history: RunHistory,
    private readonly _log: Log,
  ) {}

  private _thread(id: string | undefined) {
    const t = id ? this._state.thread(id) : undefined;
    if (!t) throw new UserFacingError('That review thread is no longer loaded: Refresh the Review Threads view.');
    return t;
  }

  private _session() {
    const session = this._sessions.current;
    if (!session) throw new UserFacingError('Not connected to GitHub: sign in and Refresh the Review Threads view.');
    return session;
  }

  /**
   * Applies the thread's suggestion to the file (saved first when it has unsaved edits, so
   * nothing typed is lost) and opens it at the changed lines.
   * @throws SuggestionDoesNotApplyError, NoSuggestionError, PathOutsideRepoError
   */
  async applySuggestion(threadId: string | undefined): Promise<string> {
    const t = this._thread(threadId);
    const root = this._session().repository.root;
    const file = await resolveInRepo(root, t.path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file && d.isDirty);
    if (open) await open.save();
    const result = await applySuggestion({ repoRoot: root, thread: t });
    this._log.info(`${result.changed ? 'applied' : 'already applied:'} suggestion of ${threadLocation(t)} (${t.id})`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(result.path));
    const line = Math.max(0, (t.startLine ?? t.line ?? 1) - 1);
    await vscode.window.showTextDocument(doc, { preview: true, selection: new vscode.Range(line, 0, line, 0) });
    return result.path;
  }

  /**
   * Replies (when `reply` is given) and resolves threads on GitHub, several per request
   * (a multi-selection in the tree is one bulk resolve).
   * @throws UserFacingError naming the threads GitHub refused, after resolving the others.
   */
  async resolve(threadIds: readonly (string | undefined)[], reply: string | undefined): Promise<void> {
    const threads = threadIds.map((id) => this._thread(id));
    const session = this._session();
    const pullRequest = this._state.pullRequest;
    if (!pullRequest) throw new UserFacingError('No pull request is loaded: Refresh the Review Threads view.');
    const run = new Run();
    this._history.add(run);
    const report = await resolveByHand(run, { pullRequest, writer: session.github, requestCounts: session.github.requestCounts }, threads, reply);
    for (const t of report.threads) {
      const where = threadLocation(this._thread(t.id));
      if (t.status === 'resolved') this._log.info(`${reply ? 'replied to and ' : ''}resolved ${where} (${t.id})`);
      else this._log.error(`resolving ${where} (${t.id}) failed: ${t.error ?? report.error ?? 'unknown error'}`);
    }
    if (report.error) throw new UserFacingError(`GitHub stopped taking resolves: ${report.error}`);
    const failed = report.threads.filter((t) => isFailedState(t.status));
    if (failed.length) {
      const list = failed.map((t) => `${threadLocation(this._thread(t.id))} (${t.error ?? 'unknown error'})`).join('; ');
      throw new UserFacingError(`GitHub did not resolve ${failed.length} of ${threads.length} thread(s): ${list}`);
    }
  }
}
