import * as vscode from 'vscode';
import { DisposableStore } from '../core/common/lifecycle';
import { ReviewState } from '../core/session/reviewState';
import { GitHubAuth } from './auth';
import { registerBrowseCommands } from './browseCommands';
import { GitContext } from './git';
import { Log } from './output';
import { PullRequestController } from './pullRequestController';
import { Settings } from './settings';
import { ThreadTreeProvider } from './threadTree';

/** What activate() returns: the objects tests and other extensions may read. */
export interface PrThreadsApi {
  readonly state: ReviewState;
  readonly controller: PullRequestController;
  readonly log: Log;
  readonly treeView: vscode.TreeView<unknown>;
  readonly tree: ThreadTreeProvider;
}

/** The composition root: builds every object once and hands it to whoever needs it. */
export function activate(context: vscode.ExtensionContext): PrThreadsApi {
  const store = new DisposableStore();
  context.subscriptions.push(store);

  const log = store.add(new Log());
  const settings = store.add(new Settings());
  const state = store.add(new ReviewState({ workers: settings.workers.value, strategy: settings.strategy.value }));
  const auth = store.add(new GitHubAuth(settings.enterpriseUrl, log));
  const git = store.add(new GitContext(log));
  const controller = store.add(new PullRequestController(state, auth, git, log));
  const tree = store.add(new ThreadTreeProvider(state, controller));
  const treeView = store.add(
    vscode.window.createTreeView('prThreads.threads', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true }),
  );
  store.add(controller.onDidChangeStatus((s) => {
    treeView.message = s.kind === 'error' ? s.message : s.kind === 'loading' && !state.pullRequest ? 'Loading review threads…' : undefined;
  }));
  const replanFromSettings = () => state.replan({ workers: settings.workers.value, strategy: settings.strategy.value });
  store.add(settings.workers.onDidChange(replanFromSettings));
  store.add(settings.strategy.onDidChange(replanFromSettings));
  store.add(registerBrowseCommands(state, controller, log));

  void vscode.commands.executeCommand('setContext', 'prThreads.state', 'idle');
  return { state, controller, log, treeView: treeView as vscode.TreeView<unknown>, tree };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
