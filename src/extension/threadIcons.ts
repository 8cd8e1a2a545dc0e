import * as vscode from 'vscode';
import { ReviewThread } from '../model/thread';
import { ThreadRunState } from '../model/job';

const LABELS: Record<ThreadRunState, string> = {
  queued: 'queued',
  running: 'running',
  fixed: 'fixed',
  resolved: 'resolved',
  failed: 'failed',
  timeout: 'timed out',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

export function threadStateLabel(state: ThreadRunState): string {
  return LABELS[state];
}

/** The icon of a thread row: its run state, else outdated or plain. */
export function threadIcon(t: ReviewThread, state: ThreadRunState | undefined): vscode.ThemeIcon {
  switch (state) {
    case 'queued':
      return new vscode.ThemeIcon('clock');
    case 'running':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'fixed':
      return new vscode.ThemeIcon('check', new vscode.ThemeColor('charts.green'));
    case 'resolved':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
    case 'failed':
    case 'timeout':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red'));
    case 'skipped':
      return new vscode.ThemeIcon('debug-step-over');
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash');
    default:
      return t.isOutdated ? new vscode.ThemeIcon('history') : new vscode.ThemeIcon('comment-discussion');
  }
}
