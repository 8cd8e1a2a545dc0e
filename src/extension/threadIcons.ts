import * as vscode from 'vscode';
import type { ThreadRunState } from '../model/status';
import type { ReviewThread } from '../model/thread';

/** The icon of a thread row: its run state, else outdated or plain. */
export function threadIcon(t: ReviewThread, state: ThreadRunState | undefined): vscode.ThemeIcon {
  switch (state) {
    case 'queued':
      return new vscode.ThemeIcon('clock');
    case 'running':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'awaitingReview':
      return new vscode.ThemeIcon('eye', new vscode.ThemeColor('charts.yellow'));
    case 'fixed':
      return new vscode.ThemeIcon('check', new vscode.ThemeColor('charts.green'));
    case 'resolved':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
    case 'failed':
    case 'timeout':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red'));
    case 'conflict':
      return new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('charts.red'));
    case 'rejected':
      return new vscode.ThemeIcon('close');
    case 'skipped':
      return new vscode.ThemeIcon('debug-step-over');
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash');
    default:
      return t.isOutdated ? new vscode.ThemeIcon('history') : new vscode.ThemeIcon('comment-discussion');
  }
}
