// The real Claude Code and Codex CLIs (installed by scripts/setup-agents.sh into
// .cache/agents/), each run non-interactively in a temporary git repository against a
// local scripted model server. Nothing leaves 127.0.0.1; the real HOME is not touched.
// Build and run:
//   node esbuild.mjs --tests --only test/agents
//   npx mocha --no-config --enable-source-maps --timeout 120000 out/test/agents/agentRig.test.js
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  claudeArgs, claudeBin, claudeEnv, codexArgs, codexBin, codexEnv, copilotArgs, copilotBin, copilotEnv, geminiArgs,
  geminiBin, geminiEnv, groupMembers, opencodeArgs, opencodeBin, opencodeEnv, parseClaudeResult, parseCodexEvents,
  runAgent, spawnAgent, waitGroupGone, type AgentRun,
} from './agentRig';
import { startAnthropicServer } from './anthropicServer';
import { startResponsesServer } from './responsesServer';
import { scriptedTurns, sendJson, startRecordingServer, type ModelServer, type Script, type ToolResult } from './scripted';

/** A GitHub-token-shaped canary put into the CLI's environment: the model must never see it. */
const CANARY = 'ghp_RIGCANARY0123456789abcdefABCDEF012345';
const ORIGINAL = 'export const greeting = "hello world";\n';

interface Sandbox {
  root: string;
  repo: string;
  home: string;
}

function makeSandbox(): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'prt-agents-')));
  const repo = join(root, 'repo');
  const home = join(root, 'home');
  mkdirSync(repo);
  mkdirSync(home);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'greeting.ts'), ORIGINAL);
  git('add', '.');
  git('-c', 'user.name=Rig', '-c', 'user.email=rig@example.invalid', 'commit', '-q', '-m', 'init');
  return { root, repo, home };
}

/** `git status --porcelain` of the repository: '' when nothing changed. */
function gitStatus(repo: string): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repo, encoding: 'utf8' }).trim();
}

function lastResult(server: ModelServer): ToolResult[] {
  return server.seen.at(-1)?.toolResults ?? [];
}

/** Every request the CLI made was one the server knows (none answered 404). */
function assertAllAnswered(server: ModelServer): void {
  const unknown = server.requests.filter((r) => r.kind === 'other' && r.status === 404);
  assert.deepEqual(unknown.map((r) => `${r.method} ${r.url}`), [], 'the CLI called an endpoint the scripted server does not serve');
}

function describeRun(run: AgentRun): string {
  return `exit ${run.code} signal ${run.signal} in ${run.durationMs} ms\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`;
}

/** Kills the group after `afterMs` and checks that nothing of it is left. */
async function killAfter(spawned: ReturnType<typeof spawnAgent>, afterMs: number): Promise<{ run: AgentRun; membersBefore: number[] }> {
  await new Promise((r) => setTimeout(r, afterMs));
  const membersBefore = groupMembers(spawned.pid);
  assert.ok(membersBefore.length > 0, 'the CLI ended before the kill: it did not wait for the slow model');
  assert.equal(spawned.killGroup('SIGKILL'), true);
  const run = await spawned.done;
  assert.equal(await waitGroupGone(spawned.pid, 5_000), true, `processes of group ${spawned.pid} are left: ${groupMembers(spawned.pid).join(', ')}`);
  return { run, membersBefore };
}

/** A prompt larger than Linux's 128 KiB single-argument limit, with markers at both ends. */
function bigPrompt(): string {
  const filler = 'This review comment is long on purpose. '.repeat(5_000); // ~200 KiB
  return `PROMPT-START Please fix the review thread.\n${filler}\nPROMPT-END\n`;
}

