import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Worktrees } from '../engine/ports';

export const COMMIT_SCHEME = 'prthreads-commit';

/**
 * Serves files as they are at a commit (`prthreads-commit:/PATH?commit=SHA`), read-only, for
 * the diff editors of Show Changes. A file the commit does not have is empty (added or deleted).
 */
export class CommitFiles extends Disposable implements vscode.TextDocumentContentProvider {
  private _worktrees: Worktrees | undefined;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(COMMIT_SCHEME, this));
  }

  /** Which repository's commits to read (the session's). */
  use(worktrees: Worktrees): void {
    this._worktrees = worktrees;
  }

  /** The URI of `file` (repository-relative) at `commit`. */
  static uri(commit: string, file: string): vscode.Uri {
    return vscode.Uri.from({ scheme: COMMIT_SCHEME, path: `/${file}`, query: new URLSearchParams({ commit }).toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const commit = new URLSearchParams(uri.query).get('commit');
    if (!commit || !this._worktrees) return '';
    const file = path.posix.normalize(uri.path.replace(/^\/+/, ''));
    const bytes = await this._worktrees.fileAt(commit, file);
    return bytes?.toString('utf8') ?? '';
  }
}
