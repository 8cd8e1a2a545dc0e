import * as vscode from 'vscode';
import { DisposableStore } from '../common/lifecycle';
import { ReviewState } from './reviewState';
import { commandRegistrar } from './commandRegistry';
import { laneNameOf, threadIdOf } from './commandArgs';
import { Log } from './output';
import { pickLane, pickThread, threadHasSuggestion } from './pickers';
import { RunController } from './runController';
import { Settings } from './settings';
import { DEFAULT_REPLY_TEMPLATE, SHA_PLACEHOLDER } from '../model/options';
import { runHeadline, runSummaryLines } from '../pipeline/runSummary';
import { selectedThreads } from './reviewCommands';
import { ThreadActions } from './threadActions';

export const REPORT_SCHEME = 'prthreads-report';

/**
 * Commands that change things: Run All / Lane / Thread, Stop, Apply Suggestion, Resolve
 * Thread, Reply and Resolve…, Show Timing Report, Open Last Joblog.
 */
export function registerRunCommands(state: ReviewState, runs: RunController, actions: ThreadActions, settings: Settings, log: Log): vscode.Disposable {
  const store = new DisposableStore();
  const reg = commandRegistrar(store, log);
  const setRunning = () => void vscode.commands.executeCommand('setContext', 'prThreads.running', runs.isRunning);
  store.add(runs.onDidStartRun(setRunning));
  store.add(runs.onDidEndRun(setRunning));

  reg('prThreads.runAll', () => runs.start({ kind: 'all' }));
  // From the palette there is no tree item: ask which thread or lane.
  const thread = async (arg: unknown, title: string, filter?: (id: string) => boolean) => threadIdOf(arg) ?? (await pickThread(state, runs.history, title, filter));
  reg('prThreads.runLane', async (arg) => {
    const lane = laneNameOf(arg) ?? (await pickLane(state));
    return lane ? runs.start({ kind: 'lane', lane }) : undefined;
  });
  reg('prThreads.runThread', async (arg, selected) => {
    const many = selectedThreads(arg, selected);
    if (many.length > 1) return runs.start({ kind: 'threads', threadIds: many });
    const threadId = await thread(arg, 'Run Thread');
    return threadId ? runs.start({ kind: 'threads', threadIds: [threadId] }) : undefined;
  });
  reg('prThreads.stop', () => runs.stop());
  reg('prThreads.applySuggestion', async (arg) => {
    const threadId = await thread(arg, 'Apply Suggestion', threadHasSuggestion(state));
    return threadId ? actions.applySuggestion(threadId) : undefined;
  });
  reg('prThreads.resolveThread', async (arg, selected) => {
    const many = selectedThreads(arg, selected);
    if (many.length > 1) return actions.resolve(many, undefined);
    const threadId = await thread(arg, 'Resolve Thread');
    return threadId ? actions.resolve([threadId], undefined) : undefined;
  });
  reg('prThreads.replyAndResolve', async (arg, text?: unknown) => {
    const threadId = await thread(arg, 'Reply and Resolve');
    if (!threadId) return undefined;
    const reply =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({ title: 'Reply and Resolve', prompt: 'Reply posted on the thread before it is resolved', value: settings.replyTemplate.value.replace(SHA_PLACEHOLDER, '').trim() || DEFAULT_REPLY_TEMPLATE, ignoreFocusOut: true });
    if (reply === undefined) return undefined;
    return actions.resolve([threadId], reply);
  });

  const reportChanged = new vscode.EventEmitter<vscode.Uri>();
  store.add(reportChanged);
  const reportLines = () => {
    const last = runs.last;
    return last ? runSummaryLines(last.report, last.run.threads) : [];
  };
  store.add(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
    onDidChange: reportChanged.event,
    provideTextDocumentContent: () => {
      const last = runs.last;
      return last
        ? `PR Thread Runner — timing report of the last run\n\n${runHeadline(last.report)}\n\n${reportLines().join('\n')}\n\nJoblog: ${runs.lastJoblog ?? '(none)'}\n`
        : 'No run has finished in this window yet. Run All from the Review Threads view first.\n';
    },
  }));
  reg('prThreads.showTimingReport', async () => {
    const uri = vscode.Uri.parse(`${REPORT_SCHEME}:Timing Report`);
    reportChanged.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
    return reportLines();
  });
  reg('prThreads.openJoblog', async () => {
    if (!runs.lastJoblog) {
      void vscode.window.showInformationMessage('No run has written a joblog in this window yet.');
      return undefined;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(runs.lastJoblog), { preview: true });
    return runs.lastJoblog;
  });
  return store;
}
