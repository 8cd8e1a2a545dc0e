import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PrThreadsApi } from '../../src/extension/extension';
import type { ShownChanges } from '../../src/extension/reviewCommands';
import type { TreeNode } from '../../src/extension/threadTree';
import type { RunReport } from '../../src/pipeline/report';
import type { TestGitHub } from '../github/testGitHub';
import { configure, extensionApi, loadDemo, resetWorkspace, waitFor, workspaceRoot } from './harness';

const git = (...args: string[]) => execFileSync('git', args, { cwd: workspaceRoot(), encoding: 'utf8' }).trim();

// Each job appends a line naming its thread to the thread's file: every fix is its own change.
const COMMAND = 'printf "%s\\n" "// fix for $PRT_THREAD_ID" >> "$PRT_PATH"';

describe('Review in VS Code: isolated fixes awaiting review', () => {
  let api: PrThreadsApi;
  let gh: TestGitHub;
  let restore: (() => Promise<void>) | undefined;
  let head: string;

  beforeEach(async () => {
    api = await extensionApi();
    await resetWorkspace();
    head = git('rev-parse', 'HEAD');
    gh = await loadDemo(api);
  });

  afterEach(async () => {
    api.runs.stop();
    await restore?.();
    restore = undefined;
    await api.runs.rememberConfirmation(undefined);
    await gh.close();
    git('reset', '--quiet', '--hard', head);
  });

  async function startReview(settings: Record<string, unknown> = {}) {
    restore = await configure({ command: COMMAND, applySuggestions: false, review: 'always', commit: 'perThread', replyTemplate: 'Fixed in {sha}', workers: 3, maxConcurrency: 3, ...settings });
    await api.runs.rememberConfirmation({ command: COMMAND });
    const running = Promise.resolve(vscode.commands.executeCommand('prThreads.runAll') as Thenable<RunReport | undefined>);
    const endedFirst = running.then((r) => {
      if (!api.reviewer.isReviewing) assert.fail(`the run ended before review: ${r?.error ?? JSON.stringify(r?.threads.map((t) => [t.status, t.error]))}\n${api.log.lines.slice(-30).join('\n')}`);
    });
    await Promise.race([waitFor('the fixes to await review', () => api.reviewer.isReviewing, 30_000), endedFirst]);
    // Wrapped: an async function returning the run's promise would wait for the run itself.
    return { running };
  }

  it('Run All waits with the fixes awaiting review; Show Changes shows a fix; reject one, accept the rest; Apply resolves exactly the accepted ones', async () => {
    const { running } = await startReview();
    const items = api.reviewer.items;
    assert.ok(items.length >= 3, `fixes awaiting review: ${items.length}`);
    for (const i of items) assert.equal(api.history.state(i.thread.id), 'awaitingReview');
    assert.match(api.progress.reviewNotice?.text ?? '', new RegExp(`^${items.length} fixes await review`));
    assert.ok(api.progress.reviewNotice?.actions.includes('Apply Accepted Fixes and Resolve'));
    assert.equal(git('status', '--porcelain'), '', 'nothing reaches the work tree before review');
    assert.equal(git('rev-parse', 'HEAD'), head);

    // Show Changes opens the thread's commit in a diff editor whose right side holds the change.
    // The fix rejected is the last of its lane: the lane's later fixes are built on the earlier ones.
    const plan = api.history.runOf(items[0].thread.id)!.plan;
    const lastOfLanes = new Set(plan.lanes.map((l) => l.threads.at(-1)));
    const rejected = items.find((i) => lastOfLanes.has(i.thread.id))!;
    const accepted = items.filter((i) => i !== rejected);
    const shown = (await vscode.commands.executeCommand('prThreads.showChanges', { kind: 'thread', id: rejected.thread.id })) as ShownChanges;
    assert.deepEqual(shown.files, [rejected.thread.path]);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor is open');
    const right = await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).modified);
    const left = await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).original);
    assert.ok(right.getText().includes(`// fix for ${rejected.thread.id}`), 'the change is on the right');
    assert.ok(!left.getText().includes(`// fix for ${rejected.thread.id}`), 'and not on the left');
    assert.match(tab.label, /Fix of /);

    // The tooltip carries the diff stat; the row offers Accept/Reject and Show Changes.
    const node: TreeNode = { kind: 'thread', id: accepted[0].thread.id };
    const item = api.tree.getTreeItem(node);
    assert.match(String(item.contextValue), /\bawaitingReview\b/);
    assert.match(String(item.contextValue), /\bchanges\b/);
    assert.match((item.tooltip as vscode.MarkdownString).value, /1 file \+1 −0/);

    assert.equal(await vscode.commands.executeCommand('prThreads.rejectFix', { kind: 'thread', id: rejected.thread.id }), 1);
    const nodes = accepted.map((i) => ({ kind: 'thread', id: i.thread.id }));
    assert.equal(await vscode.commands.executeCommand('prThreads.acceptFix', nodes[0], nodes), accepted.length);
    assert.equal(api.history.state(rejected.thread.id), 'rejected');
    await vscode.commands.executeCommand('prThreads.applyAcceptedFixes');
    const report = await running;
    assert.ok(report, 'the run finished with a report');

    const log = git('log', '--format=%H %s', `${head}..HEAD`).split('\n').filter(Boolean);
    assert.equal(log.length, accepted.length, 'one commit per accepted thread');
    for (const i of accepted) {
      const stored = gh.store.getThread(i.thread.id)!;
      assert.equal(stored.isResolved, true);
      const sha = stored.comments.at(-1)!.body.replace('Fixed in ', '');
      const commit = log.find((l) => l.startsWith(sha));
      assert.ok(commit, `the reply names its own commit (${sha})`);
      assert.equal(git('show', '--name-only', '--format=', sha), i.thread.path);
      assert.equal(api.history.state(i.thread.id), 'resolved');
    }
    const stored = gh.store.getThread(rejected.thread.id)!;
    assert.equal(stored.isResolved, false, 'the rejected fix is never resolved');
    assert.equal(stored.comments.length, rejected.thread.comments.length, 'and gets no reply');
    const rejectedRow = report.threads.find((t) => t.id === rejected.thread.id)!;
    assert.equal(rejectedRow.status, 'rejected');
    assert.ok(rejectedRow.patch && existsSync(rejectedRow.patch), 'its patch is kept');
    assert.ok(!readFileSync(path.join(workspaceRoot(), rejected.thread.path), 'utf8').includes(`// fix for ${rejected.thread.id}`), 'the rejected change is not in the work tree');
    assert.equal((api.tree.getTreeItem({ kind: 'thread', id: rejected.thread.id }).iconPath as vscode.ThemeIcon).id, 'close');

    // Diagnostics follow: the resolved threads' are gone, the rejected one's stays.
    const hasDiagnostic = (t: (typeof items)[number]['thread']) =>
      vscode.languages
        .getDiagnostics(vscode.Uri.file(path.join(workspaceRoot(), t.path)))
        .some((d) => d.source === 'PR review' && d.range.end.line === t.line! - 1 && d.message.startsWith(`${t.comments[0].author}:`));
    for (const i of accepted.filter((x) => !x.thread.isOutdated)) assert.equal(hasDiagnostic(i.thread), false, `no diagnostic left for ${i.thread.path}:${i.thread.line}`);
    if (!rejected.thread.isOutdated) assert.equal(hasDiagnostic(rejected.thread), true, 'the rejected thread keeps its diagnostic');
  });

  it('Stop during review drops the fixes not accepted (their patches kept) and integrates nothing', async () => {
    const { running } = await startReview();
    const [kept] = api.reviewer.items;
    await vscode.commands.executeCommand('prThreads.acceptFix', { kind: 'thread', id: kept.thread.id });
    await vscode.commands.executeCommand('prThreads.stop');
    const report = (await running)!;
    assert.equal(report.cancelled, true);
    assert.equal(git('rev-parse', 'HEAD'), head, 'nothing was committed');
    assert.equal(git('status', '--porcelain'), '', 'nothing was integrated');
    for (const t of report.threads.filter((x) => x.id !== kept.thread.id && x.attempts > 0)) {
      assert.equal(t.status, 'rejected', t.id);
      assert.ok(t.patch && existsSync(t.patch));
    }
    assert.ok(report.threads.every((t) => !gh.store.getThread(t.id)!.isResolved));
    assert.equal(api.reviewer.isReviewing, false);
  });

  it('a dirty work tree is met, before anything runs, with a message that says to commit or stash', async () => {
    restore = await configure({ command: COMMAND, applySuggestions: false, review: 'always' });
    await api.runs.rememberConfirmation({ command: COMMAND });
    writeFileSync(path.join(workspaceRoot(), 'README.md'), 'a local edit\n');
    const before = gh.requests.length;
    const report = (await vscode.commands.executeCommand('prThreads.runAll')) as RunReport;
    assert.match(report.error ?? '', /uncommitted change.*commit or stash/);
    assert.equal(gh.requests.length, before, 'no GitHub request');
    assert.equal(api.progress.lastNotice?.severity, 'error');
    assert.match(api.progress.lastNotice?.text ?? '', /commit or stash/);
  });
});
