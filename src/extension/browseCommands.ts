import * as vscode from 'vscode';
import { displayLine } from '../model/thread';
import { DisposableStore } from '../common/lifecycle';
import { oneLine } from '../common/errors';
import { parseWorkers } from '../engine/plan/planner';
import { PLAN_STRATEGIES, PlanStrategy } from '../model/plan';
import { resolveInRepo } from '../engine/fix/repoPath';
import { ReviewState } from './reviewState';
import { threadIdOf } from './commandArgs';
import { commandRegistrar } from './commandRegistry';
import { Log } from './output';
import { pickThread } from './pickers';
import { PullRequestController } from './pullRequestController';
import type { GitHubSessions } from './githubSession';
import type { RunHistory } from './runHistory';

const STRATEGY_DETAIL: Record<PlanStrategy, string> = {
  'by-file': 'All threads of a file in one lane; lanes balanced by thread count',
  balanced: 'Balanced by estimated effort (comments, text); still one file per lane',
  'round-robin': 'Threads dealt to lanes in turn; files may share lanes (never run at once)',
};

/**
 * Commands that browse and plan: Refresh, Sign In, Select Pull Request…, Plan Again,
 * Open Thread, Open Thread on GitHub, Show Output.
 */
export function registerBrowseCommands(
  state: ReviewState,
  controller: PullRequestController,
  sessions: GitHubSessions,
  history: RunHistory,
  log: Log,
): vscode.Disposable {
  const store = new DisposableStore();
  const reg = commandRegistrar(store, log);

  reg('prThreads.refresh', () => controller.refresh());
  reg('prThreads.signIn', () => controller.refresh({ interactive: true }));
  reg('prThreads.showOutput', () => log.show());

  reg('prThreads.selectPullRequest', async (arg?: unknown) => {
    if (typeof arg === 'number') return controller.selectPullRequest(arg);
    const prs = await vscode.window.withProgress(
      { location: { viewId: 'prThreads.threads' } },
      () => controller.openPullRequests(),
    );
    type Item = vscode.QuickPickItem & { number?: number };
    const items: Item[] = [
      { label: '$(git-branch) The current branch\'s pull request', number: undefined },
      ...prs.map((p) => ({
        label: `#${p.number} ${p.title ?? ''}`,
        description: p.headRefName,
        number: p.number,
        picked: p.number === state.pullRequest?.number,
      })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'Select Pull Request', placeHolder: 'Open pull requests' });
    if (!pick) return undefined;
    return controller.selectPullRequest(pick.number);
  });

  reg('prThreads.planAgain', async (arg?: unknown) => {
    const given = (typeof arg === 'object' && arg !== null ? arg : {}) as { strategy?: PlanStrategy; workers?: number };
    let strategy = given.strategy;
    let workers = given.workers;
    if (strategy === undefined) {
      const pick = await vscode.window.showQuickPick(
        PLAN_STRATEGIES.map((s) => ({ label: s, detail: STRATEGY_DETAIL[s], picked: s === state.planSettings.strategy })),
        { title: 'Plan Again: strategy' },
      );
      if (!pick) return undefined;
      strategy = pick.label as PlanStrategy;
    }
    if (workers === undefined) {
      const text = await vscode.window.showInputBox({
        title: 'Plan Again: worker lanes',
        value: String(state.planSettings.workers),
        validateInput: (v) => {
          try {
            parseWorkers(v, 'Workers');
            return undefined;
          } catch (e) {
            return oneLine(e);
          }
        },
      });
      if (text === undefined) return undefined;
      workers = parseWorkers(text, 'Workers');
    }
    if (!PLAN_STRATEGIES.includes(strategy)) throw new Error(`unknown strategy ${strategy}`);
    state.replan({ strategy, workers: parseWorkers(String(workers), 'Workers') });
    log.info(`planned ${state.threads.length} threads into ${state.plan.lanes.length} lanes (${strategy}, ${workers} workers)`);
    return state.plan;
  });

  reg('prThreads.openThread', async (arg?: unknown) => {
    const id = threadIdOf(arg);
    const t = id ? state.thread(id) : undefined;
    const root = sessions.current?.repository.root;
    if (!t || !root) return undefined;
    const file = await resolveInRepo(root, t.path);
    const line = Math.max(0, (displayLine(t) ?? 1) - 1);
    const start = Math.max(0, ((t.line === null ? t.originalStartLine : t.startLine) ?? line + 1) - 1);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const endLine = Math.min(line, doc.lineCount - 1);
    const range = new vscode.Range(Math.min(start, endLine), 0, endLine, doc.lineAt(endLine).text.length);
    await vscode.window.showTextDocument(doc, { selection: range, preview: true });
    return file;
  });

  reg('prThreads.openThreadOnGitHub', async (arg?: unknown) => {
    const id = threadIdOf(arg) ?? (await pickThread(state, history, 'Open Thread on GitHub'));
    const t = id ? state.thread(id) : undefined;
    if (!t) return undefined;
    const uri = vscode.Uri.parse(t.url, true);
    if (uri.scheme !== 'https' && uri.scheme !== 'http') throw new Error(`refusing to open a non-web link: ${t.url}`);
    return vscode.env.openExternal(uri);
  });

  return store;
}
