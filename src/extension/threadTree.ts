import * as vscode from 'vscode';
import { plural } from '../common/text';
import { Emitter } from '../common/event';
import { Disposable } from '../common/lifecycle';
import { describeNotResolved, isFailureReason } from '../model/outcome';
import type { ThreadChanges } from '../model/job';
import { isFailedState, isSettledState, STATE_LABELS, type ThreadRunState } from '../model/status';
import { firstLine, threadAuthor, threadLocation, type ReviewThread } from '../model/thread';
import { hasSuggestion } from '../engine/fix/threadJob';
import type { GitHubSessions } from './githubSession';
import type { PullRequestController } from './pullRequestController';
import type { ReviewState } from './reviewState';
import type { RunHistory } from './runHistory';
import { threadIcon } from './threadIcons';

export type TreeNode =
  | { readonly kind: 'pr' }
  | { readonly kind: 'lane'; readonly name: string }
  | { readonly kind: 'thread'; readonly id: string };

/** What a thread row says about the thread's run, besides its GitHub data. */
export interface ThreadRunInfo {
  readonly state: ThreadRunState | undefined;
  readonly error?: string;
  /** What the thread's fix changed, once it ran isolated. */
  readonly changes?: ThreadChanges | null;
  /** The fix has a commit to show (Show Changes). */
  readonly hasChanges?: boolean;
  /** Why a fixed thread was not resolved (the run's reason), if it was not. */
  readonly notResolved?: string;
}

