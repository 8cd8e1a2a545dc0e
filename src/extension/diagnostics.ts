import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { firstLine, ReviewThread } from '../model/thread';
import { ReviewState } from './reviewState';
import { ConfigValue } from './configValue';
import type { GitHubSessions } from './githubSession';
import type { RunHistory } from './runHistory';
import { DiagnosticsSeverity } from './settings';

export const DIAGNOSTIC_SOURCE = 'PR review';

const SEVERITY: Record<Exclude<DiagnosticsSeverity, 'off'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** A diagnostic of ours, carrying the thread it stands for. */
export interface ThreadDiagnostic extends vscode.Diagnostic {
  readonly threadId: string;
}

export function isThreadDiagnostic(d: vscode.Diagnostic): d is ThreadDiagnostic {
  return d.source === DIAGNOSTIC_SOURCE && typeof (d as ThreadDiagnostic).threadId === 'string';
}

/**
 * Shows each unresolved, not-outdated thread as a diagnostic on its lines, so threads
 * appear in the Problems view and offer quick fixes. Follows the ReviewState: resolved
 * threads disappear, a refresh or another PR redraws everything.
 */
export class ThreadDiagnostics extends Disposable {
  private readonly _collection = this._register(vscode.languages.createDiagnosticCollection('prThreads'));

  constructor(
    private readonly _state: ReviewState,
    private readonly _sessions: GitHubSessions,
    private readonly _history: RunHistory,
    private readonly _severity: ConfigValue<DiagnosticsSeverity>,
  ) {
    super();
    this._register(_state.onDidChange(() => this.update()));
    this._register(_history.onDidChange(() => this.update()));
    this._register(_sessions.onDidChange(() => this.update()));
    this._register(_severity.onDidChange(() => this.update()));
  }

  get collection(): vscode.DiagnosticCollection {
    return this._collection;
  }

  update(): void {
    this._collection.clear();
    const severity = this._severity.value;
    const root = this._sessions.current?.repository.root;
    if (severity === 'off' || !root || !this._state.pullRequest) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const t of this._state.threads) {
      if (t.isOutdated || t.line === null || this._history.state(t.id) === 'resolved') continue;
      const file = safeJoin(root, t.path);
      if (!file) continue;
      const list = byFile.get(file) ?? [];
      list.push(this._diagnostic(t, vscode.Uri.file(file), SEVERITY[severity]));
      byFile.set(file, list);
    }
    for (const [file, list] of byFile) this._collection.set(vscode.Uri.file(file), list);
  }

  private _diagnostic(t: ReviewThread, uri: vscode.Uri, severity: vscode.DiagnosticSeverity): ThreadDiagnostic {
    const start = Math.max(0, (t.startLine ?? t.line!) - 1);
    const end = Math.max(start, t.line! - 1);
    // Whole lines: the character range is clamped by the editor to the line's length.
    const range = new vscode.Range(start, 0, end, Number.MAX_SAFE_INTEGER);
    const author = t.comments[0]?.author ?? 'ghost';
    const d = new vscode.Diagnostic(range, `${author}: ${firstLine(t) || '(no text)'}`, severity) as ThreadDiagnostic;
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: 'review thread', target: vscode.Uri.parse(t.url) };
    Object.assign(d, { threadId: t.id });
    // The code's target links the thread on GitHub; the replies show under the diagnostic.
    d.relatedInformation = t.comments.slice(1, 6).map(
      (c) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, range), `${c.author}: ${c.body.split('\n')[0].slice(0, 200)}`),
    );
    return d;
  }
}

/** Joins a thread path under the root, or undefined when it would leave it or enter `.git` (hostile path). */
export function safeJoin(root: string, threadPath: string): string | undefined {
  if (path.isAbsolute(threadPath) || threadPath.includes('\0')) return undefined;
  if (threadPath.split(/[\\/]/).some((part) => part.toLowerCase() === '.git')) return undefined;
  const full = path.resolve(root, threadPath);
  return full.startsWith(root + path.sep) ? full : undefined;
}