describe('agent rig: Claude Code against a local Anthropic Messages server', function () {
  this.timeout(120_000);
  let bin: string;
  let box: Sandbox;
  let server: ModelServer | undefined;

  before(() => {
    // Required: a missing CLI fails the suite (npm test installs it first), never a silent skip.
    const b = claudeBin();
    if (!b) throw new Error('Claude Code is not installed in .cache/agents: run `bash scripts/setup-agents.sh` (npm test does)');
    bin = b;
  });
  beforeEach(() => {
    box = makeSandbox();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(box.root, { recursive: true, force: true });
  });

  async function run(script: Script, prompt = 'Please fix the review thread on greeting.ts.\n', extraEnv: Record<string, string> = {}) {
    server = await startAnthropicServer(script);
    const r = await runAgent({ bin, args: claudeArgs(), env: claudeEnv({ home: box.home, baseUrl: server.url, extra: extraEnv }), cwd: box.repo, stdin: prompt });
    assertAllAnswered(server);
    return r;
  }

  it('(a) edits a file in the working folder via Read + Edit, reports success, the final message and usage', async () => {
    const file = join(box.repo, 'greeting.ts');
    const r = await run(scriptedTurns(
      { toolCalls: [{ name: 'Read', input: { file_path: file } }] },
      { toolCalls: [{ name: 'Edit', input: { file_path: file, old_string: 'hello world', new_string: 'hello rig' } }] },
      { text: 'Renamed the greeting as the reviewer asked.' },
    ));
    assert.equal(r.code, 0, describeRun(r));
    assert.equal(readFileSync(file, 'utf8'), 'export const greeting = "hello rig";\n');
    const res = parseClaudeResult(r.stdout);
    assert.equal(res.ok, true, JSON.stringify(res.raw));
    assert.equal(res.subtype, 'success');
    assert.equal(res.result, 'Renamed the greeting as the reviewer asked.');
    assert.equal(res.numTurns, 3);
    assert.ok(res.usage.inputTokens > 0 && res.usage.outputTokens > 0, JSON.stringify(res.usage));
    assert.ok(res.totalCostUsd > 0, 'Claude Code prices the (made-up) usage at list price');
    assert.deepEqual(res.permissionDenials, []);
    const [read, edit] = lastResult(server!);
    assert.equal(read.name, 'Read');
    assert.match(read.content, /hello world/);
    assert.equal(edit.name, 'Edit');
    assert.equal(edit.isError, false);
    assert.match(edit.content, /has been updated successfully/);
    const tools = server!.seen[0].tools;
    for (const t of ['Read', 'Edit', 'Write']) assert.ok(tools.includes(t), `offers ${t}: ${tools.join(' ')}`);
    for (const t of ['Bash', 'WebFetch', 'WebSearch']) assert.ok(!tools.includes(t), `does not offer ${t}`);
    assert.equal(gitStatus(box.repo), 'M greeting.ts');
  });

  it('(b) answers with text only: success, no file change', async () => {
    const r = await run(scriptedTurns({ text: 'Nothing to change: the code already does this.' }));
    assert.equal(r.code, 0, describeRun(r));
    const res = parseClaudeResult(r.stdout);
    assert.equal(res.ok, true);
    assert.equal(res.result, 'Nothing to change: the code already does this.');
    assert.equal(res.numTurns, 1);
    assert.equal(gitStatus(box.repo), '');
    assert.equal(server!.seen.length, 1);
  });

  it('(c) a write outside the working folder (absolute /tmp path, DIR/../x, ../x) is refused and reported as a permission denial', async () => {
    const absolute = join(box.root, 'outside-absolute.txt');
    const dotdot = `${box.repo}/../outside-dotdot.txt`; // not normalized: the CLI must resolve it
    const r = await run(scriptedTurns(
      { toolCalls: [{ name: 'Write', input: { file_path: absolute, content: 'pwned\n' } }] },
      { toolCalls: [{ name: 'Write', input: { file_path: dotdot, content: 'pwned\n' } }] },
      { toolCalls: [{ name: 'Write', input: { file_path: '../outside-relative.txt', content: 'pwned\n' } }] },
      { text: 'I could not write those files.' },
    ));
    assert.equal(r.code, 0, describeRun(r));
    for (const f of ['outside-absolute.txt', 'outside-dotdot.txt', 'outside-relative.txt']) {
      assert.equal(existsSync(join(box.root, f)), false, `${f} was written`);
    }
    assert.equal(gitStatus(box.repo), '');
    const results = lastResult(server!);
    console.log(`      Claude Code's tool_results: ${JSON.stringify(results.map((x) => ({ name: x.name, isError: x.isError, content: x.content })))}`);
    assert.equal(results.length, 3);
    for (const x of results) {
      assert.equal(x.isError, true);
      // Paths are resolved first (relative ones against the cwd): the message names the real target.
      assert.match(x.content, new RegExp(`requested permissions to write to ${box.root}/outside-[a-z]+\\.txt, but you haven't granted it yet`));
    }
    const res = parseClaudeResult(r.stdout);
    // The run itself succeeds: the refusal is the model's to handle.
    assert.equal(res.ok, true);
    assert.deepEqual(res.permissionDenials.map((d) => d.tool_name), ['Write', 'Write', 'Write']);
    // permission_denials carry the tool input with the path already resolved.
    assert.deepEqual(res.permissionDenials.map((d) => (d.tool_input as { file_path: string }).file_path), ['absolute', 'dotdot', 'relative'].map((k) => join(box.root, `outside-${k}.txt`)));
  });

  it('(d) Bash is not offered; a call to it anyway fails, and a token in the environment never reaches the model', async () => {
    const r = await run(scriptedTurns(
      { toolCalls: [{ name: 'Bash', input: { command: 'env', description: 'Print the environment' } }] },
      { text: 'No shell here.' },
    ), undefined, { GITHUB_TOKEN: CANARY, GH_TOKEN: CANARY });
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(!server!.seen[0].tools.includes('Bash'));
    const [bash] = lastResult(server!);
    console.log(`      Claude Code's tool_result: ${JSON.stringify(bash)}`);
    assert.equal(bash.isError, true);
    assert.match(bash.content, /No such tool available: Bash/);
    assert.equal(parseClaudeResult(r.stdout).ok, true);
    assert.equal(server!.saw(CANARY), false, 'the GitHub token reached the model server');
  });

  it('(e) a slow model (30 s): killing the process group after 2 s leaves nothing running', async () => {
    server = await startAnthropicServer(scriptedTurns({ text: 'too late', delayMs: 30_000 }));
    const spawned = spawnAgent({ bin, args: claudeArgs(), env: claudeEnv({ home: box.home, baseUrl: server.url }), cwd: box.repo, stdin: 'Please fix it.\n' });
    const { run: r, membersBefore } = await killAfter(spawned, 2_000);
    console.log(`      Claude Code's group before the kill: ${membersBefore.length} process(es); after: exit ${r.code} signal ${r.signal}, stdout ${JSON.stringify(r.stdout.slice(0, 200))}`);
    assert.equal(r.signal, 'SIGKILL');
    assert.equal(server.seen.length, 1);
    assert.ok(server.requests.some((x) => x.kind === 'main' && x.aborted), 'the server saw the request go away');
  });

  it('reads a prompt larger than the 128 KiB argv limit from stdin', async () => {
    const r = await run(scriptedTurns({ text: 'Read it all.' }), bigPrompt());
    assert.equal(r.code, 0, describeRun(r));
    const user = server!.seen[0].userText;
    assert.match(user, /PROMPT-START/);
    assert.match(user, /PROMPT-END/);
    assert.ok(user.length > 128 * 1024);
  });
});