/** The conversation as Markdown; untrusted, so no command links and no HTML are rendered. */
export function threadTooltip(t: ReviewThread, info: ThreadRunInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**${escape(threadLocation(t))}**`);
  if (t.isOutdated) md.appendMarkdown(' — _outdated_');
  if (info.state) {
    md.appendMarkdown(` — ${STATE_LABELS[info.state]}`);
    if (info.changes) md.appendMarkdown(` · ${plural(info.changes.files, 'file')} +${info.changes.insertions} −${info.changes.deletions}`);
    else if (info.changes === null && info.state === 'fixed') md.appendMarkdown(' · no file changed');
    for (const line of [info.error, info.notResolved && `not resolved: ${info.notResolved}`]) {
      if (!line) continue;
      md.appendMarkdown('\n\n');
      md.appendText(line);
    }
  }
  for (const c of t.comments) {
    md.appendMarkdown(`\n\n---\n\n**${escape(c.author)}** · ${escape(c.createdAt.slice(0, 10))}\n\n`);
    md.appendMarkdown(c.body.length > 4000 ? `${c.body.slice(0, 4000)}…` : c.body);
  }
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * The Review Threads tree: PR header → worker lanes → threads. It reads the ReviewState
 * (threads, plan), the run history (each thread's state, from its Run) and the session
 * (token source), and repaints on their events; it never loads anything itself.
 */
export class ThreadTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly _onDidChangeTreeData = this._register(new Emitter<TreeNode | undefined | void>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event as vscode.Event<TreeNode | undefined | void>;
  private readonly _prNode: TreeNode = { kind: 'pr' };
  private _laneNodes = new Map<string, TreeNode>();
  private _threadNodes = new Map<string, TreeNode>();

  constructor(
    private readonly _state: ReviewState,
    private readonly _history: RunHistory,
    private readonly _sessions: GitHubSessions,
    controller: PullRequestController,
  ) {
    super();
    this._register(_state.onDidChange(() => this._onDidChangeTreeData.fire()));
    this._register(_history.onDidChange((ids) => this._repaint(ids)));
    this._register(controller.onDidChangeStatus(() => this._onDidChangeTreeData.fire()));
  }

  /** Repaints the changed rows and their lanes (counts) only. */
  private _repaint(ids: readonly string[]): void {
    const lanes = new Set<string>();
    for (const id of ids) {
      const node = this._threadNodes.get(id);
      if (node) this._onDidChangeTreeData.fire(node);
      const lane = this._state.plan.lanes.find((l) => l.threads.includes(id));
      if (lane) lanes.add(lane.name);
    }
    for (const name of lanes) {
      const node = this._laneNodes.get(name);
      if (node) this._onDidChangeTreeData.fire(node);
    }
  }

  /** What the rows show for a thread's run. */
  runInfo(id: string): ThreadRunInfo {
    const run = this._history.runOf(id);
    const state = run?.state(id);
    const reason = run?.report?.notResolved;
    const fix = run?.result(id)?.fix;
    return {
      state,
      error: run?.error(id),
      ...(fix ? { changes: fix.changes, hasChanges: fix.commit !== undefined } : {}),
      ...(state === 'fixed' && reason && isFailureReason(reason) ? { notResolved: describeNotResolved(reason) } : {}),
    };
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this._state.pullRequest && this._state.threads.length ? [this._prNode] : [];
    if (node.kind === 'pr') {
      this._laneNodes = new Map(this._state.plan.lanes.map((l) => [l.name, this._laneNodes.get(l.name) ?? { kind: 'lane', name: l.name }]));
      return [...this._laneNodes.values()];
    }
    if (node.kind === 'lane') {
      const lane = this._state.plan.lanes.find((l) => l.name === node.name);
      return (lane?.threads ?? []).map((id) => {
        let n = this._threadNodes.get(id);
        if (!n) {
          n = { kind: 'thread', id };
          this._threadNodes.set(id, n);
        }
        return n;
      });
    }
    return [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'lane') return this._prNode;
    if (node.kind === 'thread') {
      const lane = this._state.plan.lanes.find((l) => l.threads.includes(node.id));
      return lane ? this._laneNodes.get(lane.name) : undefined;
    }
    return undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'pr') return this._prItem();
    if (node.kind === 'lane') return this._laneItem(node.name);
    return this._threadItem(node.id);
  }

  private _prItem(): vscode.TreeItem {
    const pr = this._state.pullRequest!;
    const item = new vscode.TreeItem(`#${pr.number} ${pr.title ?? ''}`.trim(), vscode.TreeItemCollapsibleState.Expanded);
    item.id = `pr:${pr.owner}/${pr.repo}#${pr.number}`;
    const source = this._sessions.current?.credentials.source;
    item.description = `${pr.owner}/${pr.repo} · ${this._state.threads.length} unresolved · ${this._state.plan.strategy}${source ? ` · token: ${source}` : ''}`;
    item.tooltip = new vscode.MarkdownString(`${pr.owner}/${pr.repo}#${pr.number}\n\n${pr.headRefName ?? ''} → ${pr.baseRefName ?? ''}\n\nToken: ${source ?? 'none'}`);
    item.iconPath = new vscode.ThemeIcon('git-pull-request');
    item.contextValue = 'pullRequest';
    return item;
  }

  private _laneItem(name: string): vscode.TreeItem {
    const ids = this._state.plan.lanes.find((l) => l.name === name)?.threads ?? [];
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `lane:${name}`;
    const states = ids.map((id) => this._history.state(id));
    const running = states.filter((s) => s === 'running').length;
    const failed = states.filter(isFailedState).length;
    const skipped = states.filter((s) => s === 'skipped').length;
    // A skipped thread had nothing run for it: it is not done, and must not look done.
    const done = states.filter((s) => isSettledState(s) && s !== 'skipped').length;
    const files = new Set(ids.map((id) => this._state.thread(id)?.path)).size;
    item.description = states.some(Boolean)
      ? [`${done}/${ids.length} done`, running ? 'running' : '', failed ? `${failed} failed` : '', skipped ? `${skipped} skipped` : ''].filter(Boolean).join(' · ')
      : `${plural(ids.length, 'thread')} · ${plural(files, 'file')}`;
    const icon = running ? 'sync~spin' : failed ? 'warning' : skipped ? 'debug-step-over' : done === ids.length && done > 0 ? 'pass' : 'server-process';
    item.iconPath = new vscode.ThemeIcon(icon);
    item.contextValue = 'lane';
    return item;
  }

  private _threadItem(id: string): vscode.TreeItem {
    const t = this._state.thread(id);
    if (!t) return new vscode.TreeItem(id);
    const info = this.runInfo(id);
    const item = new vscode.TreeItem(threadLocation(t), vscode.TreeItemCollapsibleState.None);
    item.id = `thread:${id}`;
    item.description = `${threadAuthor(t)} · ${firstLine(t)}`;
    item.tooltip = threadTooltip(t, info);
    item.iconPath = threadIcon(t, info.state);
    // Menus match on these words: thread, suggestion, outdated, and the run state.
    item.contextValue = ['thread', hasSuggestion(t) ? 'suggestion' : '', t.isOutdated ? 'outdated' : '', info.hasChanges ? 'changes' : '', info.state ?? 'idle'].filter(Boolean).join(' ');
    item.command = { command: 'prThreads.openThread', title: 'Open Thread', arguments: [{ kind: 'thread', id }] };
    item.accessibilityInformation = { label: `${threadLocation(t)}, ${threadAuthor(t)}: ${firstLine(t)}${info.state ? `, ${STATE_LABELS[info.state]}` : ''}` };
    return item;
  }
}
