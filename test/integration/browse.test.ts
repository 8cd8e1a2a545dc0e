import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PrThreadsApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/threadTree';
import type { TestGitHub } from '../github/testGitHub';
import { configure, DEMO, extensionApi, startDemoGitHub, waitFor, workspaceRoot } from './harness';

describe('Review Threads view (read path)', () => {
  let gh: TestGitHub;
  let api: PrThreadsApi;

  before(async () => {
    gh = await startDemoGitHub();
    api = await extensionApi();
  });

  after(async () => {
    await gh?.close();
  });

  it('activates without making a GitHub request', () => {
    assert.equal(gh.requests.length, 0);
  });

  it('loads the branch\'s pull request when the view is shown', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.prThreads');
    await waitFor('threads to load', () => api.controller.status.kind === 'ready');
    const unresolved = gh.store.threadsOf({ owner: DEMO.owner, name: DEMO.name, number: DEMO.number }).filter((t) => !t.isResolved);
    assert.equal(api.state.pullRequest?.number, DEMO.number);
    assert.equal(api.state.threads.length, unresolved.length);
    assert.ok(api.state.threads.some((t) => t.isOutdated), 'outdated thread kept and marked');
    assert.ok(gh.requests.length > 0 && gh.requests.every((r) => r.status === 200));
  });

  it('shows PR header → lanes → threads with path:line, author and first line', async () => {
    const roots = api.tree.getChildren() as TreeNode[];
    assert.equal(roots.length, 1);
    const header = api.tree.getTreeItem(roots[0]);
    assert.match(String(header.label), new RegExp(`^#${DEMO.number} `));
    const lanes = api.tree.getChildren(roots[0]) as TreeNode[];
    assert.equal(lanes.length, api.state.plan.lanes.length);
    const laneItem = api.tree.getTreeItem(lanes[0]);
    assert.equal(laneItem.label, 'worker-1');
    assert.match(String(laneItem.description), /\d+ threads? · \d+ files?/);
    const threads = api.tree.getChildren(lanes[0]) as TreeNode[];
    assert.ok(threads.length > 0);
    const node = threads[0] as Extract<TreeNode, { kind: 'thread' }>;
    const t = api.state.thread(node.id)!;
    const item = api.tree.getTreeItem(node);
    assert.match(String(item.label), new RegExp(`^${t.path.replace(/[.]/g, '\\.')}:\\d+`));
    assert.ok(String(item.description).startsWith(`${t.comments[0].author} · `));
    assert.ok(item.tooltip instanceof vscode.MarkdownString);
    assert.equal((item.tooltip as vscode.MarkdownString).isTrusted, false);
    assert.equal(item.command?.command, 'prThreads.openThread');
  });

  it('clicking a thread opens its file at the line', async () => {
    const t = api.state.threads.find((x) => !x.isOutdated && x.line !== null)!;
    await vscode.commands.executeCommand('prThreads.openThread', { kind: 'thread', id: t.id });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.fsPath, path.join(workspaceRoot(), t.path));
    assert.equal(editor.selection.end.line, t.line! - 1);
    const onDisk = readFileSync(path.join(workspaceRoot(), t.path), 'utf8').split('\n')[t.line! - 1];
    assert.equal(editor.document.lineAt(t.line! - 1).text, onDisk);
  });

  it('Plan Again changes lanes; Refresh reloads from GitHub', async () => {
    await vscode.commands.executeCommand('prThreads.planAgain', { strategy: 'round-robin', workers: 2 });
    assert.equal(api.state.plan.strategy, 'round-robin');
    assert.equal(api.state.plan.lanes.length, 2);
    await vscode.commands.executeCommand('prThreads.planAgain', { strategy: 'by-file', workers: 1 });
    assert.equal(api.state.plan.lanes.length, 1);

    const before = api.state.threads.length;
    const extra = gh.store.addThread(
      { owner: DEMO.owner, name: DEMO.name, number: DEMO.number },
      { path: 'README.md', line: 1, comments: [{ author: 'late-reviewer', body: 'One more thing' }] },
    );
    const requestsBefore = gh.requests.length;
    await vscode.commands.executeCommand('prThreads.refresh');
    assert.ok(gh.requests.length > requestsBefore, 'refresh asked GitHub again');
    assert.equal(api.state.threads.length, before + 1);
    assert.ok(api.state.thread(extra.id));
  });

  it('Select Pull Request… switches to another PR and back', async () => {
    gh.store.addPullRequest({ owner: DEMO.owner, name: DEMO.name }, { number: 7, title: 'Other work', headRefName: 'other' });
    gh.store.addThread({ owner: DEMO.owner, name: DEMO.name, number: 7 }, { path: 'a.txt', line: 1, comments: [{ author: 'x', body: 'hm' }] });
    await vscode.commands.executeCommand('prThreads.selectPullRequest', 7);
    assert.equal(api.state.pullRequest?.number, 7);
    assert.equal(api.state.threads.length, 1);
    // From the palette (no argument) a picker opens; its "current branch" entry does this:
    await api.controller.selectPullRequest(undefined);
    assert.equal(api.state.pullRequest?.number, DEMO.number);
  });

  it('a bad token shows the signed-out welcome, not a stack', async () => {
    process.env.GH_TOKEN = 'wrong-token';
    const status = await api.controller.refresh();
    assert.equal(status.kind, 'signedOut');
    assert.match(status.message ?? '', /sign in again|GITHUB_TOKEN/);
    assert.ok(!(status.message ?? '').includes('wrong-token'), 'token never shown');
    process.env.GH_TOKEN = gh.token;
    assert.equal((await api.controller.refresh()).kind, 'ready');
  });

  it('a prThreads.github.enterpriseUrl that is not a host or URL is refused: no request, a clear message, no secret shown', async () => {
    const restore = await configure({ 'github.enterpriseUrl': 'https://me:s3cret@ghe example com' });
    try {
      const before = gh.requests.length;
      const status = await api.controller.refresh();
      assert.equal(status.kind, 'error');
      assert.match(status.message ?? '', /^Setting prThreads\.github\.enterpriseUrl is not a GitHub Enterprise host or URL/);
      assert.ok(!(status.message ?? '').includes('s3cret'));
      assert.equal(gh.requests.length, before, 'the token went nowhere');
      assert.equal(api.sessions.current, undefined);
    } finally {
      await restore();
    }
    await waitFor('the PR to come back', async () => (await api.controller.refresh()).kind === 'ready');
  });

  it('follows the branch: a branch without a PR shows the "no PR" welcome, and back', async () => {
    const { execFileSync } = await import('node:child_process');
    const root = workspaceRoot();
    execFileSync('git', ['checkout', '--quiet', '-b', 'no-pr-here'], { cwd: root });
    try {
      await waitFor('the view to notice the branch change', () => api.controller.status.kind === 'noPr', 30_000);
      assert.match(api.controller.status.message ?? '', /no-pr-here/);
      assert.equal(api.tree.getChildren().length, 0, 'an empty tree lets the welcome view show');
    } finally {
      execFileSync('git', ['checkout', '--quiet', DEMO.headRefName], { cwd: root });
    }
    await waitFor('the PR to come back', () => api.controller.status.kind === 'ready', 30_000);
    assert.equal(api.state.pullRequest?.number, DEMO.number);
  });

  it('every contributed command is registered and in the palette', async () => {
    const ext = vscode.extensions.getExtension('pr-thread-runner.pr-thread-runner')!;
    const contributed: { command: string }[] = ext.packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) assert.ok(registered.has(c.command), `${c.command} not registered`);
    for (const c of ['prThreads.refresh', 'prThreads.selectPullRequest', 'prThreads.planAgain']) {
      assert.ok(contributed.some((x) => x.command === c), `${c} not contributed`);
    }
  });
});