describe('agent rig: Codex (codex exec) against a local Responses API server', function () {
  this.timeout(120_000);
  let bin: string;
  let box: Sandbox;
  let server: ModelServer | undefined;

  before(() => {
    // Required: a missing CLI fails the suite (npm test installs it first), never a silent skip.
    const b = codexBin();
    if (!b) throw new Error('Codex is not installed in .cache/agents: run `bash scripts/setup-agents.sh` (npm test does)');
    bin = b;
  });
  beforeEach(() => {
    box = makeSandbox();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(box.root, { recursive: true, force: true });
  });

  function lastMessageFile(): string {
    return join(box.root, 'last-message.txt');
  }

  async function run(script: Script, prompt = 'Please fix the review thread on greeting.ts.\n', extraEnv: Record<string, string> = {}) {
    server = await startResponsesServer(script);
    const r = await runAgent({
      bin,
      args: codexArgs({ cwd: box.repo, baseUrl: server.url, lastMessageFile: lastMessageFile() }),
      env: codexEnv({ home: box.home, extra: extraEnv }),
      cwd: box.repo,
      stdin: prompt,
    });
    assertAllAnswered(server);
    return r;
  }

  const patch = (body: string) => `*** Begin Patch\n${body}*** End Patch\n`;

  it('(a) edits a file in the working folder via apply_patch, reports success, the final message and usage', async () => {
    const r = await run(scriptedTurns(
      { toolCalls: [{ name: 'apply_patch', input: patch('*** Update File: greeting.ts\n@@\n-export const greeting = "hello world";\n+export const greeting = "hello rig";\n') }] },
      { text: 'Renamed the greeting as the reviewer asked.' },
    ));
    assert.equal(r.code, 0, describeRun(r));
    assert.equal(readFileSync(join(box.repo, 'greeting.ts'), 'utf8'), 'export const greeting = "hello rig";\n');
    const res = parseCodexEvents(r.stdout);
    assert.equal(res.ok, true, r.stdout);
    assert.deepEqual(res.errors, []);
    assert.equal(res.finalMessage, 'Renamed the greeting as the reviewer asked.');
    assert.equal(readFileSync(lastMessageFile(), 'utf8'), 'Renamed the greeting as the reviewer asked.');
    assert.ok(res.usage.inputTokens > 0 && res.usage.outputTokens > 0, JSON.stringify(res.usage));
    const change = res.items.find((i) => i.type === 'file_change');
    assert.deepEqual(change?.changes, [{ path: join(box.repo, 'greeting.ts'), kind: 'update' }]);
    assert.equal(change?.status, 'completed');
    const [result] = lastResult(server!);
    assert.equal(result.name, 'apply_patch');
    assert.match(result.content, /Success\. Updated the following files:\nM greeting\.ts/);
    const tools = server!.seen[0].tools;
    for (const t of ['exec_command', 'apply_patch']) assert.ok(tools.includes(t), `offers ${t}: ${tools.join(' ')}`);
    assert.equal(gitStatus(box.repo), 'M greeting.ts');
  });

  it('(b) answers with text only: success, no file change', async () => {
    const r = await run(scriptedTurns({ text: 'Nothing to change: the code already does this.' }));
    assert.equal(r.code, 0, describeRun(r));
    const res = parseCodexEvents(r.stdout);
    assert.equal(res.ok, true, r.stdout);
    assert.equal(res.finalMessage, 'Nothing to change: the code already does this.');
    assert.equal(gitStatus(box.repo), '');
    assert.equal(server!.seen.length, 1);
  });

  it('(c) writes outside the working folder are refused: apply_patch by policy, the shell by the sandbox', async () => {
    const absolute = join(box.root, 'outside-absolute.txt');
    const r = await run(scriptedTurns(
      { toolCalls: [{ name: 'apply_patch', input: patch(`*** Add File: ${absolute}\n+pwned\n`) }] },
      { toolCalls: [{ name: 'apply_patch', input: patch('*** Add File: ../outside-dotdot.txt\n+pwned\n') }] },
      { toolCalls: [{ name: 'exec_command', input: { cmd: `echo pwned > ${box.root}/outside-shell.txt; echo pwned > ../outside-shell-dotdot.txt; echo ok > inside-shell.txt` } }] },
      { text: 'I could not write those files.' },
    ));
    assert.equal(r.code, 0, describeRun(r));
    for (const f of ['outside-absolute.txt', 'outside-dotdot.txt', 'outside-shell.txt', 'outside-shell-dotdot.txt']) {
      assert.equal(existsSync(join(box.root, f)), false, `${f} was written`);
    }
    assert.equal(gitStatus(box.repo), '?? inside-shell.txt', 'the shell can write inside the working folder');
    const results = lastResult(server!);
    console.log(`      Codex's tool results: ${JSON.stringify(results.map((x) => ({ name: x.name, content: x.content })))}`);
    assert.equal(results.length, 3);
    assert.match(results[0].content, /^patch rejected: writing outside of the project; rejected by user approval settings/);
    assert.match(results[1].content, /^patch rejected: writing outside of the project/);
    assert.match(results[2].content, /outside-shell\.txt: Read-only file system/);
    assert.match(results[2].content, /outside-shell-dotdot\.txt: Read-only file system/);
    assert.equal(parseCodexEvents(r.stdout).ok, true, 'the run itself succeeds: the refusals are the model\'s to handle');
  });

  it('(d) `env` runs sandboxed: no token in its output, no network, and the model never sees a token', async () => {
    const r = await run((req) => (req.index === 0
      ? { toolCalls: [{ name: 'exec_command', input: { cmd: `env | sort; (exec 3<>/dev/tcp/127.0.0.1/${new URL(server!.url).port}) 2>/dev/null && echo NET-REACHED || echo NET-BLOCKED` } }] }
      : { text: 'Done.' }),
    undefined, { GITHUB_TOKEN: CANARY, GH_TOKEN: CANARY });
    assert.equal(r.code, 0, describeRun(r));
    const [result] = lastResult(server!);
    assert.equal(result.name, 'exec_command');
    console.log(`      Codex's env output (variables): ${result.content.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0]).join(' ')}`);
    assert.match(result.content, /Process exited with code 0/);
    assert.match(result.content, /^HOME=/m, 'env ran');
    assert.match(result.content, /^CODEX_SANDBOX_NETWORK_DISABLED=1$/m);
    assert.doesNotMatch(result.content, /TOKEN=|_KEY=/, 'shell_environment_policy.ignore_default_excludes=false drops *TOKEN*, *KEY*, *SECRET*');
    assert.match(result.content, /NET-BLOCKED/, 'the sandbox has no network, not even to the model server');
    const cmd = parseCodexEvents(r.stdout).items.find((i) => i.type === 'command_execution');
    assert.equal(cmd?.exit_code, 0);
    assert.equal(server!.saw(CANARY), false, 'the GitHub token reached the model server');
    assert.equal(server!.requests.filter((x) => x.kind === 'other').length, 0, 'the sandboxed command reached the server');
  });

  it('(e) a slow model (30 s): killing the process group after 2 s leaves nothing running', async () => {
    server = await startResponsesServer(scriptedTurns({ text: 'too late', delayMs: 30_000 }));
    const spawned = spawnAgent({
      bin,
      args: codexArgs({ cwd: box.repo, baseUrl: server.url, lastMessageFile: lastMessageFile() }),
      env: codexEnv({ home: box.home }),
      cwd: box.repo,
      stdin: 'Please fix it.\n',
    });
    const { run: r, membersBefore } = await killAfter(spawned, 2_000);
    console.log(`      Codex's group before the kill: ${membersBefore.length} process(es) (the node launcher and the native binary); after: exit ${r.code} signal ${r.signal}`);
    assert.equal(r.signal, 'SIGKILL');
    assert.equal(server.seen.length, 1);
    assert.ok(server.requests.some((x) => x.kind === 'main' && x.aborted), 'the server saw the request go away');
    // Codex creates the --output-last-message file at the start; a killed run leaves it empty.
    assert.equal(existsSync(lastMessageFile()) ? readFileSync(lastMessageFile(), 'utf8') : '', '');
  });

  it('reads a prompt larger than the 128 KiB argv limit from stdin (`-`)', async () => {
    const r = await run(scriptedTurns({ text: 'Read it all.' }), bigPrompt());
    assert.equal(r.code, 0, describeRun(r));
    const user = server!.seen[0].userText;
    assert.match(user, /PROMPT-START/);
    assert.match(user, /PROMPT-END/);
    assert.ok(user.length > 128 * 1024);
  });
});

