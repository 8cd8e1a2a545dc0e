import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PrThreadsApi } from '../../src/extension/extension';
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
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ 'prThreads.command': `touch ${marker}`, 'prThreads.verifyCommand': `touch ${marker}` }));
    // Give the configuration service time to read the file; the value must never show.
    await new Promise((r) => setTimeout(r, 1500));
    const config = vscode.workspace.getConfiguration('prThreads');
    assert.equal(config.get('command'), '');
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
});
