import * as vscode from 'vscode';
import { displayLine, firstLine, ReviewThread } from '../model/thread';
import { Disposable } from '../common/lifecycle';
import { Emitter } from '../common/event';
import { hasSuggestion } from '../engine/fix/threadJob';
import { Lane } from '../model/plan';
import { ReviewState, ThreadProgress } from './reviewState';
import { PullRequestController } from './pullRequestController';
import { threadIcon, threadStateLabel } from './threadIcons';

export type TreeNode =
  | { readonly kind: 'pr' }
  | { readonly kind: 'lane'; readonly name: string }
  | { readonly kind: 'thread'; readonly id: string };

/** `path:line` or `path:start-end` (original lines for outdated threads). */
export function threadLabel(t: ReviewThread): string {
  const line = displayLine(t);
  if (line === null) return t.path;
  const start = t.line === null ? t.originalStartLine : t.startLine;
  return start !== null && start !== line ? `${t.path}:${start}-${line}` : `${t.path}:${line}`;
}

/** The conversation as Markdown; untrusted, so no command links and no HTML are rendered. */
export function threadTooltip(t: ReviewThread, progress: ThreadProgress | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**${escape(threadLabel(t))}**`);
  if (t.isOutdated) md.appendMarkdown(' — _outdated_');
  if (progress) {
    md.appendMarkdown(` — ${threadStateLabel(progress.state)}`);
    if (progress.error) {
      md.appendMarkdown('\n\n');
      md.appendText(progress.error);
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
 * The Review Threads tree: PR header → worker lanes → threads. It reads only the
 * ReviewState and the controller's status, and asks for a first load when first shown.
 */
export class ThreadTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly _onDidChangeTreeData = this._register(new Emitter<TreeNode | undefined | void>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event as vscode.Event<TreeNode | undefined | void>;
  private _requestedFirstLoad = false;
  private readonly _prNode: TreeNode = { kind: 'pr' };
  private _laneNodes = new Map<string, TreeNode>();
  private _threadNodes = new Map<string, TreeNode>();

  constructor(
    private readonly _state: ReviewState,
    private readonly _controller: PullRequestController,
  ) {
    super();
    this._register(_state.onDidChange((e) => {
      if (e.kind === 'progress') {
        // Repaint the changed rows and their lanes (counts) only.
        const lanes = new Set<string>();
        for (const id of e.threadIds) {
          const node = this._threadNodes.get(id);
          if (node) this._onDidChangeTreeData.fire(node);
          const lane = this._state.plan.lanes.find((l) => l.threads.includes(id));
          if (lane) lanes.add(lane.name);
        }
        for (const name of lanes) {
          const node = this._laneNodes.get(name);
          if (node) this._onDidChangeTreeData.fire(node);
        }
      } else {
        this._onDidChangeTreeData.fire();
      }
    }));
    this._register(_controller.onDidChangeStatus(() => this._onDidChangeTreeData.fire()));
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      if (!this._requestedFirstLoad && this._controller.status.kind === 'idle') {
        // Activation makes no request; the first time the view is shown, load.
        this._requestedFirstLoad = true;
        void this._controller.refresh();
      }
      return this._state.pullRequest && this._state.threads.length ? [this._prNode] : [];
    }
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
    const source = this._controller.connection?.credentials.source;
    item.description = `${pr.owner}/${pr.repo} · ${this._state.threads.length} unresolved · ${this._state.plan.strategy}${source ? ` · token: ${source}` : ''}`;
    item.tooltip = new vscode.MarkdownString(
      `${pr.owner}/${pr.repo}#${pr.number}\n\n${pr.headRefName ?? ''} → ${pr.baseRefName ?? ''}\n\nToken: ${source ?? 'none'}`,
    );
    item.iconPath = new vscode.ThemeIcon('git-pull-request');
    item.contextValue = 'pullRequest';
    return item;
  }

  private _laneItem(name: string): vscode.TreeItem {
    const lane: Lane | undefined = this._state.plan.lanes.find((l) => l.name === name);
    const ids = lane?.threads ?? [];
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `lane:${name}`;
    const progress = ids.map((id) => this._state.progress(id)?.state);
    const done = progress.filter((s) => s && s !== 'queued' && s !== 'running').length;
    const running = progress.filter((s) => s === 'running').length;
    const failed = progress.filter((s) => s === 'failed' || s === 'timeout').length;
    const files = new Set(ids.map((id) => this._state.thread(id)?.path)).size;
    item.description = progress.some(Boolean)
      ? `${done}/${ids.length} done${running ? ' · running' : ''}${failed ? ` · ${failed} failed` : ''}`
      : `${ids.length} threads · ${files} files`;
    item.iconPath = new vscode.ThemeIcon(running ? 'sync~spin' : failed ? 'warning' : done === ids.length && done > 0 ? 'pass' : 'server-process');
    item.contextValue = 'lane';
    return item;
  }

  private _threadItem(id: string): vscode.TreeItem {
    const t = this._state.thread(id);
    if (!t) return new vscode.TreeItem(id);
    const progress = this._state.progress(id);
    const item = new vscode.TreeItem(threadLabel(t), vscode.TreeItemCollapsibleState.None);
    item.id = `thread:${id}`;
    const author = t.comments[0]?.author ?? 'ghost';
    item.description = `${author} · ${firstLine(t)}`;
    item.tooltip = threadTooltip(t, progress);
    item.iconPath = threadIcon(t, progress?.state);
    // Menus match on these words: thread, suggestion, outdated, and the run state.
    item.contextValue = ['thread', hasSuggestion(t) ? 'suggestion' : '', t.isOutdated ? 'outdated' : '', progress?.state ?? 'idle'].filter(Boolean).join(' ');
    item.command = { command: 'prThreads.openThread', title: 'Open Thread', arguments: [{ kind: 'thread', id }] };
    item.accessibilityInformation = { label: `${threadLabel(t)}, ${author}: ${firstLine(t)}${progress ? `, ${threadStateLabel(progress.state)}` : ''}` };
    return item;
  }
}