// Gemini CLI, GitHub Copilot CLI and opencode: only checks that the preset argv is accepted
// non-interactively (and, where the CLI can be pointed at a local server, that the prompt
// on stdin reaches it). Each is skipped when scripts/setup-agents.sh could not install it.
describe('agent rig: other CLIs (argument-parsing checks)', function () {
  this.timeout(120_000);
  let box: Sandbox;
  let server: ModelServer | undefined;

  beforeEach(() => {
    box = makeSandbox();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(box.root, { recursive: true, force: true });
  });

  function need(this: Mocha.Context, name: string, b: string | undefined): string {
    if (!b) {
      console.log(`      skipped: ${name} is not installed in .cache/agents (see .cache/agents/stamp and setup.log)`);
      this.skip();
    }
    return b;
  }

  it('gemini: `--skip-trust --output-format json --approval-mode auto_edit` with the prompt on stdin reaches a local base URL', async function () {
    const bin = need.call(this, 'Gemini CLI', geminiBin());
    // No Gemini API stand-in yet: a server that records and answers 404, which Gemini reports as a JSON error.
    server = await startRecordingServer(async (rec, res) => sendJson(rec, res, 404, { error: { code: 404, message: 'no Gemini API here', status: 'NOT_FOUND' } }), { seen: [], scriptErrors: [] });
    const env = geminiEnv({ home: box.home, baseUrl: server.url });
    const r = await runAgent({ bin, args: geminiArgs(), env, cwd: box.repo, stdin: 'GEMINI-PROMPT-MARKER fix the thread\n' });
    console.log(`      gemini: exit ${r.code}, requests ${JSON.stringify(server.requests.map((x) => `${x.method} ${x.url}`))}`);
    assert.doesNotMatch(r.stderr + r.stdout, /Unknown argument|Not enough arguments|not trusted/);
    const main = server.requests.find((x) => /:streamGenerateContent/.test(x.url));
    assert.ok(main, 'Gemini sent its main request to the local base URL');
    assert.ok(main.body.includes('GEMINI-PROMPT-MARKER'), 'the stdin prompt is in the request');
    assert.equal(main.headers['x-goog-api-key'], 'gemini-offline-rig-dummy-key');
    assert.notEqual(r.code, 0);
    // A failed run prints its JSON result on stderr, after the error's stack trace.
    const text = `\n${r.stderr}`;
    const out = JSON.parse(text.slice(text.lastIndexOf('\n{') + 1)) as { session_id?: string; error?: { message: string } };
    assert.ok(out.session_id && out.error, `a JSON error result: ${r.stderr.slice(-500)}`);
    assert.match(out.error.message, /no Gemini API here/);
  });

  it('copilot: `--allow-all-tools --excluded-tools bash web_fetch --output-format json …` with the prompt on stdin runs against a local Anthropic server (BYOK)', async function () {
    const bin = need.call(this, 'GitHub Copilot CLI', copilotBin());
    server = await startAnthropicServer(scriptedTurns({ text: 'Hello from the rig.' }));
    const r = await runAgent({ bin, args: copilotArgs(), env: copilotEnv({ home: box.home, baseUrl: server.url }), cwd: box.repo, stdin: 'COPILOT-PROMPT-MARKER fix the thread\n' });
    assert.equal(r.code, 0, describeRun(r));
    assert.match(server.seen[0].userText, /COPILOT-PROMPT-MARKER/);
    const tools = server.seen[0].tools;
    assert.ok(tools.includes('edit') && tools.includes('create'), tools.join(' '));
    assert.ok(!tools.includes('bash') && !tools.includes('web_fetch'), tools.join(' '));
    const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; data?: { content?: string }; exitCode?: number });
    assert.equal(events.filter((e) => e.type === 'assistant.message').at(-1)?.data?.content, 'Hello from the rig.');
    assert.equal(events.find((e) => e.type === 'result')?.exitCode, 0);
    assertAllAnswered(server);
  });

  it('opencode: `run --format json --auto --dir DIR` is accepted (help), a bad value is refused', async function () {
    const bin = need.call(this, 'opencode', opencodeBin());
    // Not run for real: at start it reaches for the network (DNS and HTTPS) even with
    // OPENCODE_DISABLE_MODELS_FETCH, and offline it hangs before calling the model.
    const env = opencodeEnv({ home: box.home });
    const help = await runAgent({ bin, args: [...opencodeArgs(box.repo), '--help'], env, cwd: box.repo, stdin: '', timeoutMs: 30_000 });
    assert.equal(help.code, 0, describeRun(help));
    for (const flag of ['--format', '--auto', '--dir', '--model']) assert.ok(help.stdout.includes(flag) || help.stderr.includes(flag), `run --help lists ${flag}`);
    const bad = await runAgent({ bin, args: ['run', '--format', 'bogus', 'x'], env, cwd: box.repo, stdin: '', timeoutMs: 30_000 });
    assert.equal(bad.code, 1, describeRun(bad));
  });
});

