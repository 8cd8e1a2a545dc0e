import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PrThreadsApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/threadTree';
import type { RunReport } from '../../src/pipeline/report';
import { addSimpleThread } from '../github/scenarios';
import type { TestGitHub } from '../github/testGitHub';
import { configure, DEMO, extensionApi, loadDemo, resetWorkspace, waitFor, workspaceRoot } from './harness';

const PR = { owner: DEMO.owner, name: DEMO.name, number: DEMO.number };

describe('Runs in VS Code', () => {
  let api: PrThreadsApi;
  let gh: TestGitHub;
  let restore: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    api = await extensionApi();
    await resetWorkspace();
    gh = await loadDemo(api);
  });

  afterEach(async () => {
    await restore?.();
    restore = undefined;
    await api.runs.rememberConfirmation(undefined);
    await gh.close();
  });

  it('Run All resolves exactly the threads whose fix succeeded, and the tree shows it', async () => {
    // config.js threads fail; everything else succeeds.
    const command = 'case "$PRT_PATH" in src/config.js) echo "cannot fix config here" >&2; exit 3;; esac; echo "fixed $PRT_PATH"';
    restore = await configure({ command, applySuggestions: true, workers: 3, maxConcurrency: 3 });
    await api.runs.rememberConfirmation({ command });
    const report = (await vscode.commands.executeCommand('prThreads.runAll')) as RunReport;
    assert.ok(report, 'the run returned its report');

    const stored = gh.store.threadsOf(PR);
    const byId = new Map(stored.map((t) => [t.id, t]));
    for (const t of api.state.threads) {
      const s = byId.get(t.id)!;
      if (t.path === 'src/config.js') {
        assert.equal(s.isResolved, false, `${t.path}:${t.line} must stay unresolved`);
        assert.equal(api.history.state(t.id), 'failed');
        assert.match(api.history.error(t.id) ?? '', /cannot fix config here/);
      } else {
        assert.equal(s.isResolved, true, `${t.path}:${t.line} should be resolved`);
        assert.equal(s.comments.at(-1)?.body, 'Fixed ✓');
        assert.equal(api.history.state(t.id), 'resolved');
      }
    }
    // The suggestions were applied to the files.
    const retry = execFileSync('git', ['diff', '--', 'src/httpClient.js'], { cwd: workspaceRoot(), encoding: 'utf8' });
    assert.match(retry, /\+const RETRYABLE = new Set\(\[429, 502, 503, 504\]\);/);

    // Tree: resolved/failed icons, lane counts.
    const [pr] = api.tree.getChildren() as TreeNode[];
    const lanes = api.tree.getChildren(pr) as TreeNode[];
    let resolvedIcons = 0;
    let failedIcons = 0;
    for (const lane of lanes) {
      const laneItem = api.tree.getTreeItem(lane);
      const ids = (api.tree.getChildren(lane) as TreeNode[]).map((n) => api.tree.getTreeItem(n));
      assert.match(String(laneItem.description), new RegExp(`^${ids.length}/${ids.length} done`));
      for (const item of ids) {
        const icon = (item.iconPath as vscode.ThemeIcon).id;
        if (icon === 'pass-filled') resolvedIcons++;
        if (icon === 'error') failedIcons++;
      }
    }
    assert.equal(failedIcons, api.state.threads.filter((t) => t.path === 'src/config.js').length);
    assert.equal(resolvedIcons, api.state.threads.length - failedIcons);

    // Output channel: per-job lines and the timing summary.
    const log = api.log.lines.join('\n');
    assert.match(log, /start {2}worker-\d src\//);
    assert.match(log, /failed\s+worker-\d src\/config\.js:\d+ in .*exit 3/);
    assert.match(log, /speedup [\d.]+×/);
    assert.match(log, /GitHub requests: \d+ quer/);
    const timing = (await vscode.commands.executeCommand('prThreads.showTimingReport')) as string[];
    assert.ok(timing.some((l) => /^Wall .* speedup/.test(l)));
    assert.ok(api.runs.lastJoblog && (await vscode.workspace.fs.readFile(vscode.Uri.file(api.runs.lastJoblog))).toString().startsWith('Seq\tHost\tStarttime'));
  });

  it('Stop kills a long-running job\'s process group and resolves nothing', async () => {
    const marker = `sleep 3012.${process.pid}`;
    const command = `${marker} & wait`;
    restore = await configure({ command, applySuggestions: false });
    await api.runs.rememberConfirmation({ command });
    const target = api.state.threads.find((t) => t.path === 'src/backoff.js')!;
    const running = vscode.commands.executeCommand('prThreads.runThread', { kind: 'thread', id: target.id });
    await waitFor('the job to start', () => api.history.state(target.id) === 'running');
    await waitFor('the sleep to be running', () => pgrep(marker));
    await vscode.commands.executeCommand('prThreads.stop');
    const report = (await running) as RunReport;
    assert.equal(report.cancelled, true);
    assert.equal(api.history.state(target.id), 'cancelled');
    assert.equal(gh.store.getThread(target.id)?.isResolved, false);
    await waitFor('no process of the job to be left', () => !pgrep(marker));
  });

  it('resolves a multi-selection of threads in bulk, in one GitHub request', async () => {
    const picked = api.state.threads.filter((t) => !t.isOutdated).slice(0, 3);
    const nodes = picked.map((t) => ({ kind: 'thread', id: t.id }));
    const before = gh.requests.filter((r) => r.kind === 'mutation').length;
    await vscode.commands.executeCommand('prThreads.resolveThread', nodes[0], nodes);
    assert.equal(gh.requests.filter((r) => r.kind === 'mutation').length - before, 1);
    for (const t of picked) {
      assert.equal(gh.store.getThread(t.id)?.isResolved, true);
      assert.equal(api.history.state(t.id), 'resolved');
    }
  });

  it('shows diagnostics on the threads\' lines; they go when the thread is resolved', async () => {
    restore = await configure({ 'diagnostics.severity': 'warning' });
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'src/config.js'));
    await waitFor('diagnostics', () => vscode.languages.getDiagnostics(file).some((d) => d.source === 'PR review'));
    const threads = api.state.threads.filter((t) => t.path === 'src/config.js' && !t.isOutdated);
    const diags = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'PR review');
    assert.deepEqual(diags.map((d) => d.range.end.line).sort(), threads.map((t) => t.line! - 1).sort());
    assert.ok(diags.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    const t = threads[0];
    await vscode.commands.executeCommand('prThreads.resolveThread', { threadId: t.id });
    assert.equal(gh.store.getThread(t.id)?.isResolved, true);
    const after = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'PR review');
    assert.equal(after.length, diags.length - 1);
    assert.ok(!after.some((d) => d.range.end.line === t.line! - 1 && d.message.includes(t.comments[0].author)));

    const restoreOff = await configure({ 'diagnostics.severity': 'off' });
    const restoreWarning = restore;
    restore = async () => {
      await restoreOff();
      await restoreWarning?.();
    };
    await waitFor('diagnostics to be hidden', () => vscode.languages.getDiagnostics(file).filter((d) => d.source === 'PR review').length === 0);
  });

  it('offers Apply Suggestion as a quick fix, and applying it edits the document', async () => {
    restore = await configure({ 'diagnostics.severity': 'information' });
    const t = api.state.threads.find((x) => x.path === 'src/httpClient.js' && x.comments[0].body.includes('429 is transient'))!;
    const uri = vscode.Uri.file(path.join(workspaceRoot(), t.path));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('diagnostics', () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'PR review'));
    const range = new vscode.Range(t.line! - 1, 0, t.line! - 1, 0);
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range)) as vscode.CodeAction[];
    const titles = actions.map((a) => a.title);
    const apply = actions.find((a) => a.title.startsWith('Apply Suggestion'));
    assert.ok(apply, `no Apply Suggestion among ${titles.join(' | ')}`);
    for (const want of ['Run Thread', 'Resolve Thread', 'Reply and Resolve…', 'Open Thread on GitHub']) {
      assert.ok(titles.some((x) => x.startsWith(want)), `${want} missing`);
    }
    await vscode.commands.executeCommand(apply.command!.command, ...(apply.command!.arguments ?? []));
    await waitFor('the document to change', () => doc.lineAt(t.line! - 1).text === 'const RETRYABLE = new Set([429, 502, 503, 504]);');
  });

  it('moves threads between lanes by drag and drop; the next plan uses it', async () => {
    await vscode.commands.executeCommand('prThreads.planAgain', { strategy: 'by-file', workers: 3 });
    const [from, to] = api.state.plan.lanes;
    const moving = from.threads[0];
    const data = new vscode.DataTransfer();
    await api.dragAndDrop.handleDrag([{ kind: 'thread', id: moving }], data, new vscode.CancellationTokenSource().token);
    await api.dragAndDrop.handleDrop({ kind: 'lane', name: to.name }, data, new vscode.CancellationTokenSource().token);
    assert.equal(api.state.plan.strategy, 'manual');
    assert.ok(api.state.plan.lanes.find((l) => l.name === to.name)!.threads.includes(moving));
    assert.ok(!(api.state.plan.lanes.find((l) => l.name === from.name)?.threads ?? []).includes(moving));
    await vscode.commands.executeCommand('prThreads.refresh');
    assert.equal(api.state.plan.strategy, 'manual', 'a refresh keeps the hand-made plan');
    // The next run follows the edited plan: the moved thread runs in its new lane.
    const out = path.join(tmpdir(), `prt-lanes-${process.pid}-${Date.now()}`);
    const command = `echo "$PRT_THREAD_ID $PRT_WORKER" >> ${out}`;
    restore = await configure({ command, applySuggestions: false });
    await api.runs.rememberConfirmation({ command });
    await vscode.commands.executeCommand('prThreads.runLane', { kind: 'lane', name: to.name });
    const ran = new Map(readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(' ') as [string, string]));
    assert.equal(ran.get(moving), to.name, 'the moved thread ran in the lane it was dropped on');
    assert.deepEqual([...ran.keys()].sort(), [...api.state.plan.lanes.find((l) => l.name === to.name)!.threads].sort(), 'Run Lane ran exactly that lane');
    rmSync(out, { force: true });
    await vscode.commands.executeCommand('prThreads.planAgain', { strategy: 'by-file', workers: 3 });
    assert.equal(api.state.plan.strategy, 'by-file');
  });

  it('a run reads GitHub again first: a thread resolved since the load is not run, a new one is, and the view follows', async () => {
    const out = path.join(tmpdir(), `prt-ran-${process.pid}-${Date.now()}`);
    const command = `echo "$PRT_THREAD_ID" >> ${out}`;
    restore = await configure({ command, applySuggestions: false, resolveOnSuccess: false });
    await api.runs.rememberConfirmation({ command });
    const loaded = api.state.threads.length;
    const gone = api.state.threads[0];
    gh.store.setResolved(gone.id, true, 'someone-else');
    const added = addSimpleThread(gh.store, gh.store.getPullRequest(PR)!, { path: 'src/config.js', line: 3, body: 'A thread that came after the view loaded' });
    await vscode.commands.executeCommand('prThreads.runAll');
    const ran = readFileSync(out, 'utf8').trim().split('\n');
    rmSync(out, { force: true });
    assert.ok(!ran.includes(gone.id), 'the thread resolved elsewhere did not run');
    assert.ok(ran.includes(added.id), 'the new thread ran');
    assert.equal(ran.length, loaded, 'one gone, one new');
    assert.equal(api.state.thread(gone.id), undefined, 'the view dropped the resolved thread');
    assert.ok(api.state.thread(added.id), 'the view shows the new thread');
    assert.ok(api.state.plan.lanes.some((l) => l.threads.includes(added.id)), 'the new thread joined a lane');
  });
});

function pgrep(pattern: string): boolean {
  try {
    execFileSync('pgrep', ['-f', pattern]);
    return true;
  } catch {
    return false;
  }
}
