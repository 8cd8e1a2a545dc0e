import * as vscode from 'vscode';
import { hasSuggestion } from '../engine/fix/threadJob';
import { ReviewState } from './reviewState';
import { isThreadDiagnostic } from './diagnostics';

/**
 * Per-thread quick fixes on the lines of a review thread's diagnostic: Apply Suggestion
 * (when the thread has one), Run Thread, Resolve Thread, Reply and Resolve…, Open on GitHub.
 */
export class ThreadQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly _state: ReviewState) {}

  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (!isThreadDiagnostic(d)) continue;
      const t = this._state.thread(d.threadId);
      if (!t) continue;
      const arg = { threadId: t.id };
      const where = `${t.path}:${t.line}`;
      const make = (title: string, command: string, preferred = false) => {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.command = { title, command, arguments: [arg] };
        a.diagnostics = [d];
        a.isPreferred = preferred;
        actions.push(a);
      };
      if (hasSuggestion(t)) make(`Apply Suggestion from ${t.comments[0]?.author ?? 'reviewer'} (${where})`, 'prThreads.applySuggestion', true);
      make(`Run Thread (${where})`, 'prThreads.runThread');
      make('Resolve Thread', 'prThreads.resolveThread');
      make('Reply and Resolve…', 'prThreads.replyAndResolve');
      make('Open Thread on GitHub', 'prThreads.openThreadOnGitHub');
    }
    return actions;
  }
}
