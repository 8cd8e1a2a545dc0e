import * as vscode from 'vscode';
import { DisposableStore } from '../common/lifecycle';
import { EditorReviewer } from './editorReviewer';
import { GitHubAuth } from './auth';
import { registerBrowseCommands } from './browseCommands';
import { ThreadDiagnostics } from './diagnostics';
import { LaneDragAndDrop } from './dragAndDrop';
import { GitContext } from './git';
import { GitHubSessions } from './githubSession';
import { selectChatModel } from './languageModelChat';
import { LanguageModelFixer } from '../engine/fix/languageModel/languageModelFixer';
import { Log } from './output';
import { PullRequestController } from './pullRequestController';
import { ThreadQuickFixes } from './quickFixes';
import { ReviewState } from './reviewState';
import { registerReviewCommands } from './reviewCommands';
import { registerRunCommands } from './runCommands';
import { RunController } from './runController';
import { RunHistory } from './runHistory';
import { RunOutput } from './runOutput';
import { RunProgress } from './runProgress';
import { RunStatusBar } from './runStatusBar';
import { Settings } from './settings';
import { ThreadActions } from './threadActions';
import { ThreadTreeProvider } from './threadTree';
import { WorkspaceTrust } from './trust';

/** What activate() returns: the objects tests and other extensions may read. */
export interface PrThreadsApi {
  readonly state: ReviewState;
  readonly controller: PullRequestController;
  readonly sessions: GitHubSessions;
  readonly history: RunHistory;
  readonly runs: RunController;
  readonly reviewer: EditorReviewer;
  readonly progress: RunProgress;
  readonly log: Log;
  readonly treeView: vscode.TreeView<unknown>;
  readonly tree: ThreadTreeProvider;
  readonly dragAndDrop: LaneDragAndDrop;
  readonly diagnostics: ThreadDiagnostics;
  readonly quickFixes: ThreadQuickFixes;
  readonly trust: WorkspaceTrust;
}

/** The composition root: builds every object once and hands it to whoever needs it. */
export function activate(context: vscode.ExtensionContext): PrThreadsApi {
  const store = new DisposableStore();
  context.subscriptions.push(store);

  const log = store.add(new Log());
  const settings = store.add(new Settings());
  const trust = store.add(new WorkspaceTrust());
  const state = store.add(new ReviewState({ workers: settings.workers.value, strategy: settings.strategy.value }));
  const history = store.add(new RunHistory());
  const auth = store.add(new GitHubAuth(settings.enterpriseUrl, log));
  const git = store.add(new GitContext(log));
  const sessions = store.add(new GitHubSessions(auth, git));
  const controller = store.add(new PullRequestController(state, sessions, git, log, auth.onDidChange));
  store.add(state.onDidChange((e) => {
    if (e.kind === 'data') history.reconcile(state.threads, e.samePullRequest);
  }));

  const tree = store.add(new ThreadTreeProvider(state, history, sessions, controller));
  const dragAndDrop = new LaneDragAndDrop(state);
  const treeView = store.add(
    vscode.window.createTreeView('prThreads.threads', { treeDataProvider: tree, dragAndDropController: dragAndDrop, showCollapseAll: true, canSelectMany: true }),
  );
  store.add(controller.onDidChangeStatus((s) => {
    treeView.message =
      s.kind === 'error' ? s.message : s.kind === 'loading' && !state.pullRequest ? 'Loading review threads…' : !trust.isTrusted && s.kind === 'ready' ? 'Restricted Mode: browsing, suggestions, replies and resolves work; no command runs until you trust this workspace.' : undefined;
  }));
  // The first load happens when the view is first shown (activation itself makes no request).
  const loadOnce = () => {
    if (treeView.visible && controller.status.kind === 'idle') void controller.refresh();
  };
  store.add(treeView.onDidChangeVisibility(loadOnce));
  loadOnce();
  const replanFromSettings = () => state.replan({ workers: settings.workers.value, strategy: settings.strategy.value });
  store.add(settings.workers.onDidChange(replanFromSettings));
  store.add(settings.strategy.onDidChange(replanFromSettings));

  const diagnostics = store.add(new ThreadDiagnostics(state, sessions, history, settings.diagnosticsSeverity));
  const quickFixes = new ThreadQuickFixes(state);
  store.add(vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, quickFixes, ThreadQuickFixes.metadata));

  const reviewer = store.add(new EditorReviewer());
  const runs = store.add(new RunController(context, state, sessions, history, settings, trust, reviewer, log));
  // prThreads.fixer = languageModel: the model is chosen when a run starts, from the settings then.
  runs.useLanguageModelFixer(async (_session, pr) => {
    const model = await selectChatModel(settings.languageModel.value, context.languageModelAccessInformation);
    return new LanguageModelFixer({ model, maxTurns: settings.languageModelMaxTurns.value, repo: `${pr.owner}/${pr.repo}`, pr: pr.number });
  });
  store.add(new RunOutput(runs, log));
  store.add(new RunStatusBar(runs));
  const progress = store.add(new RunProgress(runs, reviewer));
  const actions = new ThreadActions(state, sessions, history, log);
  store.add(registerBrowseCommands(state, controller, sessions, history, log));
  store.add(registerRunCommands(state, runs, actions, settings, log));
  store.add(registerReviewCommands(state, history, sessions, reviewer, log));

  void vscode.commands.executeCommand('setContext', 'prThreads.state', 'idle');
  void vscode.commands.executeCommand('setContext', 'prThreads.running', false);
  return { state, controller, sessions, history, runs, reviewer, progress, log, treeView: treeView as vscode.TreeView<unknown>, tree, dragAndDrop, diagnostics, quickFixes, trust };
}

export function deactivate(): void {
  // Everything, running jobs' process groups included, is disposed through context.subscriptions.
}