// The servers' own behaviour, without a CLI: the non-streaming answers and side endpoints a
// CLI may use, the classifiers, and what a script is shown.
describe('scripted model servers', function () {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };

  it('Anthropic: non-streaming tool_use answer, count_tokens, models, side requests apart, tool results named', async () => {
    server = await startAnthropicServer((req) => (req.toolResults.length
      ? { text: `saw ${req.toolResults[0].name}: ${req.toolResults[0].content}` }
      : { toolCalls: [{ name: 'Read', input: { file_path: '/x' }, id: 'toolu_1' }] }));
    const tools = [{ name: 'Read', input_schema: { type: 'object' } }];
    const first = await post(`${server.url}/v1/messages`, { model: 'm', max_tokens: 10, tools, messages: [{ role: 'user', content: 'go' }] }, { authorization: `Bearer ${CANARY}` });
    const msg = JSON.parse(first.text) as { stop_reason: string; content: Array<{ type: string; name?: string; input?: unknown }> };
    assert.equal(msg.stop_reason, 'tool_use');
    assert.deepEqual(msg.content, [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/x' } }]);
    const second = await post(`${server.url}/v1/messages?beta=true`, {
      model: 'm', max_tokens: 10, stream: true, tools, system: [{ type: 'text', text: 'SYS' }],
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/x' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'file body' }] }] },
      ],
    });
    assert.match(second.type, /text\/event-stream/);
    const events = [...second.text.matchAll(/^event: (\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(events, ['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    assert.match(second.text, /"stop_reason":"end_turn"/);
    assert.equal(server.seen[1].system, 'SYS');
    assert.match(server.seen[1].text, /\[tool_result Read\] file body/);
    const side = await post(`${server.url}/v1/messages`, { model: 'haiku', max_tokens: 10, messages: [{ role: 'user', content: 'title?' }] });
    assert.match(side.text, /"text":"OK"/);
    assert.equal(server.seen.length, 2, 'side requests are not shown to the script');
    assert.equal((await post(`${server.url}/v1/messages/count_tokens`, { messages: [] })).status, 200);
    assert.equal((await fetch(`${server.url}/v1/models`)).status, 200);
    assert.deepEqual(server.requests.map((r) => r.kind), ['main', 'main', 'side', 'other', 'other']);
    assert.equal(server.saw(CANARY), true, 'headers are recorded');
  });

  it('Responses: function and custom tool calls, their outputs, usage, a delayed answer and an error', async () => {
    server = await startResponsesServer(scriptedTurns(
      { toolCalls: [{ name: 'exec_command', input: { cmd: 'ls' }, id: 'c1' }, { name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n', id: 'c2' }] },
      { text: 'done', delayMs: 200, usage: { inputTokens: 7, outputTokens: 3 } },
      { error: { status: 400, message: 'bad' } },
    ));
    const tools = [{ type: 'function', name: 'exec_command' }, { type: 'custom', name: 'apply_patch' }, { type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'sub' }] }];
    const first = await post(`${server.url}/v1/responses`, { model: 'gpt-5.5', stream: true, tools, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] }] });
    assert.match(first.text, /"type":"function_call".*"arguments":"\{\\"cmd\\":\\"ls\\"\}"/);
    assert.match(first.text, /"type":"custom_tool_call".*"input":"\*\*\* Begin Patch/);
    assert.match(first.text, /event: response\.completed/);
    assert.deepEqual(server.seen[0].tools, ['exec_command', 'apply_patch', 'ns.sub']);
    const started = Date.now();
    const second = await post(`${server.url}/v1/responses`, {
      model: 'gpt-5.5', stream: true, tools, instructions: 'INS',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'DEV' }] },
        { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
        { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
        { type: 'custom_tool_call', call_id: 'c2', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n' },
        { type: 'custom_tool_call_output', call_id: 'c2', output: 'Success.' },
      ],
    });
    assert.ok(Date.now() - started >= 190);
    assert.match(second.text, /"usage":\{"input_tokens":7,.*"output_tokens":3/);
    assert.equal(server.seen[1].system, 'INS\nDEV');
    assert.deepEqual(server.seen[1].toolResults.map((r) => [r.name, r.content]), [['exec_command', 'a.txt'], ['apply_patch', 'Success.']]);
    const third = await post(`${server.url}/v1/responses`, { model: 'gpt-5.5', stream: true, tools, input: 'go' });
    assert.equal(third.status, 400);
    const side = await post(`${server.url}/v1/responses`, { model: 'gpt-5.5', stream: true, input: 'compact' }, { 'x-codex-turn-metadata': JSON.stringify({ request_kind: 'compaction' }) });
    assert.match(side.text, /"text":"OK"/);
    assert.equal(server.seen.length, 3);
  });
});
