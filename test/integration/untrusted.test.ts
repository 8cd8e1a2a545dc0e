import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PrThreadsApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/threadTree';
import type { RunReport } from '../../src/pipeline/report';
import type { TestGitHub } from '../github/testGitHub';
import { configure, DEMO, extensionApi, startDemoGitHub, waitFor, workspaceRoot } from './harness';

// Runs only in the Restricted Mode session of test/host/main.ts (the title carries the tag).
describe('@untrusted Restricted Mode', () => {
  let api: PrThreadsApi;
  let gh: TestGitHub;
  let restore: (() => Promise<void>) | undefined;
  const marker = path.join(tmpdir(), `prt-untrusted-ran-${process.pid}`);

  before(async () => {
    gh = await startDemoGitHub();
    api = await extensionApi();
    await vscode.commands.executeCommand('workbench.view.extension.prThreads');
    await waitFor('threads to load', () => api.controller.status.kind === 'ready');
  });

  after(async () => {
    await restore?.();
    await gh?.close();
  });

  it('opens untrusted, and still lists the threads', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(api.trust.isTrusted, false);
    assert.equal(api.state.pullRequest?.number, DEMO.number);
    assert.ok(api.state.threads.length > 0);
    assert.match(api.treeView.message ?? '', /Restricted Mode/);
  });

  it('ignores a command set by the repository\'s own .vscode/settings.json', async () => {
    const dir = path.join(workspaceRoot(), '.vscode');
    mkdirSync(dir, { recursive: true });
    // prThreads.workers is not restricted: once it shows, VS Code has read the file.
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ 'prThreads.command': `touch ${marker}`, 'prThreads.verifyCommand': `touch ${marker}`, 'prThreads.workers': 7 }));
    await waitFor('the workspace settings to be read', () => vscode.workspace.getConfiguration('prThreads').get('workers') === 7);
    const config = vscode.workspace.getConfiguration('prThreads');
    assert.equal(config.get('command'), '');
    assert.equal(config.get('verifyCommand'), '');
    assert.equal(config.inspect('command')?.workspaceValue, undefined);
  });

  it('refuses to run the user\'s own command, says why, and touches nothing', async () => {
    restore = await configure({ command: `touch ${marker}` });
    await api.runs.rememberConfirmation({ command: `touch ${marker}` });
    const mutationsBefore = gh.requests.filter((r) => r.kind === 'mutation').length;
    const result = await vscode.commands.executeCommand('prThreads.runAll');
    assert.equal(result, undefined);
    assert.equal(existsSync(marker), false, 'the command never ran');
    assert.equal(gh.requests.filter((r) => r.kind === 'mutation').length, mutationsBefore);
    assert.ok(api.log.lines.some((l) => /not trusted.*runs no command/.test(l)), 'the reason is in the output');
    assert.ok(api.state.threads.every((t) => api.history.state(t.id) === undefined), 'no thread changed state');
  });

  it('still resolves a thread and applies a suggestion', async () => {
    const t = api.state.threads.find((x) => x.path === 'src/httpClient.js' && x.comments[0].body.includes('429 is transient'))!;
    await vscode.commands.executeCommand('prThreads.applySuggestion', { threadId: t.id });
    const doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), t.path));
    await waitFor('the suggestion in the document', () => doc.lineAt(t.line! - 1).text.includes('429'));
    await vscode.commands.executeCommand('prThreads.replyAndResolve', { threadId: t.id }, 'Done by hand');
    const stored = gh.store.getThread(t.id)!;
    assert.equal(stored.isResolved, true);
    assert.equal(stored.comments.at(-1)?.body, 'Done by hand');
  });

  // Last: it applies suggestions and resolves those threads.
  it('a Run All whose command the workspace set skips the other threads, and says why instead of looking done', async () => {
    await restore?.();
    restore = await configure({ applySuggestions: true, command: '' });
    await api.runs.rememberConfirmation({});
    const report = (await vscode.commands.executeCommand('prThreads.runAll')) as RunReport;
    assert.ok(report, 'suggestions still run');
    assert.equal(existsSync(marker), false, 'the workspace command never ran');
    const skipped = report.threads.filter((t) => t.status === 'skipped');
    assert.ok(skipped.length > 0);
    for (const t of skipped) assert.match(t.error ?? '', /not trusted/);
    const notice = api.progress.lastNotice!;
    assert.match(notice.text, /not trusted, so no command runs here/);
    assert.ok(notice.actions.includes('Manage Workspace Trust'));
    assert.equal(notice.severity, 'warning');
    // A lane whose threads were skipped is not shown as done with a pass icon.
    const [pr] = api.tree.getChildren() as TreeNode[];
    for (const lane of api.tree.getChildren(pr) as TreeNode[]) {
      const ids = (api.tree.getChildren(lane) as TreeNode[]).map((n) => (n as { id: string }).id);
      if (!ids.some((id) => api.history.state(id) === 'skipped')) continue;
      const item = api.tree.getTreeItem(lane);
      assert.match(String(item.description), /\d+ skipped/);
      assert.notEqual((item.iconPath as vscode.ThemeIcon).id, 'pass');
      assert.ok(!new RegExp(`^${ids.length}/${ids.length} done`).test(String(item.description)));
    }
  });

  it('with suggestions off, Run All refuses and names the way out', async () => {
    await restore?.();
    restore = await configure({ applySuggestions: false, command: '' });
    const result = await vscode.commands.executeCommand('prThreads.runAll');
    assert.equal(result, undefined);
    assert.ok(api.log.lines.some((l) => /not trusted.*Manage Workspace Trust/.test(l)));
  });
});
