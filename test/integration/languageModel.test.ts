import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { PrThreadsApi } from '../../src/extension/extension';
import type { RunReport } from '../../src/pipeline/report';
import type { FakeLmApi } from '../fixtures/fake-lm/extension';
import type { TestGitHub } from '../github/testGitHub';
import { configure, extensionApi, loadDemo, resetWorkspace, waitFor, workspaceRoot } from './harness';

// The scripted model of test/fixtures/fake-lm, loaded beside the extension by test/host/main.ts.
const FAKE_LM_ID = 'prt-test.prt-fake-lm';
const FAKE_LABEL = 'Scripted Fake Model (prt-fake/scripted)';

// Kept in step with fakeMarker() of the fake (imported as a type only: it is another extension's bundle).
const marker = (t: { path: string; line: number | null }) => `// fake-lm fixed ${t.path}:${t.line ?? 'outdated'}`;

const git = (...args: string[]) => execFileSync('git', args, { cwd: workspaceRoot(), encoding: 'utf8' }).trim();

async function fakeLm(): Promise<FakeLmApi> {
  const ext = vscode.extensions.getExtension<FakeLmApi>(FAKE_LM_ID);
  assert.ok(ext, `${FAKE_LM_ID} is not loaded: test/host/main.ts gives it to the workbench beside the extension`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  await waitFor('the fake model to be served', async () => (await vscode.lm.selectChatModels({ vendor: 'prt-fake' })).length > 0);
  return api;
}

describe('The language-model fixer in VS Code (a scripted model)', () => {
  let api: PrThreadsApi;
  let lm: FakeLmApi;
  let gh: TestGitHub;
  let restore: (() => Promise<void>) | undefined;
  let head: string;

  beforeEach(async () => {
    api = await extensionApi();
    lm = await fakeLm();
    lm.reset();
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
    lm.reset();
    git('reset', '--quiet', '--hard', head);
  });

  it('Run All: the model edits each thread\'s worktree, the fixes await review; reject one, accept the rest, Apply resolves exactly those', async () => {
    // One thread the model leaves alone, one where it tries to write outside the worktree and into .git.
    const threads = api.state.threads.filter((t) => !t.isResolved);
    const quiet = threads.find((t) => t.path === 'src/config.js' && t.comments[0].body.includes('p99'))!;
    const escaping = threads.find((t) => t.path === 'src/backoff.js' && t.comments[0].body.includes('AbortSignal'))!;
    assert.ok(quiet && escaping, 'the demo PR has the threads this test picks');
    lm.behave = (t) => (t.path === quiet.path && t.line === quiet.line ? 'noChange' : t.path === escaping.path && t.line === escaping.line ? 'escape' : 'edit');

    // The review setting is left at its default (`agents`): an AI fixer's fixes wait for review.
    restore = await configure({ fixer: 'languageModel', languageModel: { vendor: 'prt-fake' }, applySuggestions: false, commit: 'perThread', replyTemplate: 'Fixed in {sha}: {summary}', workers: 3, maxConcurrency: 3 });
    await api.runs.rememberConfirmation({ fixer: `model ${FAKE_LABEL}` });
    const running = Promise.resolve(vscode.commands.executeCommand('prThreads.runAll') as Thenable<RunReport | undefined>);
    const endedFirst = running.then((r) => {
      if (!api.reviewer.isReviewing) assert.fail(`the run ended before review: ${r?.error ?? JSON.stringify(r?.threads.map((t) => [t.status, t.error]))}\n${api.log.lines.slice(-30).join('\n')}`);
    });
    await Promise.race([waitFor('the fixes to await review', () => api.reviewer.isReviewing, 60_000), endedFirst]);

    const items = api.reviewer.items;
    const fixedIds = new Set(items.map((i) => i.thread.id));
    assert.equal(items.length, threads.length - 2, 'every thread but the two the model did not fix awaits review');
    assert.ok(!fixedIds.has(quiet.id) && !fixedIds.has(escaping.id));
    assert.equal(git('status', '--porcelain'), '', 'nothing reaches the work tree before review');
    assert.equal(git('rev-parse', 'HEAD'), head);

    // Each fix is its own commit, changing only its thread's file, adding the model's marker line.
    for (const i of items) {
      assert.equal(api.history.state(i.thread.id), 'awaitingReview');
      const diff = execFileSync('git', ['diff', i.base, i.commit], { cwd: workspaceRoot(), encoding: 'utf8' });
      assert.deepEqual(git('diff', '--name-only', i.base, i.commit).split('\n'), [i.thread.path]);
      assert.deepEqual(diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')), [`+${marker(i.thread)}`], i.thread.id);
    }

    // The model's side: one conversation per thread, exactly the two tools, the thread's path,
    // line and comment in its first request, never the GitHub token.
    const firsts = lm.requests.filter((r) => r.step === 0);
    assert.equal(firsts.length, threads.length, 'one conversation per thread');
    for (const t of threads) {
      const first = firsts.find((r) => r.thread.path === t.path && r.thread.line === t.line);
      assert.ok(first, `a conversation for ${t.path}:${t.line}`);
      assert.equal(first.thread.comments[0].body, t.comments[0].body);
      assert.deepEqual(first.tools, ['read_lines', 'replace_lines']);
    }
    assert.ok(lm.requests.every((r) => !r.text.includes(gh.token)), 'the GitHub token is in no request');
    const escaped = lm.requests.find((r) => r.thread.path === escaping.path && r.thread.line === escaping.line && r.step === 1)!;
    assert.deepEqual(escaped.results, ['error: path "../outside-fake-lm.txt" is outside the repository: refused', 'error: path ".git/config" leads into the git directory: refused']);

    // Reject the last fix of a lane (the lane's later fixes build on the earlier ones), accept the rest.
    const plan = api.history.runOf(items[0].thread.id)!.plan;
    const lastOfLanes = new Set(plan.lanes.map((l) => l.threads.filter((id) => fixedIds.has(id)).at(-1)));
    const rejected = items.find((i) => lastOfLanes.has(i.thread.id))!;
    const accepted = items.filter((i) => i !== rejected);
    assert.equal(await vscode.commands.executeCommand('prThreads.rejectFix', { kind: 'thread', id: rejected.thread.id }), 1);
    const nodes = accepted.map((i) => ({ kind: 'thread', id: i.thread.id }));
    assert.equal(await vscode.commands.executeCommand('prThreads.acceptFix', nodes[0], nodes), accepted.length);
    await vscode.commands.executeCommand('prThreads.applyAcceptedFixes');
    const report = await running;
    assert.ok(report, 'the run finished with a report');

    const log = git('log', '--format=%H', `${head}..HEAD`).split('\n').filter(Boolean);
    assert.equal(log.length, accepted.length, 'one commit per accepted thread');
    for (const i of accepted) {
      const stored = gh.store.getThread(i.thread.id)!;
      assert.equal(stored.isResolved, true, `${i.thread.path}:${i.thread.line} resolved`);
      const reply = stored.comments.at(-1)!.body;
      const m = /^Fixed in ([0-9a-f]+): Added a marker under /.exec(reply);
      assert.ok(m, `the reply names the commit and the model's summary: ${reply}`);
      assert.ok(log.some((sha) => sha.startsWith(m[1])), 'the reply names its own commit');
      assert.equal(api.history.state(i.thread.id), 'resolved');
    }
    for (const t of [rejected.thread, quiet, escaping]) {
      const stored = gh.store.getThread(t.id)!;
      assert.equal(stored.isResolved, false, `${t.path}:${t.line} stays unresolved`);
      assert.equal(stored.comments.length, t.comments.length, 'and gets no reply');
    }
    const row = (id: string) => report.threads.find((t) => t.id === id)!;
    assert.equal(row(rejected.thread.id).status, 'rejected');
    assert.equal(row(quiet.id).status, 'failed');
    assert.equal(row(quiet.id).error, 'the model made no change: Nothing to change: the comment asks a question, not for a change.');
    assert.match(row(escaping.id).error ?? '', /^the model made no change: I could not write: error: path/);
    assert.doesNotMatch(git('config', '--list', '--local'), /fsmonitor/, 'nothing reached the repository\'s git config');

    // The output channel: each agent's final message and tokens; the summary adds them up.
    const lines = api.log.lines.join('\n');
    assert.match(lines, new RegExp(`${FAKE_LABEL.replace(/[()]/g, '\\$&')} \\([\\d,]+ tokens in, [\\d,]+ out\\) said:\\n.*> Added a marker under `));
    assert.match(lines, new RegExp(`Agents \\(${FAKE_LABEL.replace(/[()]/g, '\\$&')}\\): ${threads.length} runs, [\\d,]+ tokens in, [\\d,]+ out`));
    const agent = row(accepted[0].thread.id).agent!;
    assert.equal(agent.fixer, FAKE_LABEL);
    assert.ok((agent.inputTokens ?? 0) > 0 && (agent.outputTokens ?? 0) > 0, 'token figures from the model\'s tokenizer');
  });

  it('a selector that matches no model: a clear message naming it, and no run', async () => {
    restore = await configure({ fixer: 'languageModel', languageModel: { vendor: 'no-such-vendor', family: 'gpt-9' } });
    await api.runs.rememberConfirmation({ fixer: `model ${FAKE_LABEL}` });
    const requests = gh.requests.length;
    let started = false;
    const listener = api.runs.onDidStartRun(() => (started = true));
    try {
      const report = await vscode.commands.executeCommand('prThreads.runAll');
      assert.equal(report, undefined);
    } finally {
      listener.dispose();
    }
    assert.equal(started, false, 'no run started');
    assert.equal(gh.requests.length, requests, 'no GitHub request');
    assert.equal(lm.requests.length, 0, 'no model request');
    const error = api.log.lines.filter((l) => l.includes('[error]')).at(-1) ?? '';
    assert.match(error, /runAll: No language model matches prThreads\.languageModel \{"vendor":"no-such-vendor","family":"gpt-9"\}: the models available are .*"vendor":"prt-fake".*; set prThreads\.languageModel to one of them\./);
  });
});
