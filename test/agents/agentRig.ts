// Runs the real coding-agent CLIs installed by scripts/setup-agents.sh (.cache/agents/)
// offline: each against a local scripted model server (anthropicServer.ts,
// responsesServer.ts), with a private HOME, dummy API keys and no telemetry or update
// checks, non-interactively in a given working folder with the prompt on stdin.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

// ---------------------------------------------------------------------------------------
// Where things are

/** The repository root: the nearest folder above `from` whose package.json is ours. */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'pr-thread-runner') return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the pr-thread-runner repository above ${from}`);
  }
}

export function agentsDir(root = repoRoot()): string {
  return join(root, '.cache', 'agents');
}

function installedBin(name: string, root?: string): string | undefined {
  const p = join(agentsDir(root), 'node_modules', '.bin', name);
  try {
    accessSync(p, constants.X_OK);
    return p;
  } catch {
    return undefined;
  }
}

/** Claude Code's native binary (a symlink into @anthropic-ai/claude-code), or undefined. */
export const claudeBin = (root?: string): string | undefined => installedBin('claude', root);
/** Codex's launcher (bin/codex.js: node, which runs the platform package's native binary). */
export const codexBin = (root?: string): string | undefined => installedBin('codex', root);
export const geminiBin = (root?: string): string | undefined => installedBin('gemini', root);
export const copilotBin = (root?: string): string | undefined => installedBin('copilot', root);
export const opencodeBin = (root?: string): string | undefined => installedBin('opencode', root);

/** The versions scripts/setup-agents.sh recorded (`unavailable-X` for an optional CLI that failed). */
export function agentVersions(root?: string): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (const line of readFileSync(join(agentsDir(root), 'stamp'), 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
    }
  } catch {
    // not installed
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Environments

/**
 * A private home for one agent run: HOME, the XDG folders and TMPDIR all inside `dir`
 * (created). Nothing of the real HOME is read or written.
 */
export function privateHome(dir: string): Record<string, string> {
  const env = {
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, '.config'),
    XDG_CACHE_HOME: join(dir, '.cache'),
    XDG_DATA_HOME: join(dir, '.local', 'share'),
    XDG_STATE_HOME: join(dir, '.local', 'state'),
    TMPDIR: join(dir, 'tmp'),
  };
  for (const d of Object.values(env)) mkdirSync(d, { recursive: true });
  return env;
}

/** Node's folder first (Codex's launcher is a node script), then the usual system folders. */
export function basePath(): string {
  return [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);
}

/** Built from nothing: the parent's environment (tokens included) is not passed on. */
function baseEnv(home: string): Record<string, string> {
  return { PATH: basePath(), LANG: 'C.UTF-8', NO_COLOR: '1', TERM: 'dumb', ...privateHome(home) };
}

/** A dummy Anthropic key: Claude Code sends it as x-api-key; the local server ignores it. */
export const DUMMY_ANTHROPIC_KEY = 'sk-ant-api03-offline-rig-dummy-key';
/** The variable Codex's custom provider reads its key from (env_key), and its dummy value. */
export const CODEX_KEY_VAR = 'PRT_RIG_MODEL_API_KEY';
export const DUMMY_OPENAI_KEY = 'sk-offline-rig-dummy-key';

/**
 * Claude Code's environment for a run against `baseUrl` (the Anthropic server's URL).
 * - ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY: the local server and a dummy key (API-key auth,
 *   so no OAuth, keychain or login).
 * - CLAUDE_CONFIG_DIR: its settings, sessions and ~/.claude.json state in the private home.
 * - CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: without it 2.1.332 looks up api.anthropic.com
 *   at start (telemetry, feature flags) even with a base URL set; with it, strace shows one
 *   connection only, to `baseUrl`. DISABLE_AUTOUPDATER, DISABLE_TELEMETRY and
 *   DISABLE_ERROR_REPORTING say the same one by one.
 */
export function claudeEnv(opts: { home: string; baseUrl: string; extra?: Record<string, string> }): Record<string, string> {
  const env = baseEnv(opts.home);
  return {
    ...env,
    CLAUDE_CONFIG_DIR: join(opts.home, '.claude'),
    ANTHROPIC_BASE_URL: opts.baseUrl,
    ANTHROPIC_API_KEY: DUMMY_ANTHROPIC_KEY,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
    CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
    ...opts.extra,
  };
}

/**
 * The argv (after the binary) that runs Claude Code once, non-interactively, in the
 * spawn's cwd, reading the prompt from stdin and printing one JSON result on stdout.
 * File edits inside the cwd are accepted, outside it refused (permission_denials); shell
 * and web tools are not offered. Still offered: Agent, Edit, Glob, Grep, ListAgents, Read,
 * ReportFindings, ScheduleWakeup, Skill, ToolSearch, Workflow, Write (`--tools
 * Read,Edit,Write,Glob,Grep` would offer only those). No session is written to disk.
 */
export function claudeArgs(extra: string[] = []): string[] {
  return [
    '-p',
    '--output-format', 'json',
    '--permission-mode', 'acceptEdits',
    // Variadic: must be followed by another option (or nothing), never the prompt.
    '--disallowedTools', 'Bash', 'WebFetch', 'WebSearch',
    '--no-session-persistence',
    ...extra,
  ];
}

/**
 * Codex's environment: the private home with CODEX_HOME in it (which must exist), and the
 * provider's dummy key. Commands run as `bash -lc`, so /etc/profile resets their PATH.
 * Codex still creates an empty /tmp/codex-daemon-UID whatever TMPDIR says.
 */
export function codexEnv(opts: { home: string; extra?: Record<string, string> }): Record<string, string> {
  const env = baseEnv(opts.home);
  const codexHome = join(opts.home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  return { ...env, CODEX_HOME: codexHome, [CODEX_KEY_VAR]: DUMMY_OPENAI_KEY, ...opts.extra };
}

/** A model slug of Codex's bundled catalog: gets the freeform apply_patch tool and no "metadata not found" warning. */
export const CODEX_MODEL = 'gpt-5.5';

/**
 * The argv (after the binary) that runs `codex exec` once in `cwd`, with the prompt read
 * from stdin (`-`), JSONL events on stdout and the final message written to `lastMessageFile`.
 * The custom provider `rig` points at `baseUrl` (the Responses server's URL; `/v1` is added).
 * The sandbox is workspace-write with /tmp and $TMPDIR not writable, so only `cwd` is
 * (by default workspace-write also lets commands and apply_patch write anywhere in /tmp).
 */
export function codexArgs(opts: { cwd: string; baseUrl: string; lastMessageFile: string; model?: string; extra?: string[] }): string[] {
  const provider = `{name="rig",base_url="${opts.baseUrl}/v1",wire_api="responses",env_key="${CODEX_KEY_VAR}"}`;
  return [
    'exec',
    '--json',
    '--ephemeral',
    '--skip-git-repo-check',
    '--sandbox', 'workspace-write',
    '-C', opts.cwd,
    '--output-last-message', opts.lastMessageFile,
    '-m', opts.model ?? CODEX_MODEL,
    '-c', `model_providers.rig=${provider}`,
    '-c', 'model_provider="rig"',
    '-c', 'sandbox_workspace_write.exclude_slash_tmp=true',
    '-c', 'sandbox_workspace_write.exclude_tmpdir_env_var=true',
    '-c', 'analytics.enabled=false',
    '-c', 'feedback.enabled=false',
    '-c', 'check_for_update_on_startup=false',
    // Else it syncs the plugin marketplace at start: `git ls-remote https://github.com/openai/plugins`
    // and a DNS lookup of api.github.com.
    '-c', 'features.plugins=false',
    // Commands see the environment minus *KEY*, *SECRET*, *TOKEN* (by default 0.171 passes everything).
    '-c', 'shell_environment_policy.ignore_default_excludes=false',
    // An unknown -c key is an error, not silently ignored (a renamed setting shows up at once).
    '--strict-config',
    ...(opts.extra ?? []),
    '-',
  ];
}

// The other CLIs: presets for argument-parsing checks (see agentRig.test.ts).

/**
 * Gemini CLI against `baseUrl` (GOOGLE_GEMINI_BASE_URL: it then calls
 * {base}/v1beta/models/MODEL:streamGenerateContent). That variable alone selects the
 * "gateway" auth type, which 0.61's non-interactive mode refuses ("Invalid auth method
 * selected"): settings.json picks gemini-api-key, with a dummy GEMINI_API_KEY.
 */
export function geminiEnv(opts: { home: string; baseUrl: string }): Record<string, string> {
  const env = baseEnv(opts.home);
  mkdirSync(join(opts.home, '.gemini'), { recursive: true });
  writeFileSync(join(opts.home, '.gemini', 'settings.json'), JSON.stringify({
    security: { auth: { selectedType: 'gemini-api-key' } },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
  }));
  return { ...env, GEMINI_API_KEY: 'gemini-offline-rig-dummy-key', GOOGLE_GEMINI_BASE_URL: opts.baseUrl };
}

/** Non-interactive when stdin is not a TTY (the prompt is stdin; `-p TEXT` would be appended to it). */
export function geminiArgs(): string[] {
  // --skip-trust: else "Approval mode overridden to default because the current folder is not trusted".
  return ['--skip-trust', '--output-format', 'json', '--approval-mode', 'auto_edit'];
}

/** GitHub Copilot CLI in BYOK mode against the Anthropic server: no GitHub sign-in needed. */
export function copilotEnv(opts: { home: string; baseUrl: string }): Record<string, string> {
  return {
    ...baseEnv(opts.home),
    COPILOT_PROVIDER_BASE_URL: opts.baseUrl,
    COPILOT_PROVIDER_TYPE: 'anthropic',
    COPILOT_PROVIDER_API_KEY: DUMMY_ANTHROPIC_KEY,
    COPILOT_MODEL: 'claude-sonnet-4',
  };
}

/** Non-interactive with the prompt on stdin (no -p needed); JSONL events on stdout, the last `{"type":"result","exitCode":…}`. */
export function copilotArgs(): string[] {
  return [
    '--allow-all-tools', // required for non-interactive runs
    '--excluded-tools', 'bash', 'web_fetch', // variadic: keep another option after it
    '--output-format', 'json',
    '--no-auto-update',
    '--disable-client-telemetry',
    '--no-ask-user',
  ];
}

export function opencodeEnv(opts: { home: string }): Record<string, string> {
  return {
    ...baseEnv(opts.home),
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
  };
}

/** `opencode run` (message as argv or stdin), JSON events, permissions auto-approved. */
export function opencodeArgs(dir: string): string[] {
  return ['run', '--format', 'json', '--auto', '--dir', dir];
}

// ---------------------------------------------------------------------------------------
// Running

export interface AgentRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The CLI's pid, which is also its process group id (spawned detached). */
  pid: number;
}

export interface SpawnedAgent {
  child: ChildProcess;
  pid: number;
  done: Promise<AgentRun>;
  /** Signals the whole process group; false when none of it is left. */
  killGroup(signal?: NodeJS.Signals): boolean;
}

/**
 * Starts a CLI in its own process group (detached), writes `stdin` and closes it. The
 * environment is exactly `env`: nothing of this process's is added.
 */
export function spawnAgent(opts: { bin: string; args: string[]; env: Record<string, string>; cwd: string; stdin: string }): SpawnedAgent {
  const started = Date.now();
  const child = spawn(opts.bin, opts.args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin?.on('error', () => {}); // EPIPE when the CLI exits before reading it all
  child.stdin?.end(opts.stdin);
  const pid = child.pid ?? -1;
  const done = new Promise<AgentRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started, pid }));
  });
  return { child, pid, done, killGroup: (signal = 'SIGKILL') => signalGroup(pid, signal) };
}

/** Runs a CLI to its end; after `timeoutMs` its whole process group is killed. */
export async function runAgent(opts: { bin: string; args: string[]; env: Record<string, string>; cwd: string; stdin: string; timeoutMs?: number }): Promise<AgentRun> {
  const a = spawnAgent(opts);
  const timer = setTimeout(() => a.killGroup('SIGKILL'), opts.timeoutMs ?? 90_000);
  try {
    return await a.done;
  } finally {
    clearTimeout(timer);
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  if (pgid <= 0) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The live processes of group `pgid` (zombies not counted: they run nothing). */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return signalGroup(pgid, 0) ? [pgid] : [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export async function waitGroupGone(pgid: number, ms = 5_000): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 50) {
    if (groupMembers(pgid).length === 0) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Results

/** Claude Code's `--output-format json` result (the fields the product reads). */
export interface ClaudeResult {
  /** subtype === 'success' && !is_error. */
  ok: boolean;
  /** 'success', or 'error_max_turns', 'error_during_execution', …. */
  subtype: string;
  isError: boolean;
  /** The final assistant message text. */
  result: string;
  numTurns: number;
  durationMs: number;
  totalCostUsd: number;
  usage: { inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheCreationInputTokens: number };
  /** Tool calls the permission mode refused: [{ tool_name, tool_use_id, tool_input }]. */
  permissionDenials: Array<{ tool_name: string; tool_use_id: string; tool_input: unknown }>;
  sessionId: string;
  raw: Record<string, unknown>;
}

/** Parses the last JSON object line of `claude -p --output-format json` stdout. */
export function parseClaudeResult(stdout: string): ClaudeResult {
  const line = stdout.trim().split('\n').filter((l) => l.trim().startsWith('{')).pop();
  if (!line) throw new Error(`no JSON result in Claude Code's output: ${stdout.slice(0, 500)}`);
  const raw = JSON.parse(line) as Record<string, unknown>;
  const usage = (raw.usage ?? {}) as Record<string, number>;
  return {
    ok: raw.subtype === 'success' && raw.is_error !== true,
    subtype: String(raw.subtype ?? ''),
    isError: raw.is_error === true,
    result: typeof raw.result === 'string' ? raw.result : '',
    numTurns: Number(raw.num_turns ?? 0),
    durationMs: Number(raw.duration_ms ?? 0),
    totalCostUsd: Number(raw.total_cost_usd ?? 0),
    usage: {
      inputTokens: Number(usage.input_tokens ?? 0),
      outputTokens: Number(usage.output_tokens ?? 0),
      cacheReadInputTokens: Number(usage.cache_read_input_tokens ?? 0),
      cacheCreationInputTokens: Number(usage.cache_creation_input_tokens ?? 0),
    },
    permissionDenials: (raw.permission_denials ?? []) as ClaudeResult['permissionDenials'],
    sessionId: String(raw.session_id ?? ''),
    raw,
  };
}

/** `codex exec --json` events, folded into what the product reads. */
export interface CodexResult {
  /** A turn.completed and no turn.failed. (Exit code: 0 then, 1 after turn.failed.) */
  ok: boolean;
  /** The text of the last agent_message item (the same as --output-last-message's file). */
  finalMessage: string;
  /** Summed over turn.completed events. */
  usage: { inputTokens: number; cachedInputTokens: number; outputTokens: number; reasoningOutputTokens: number };
  /** item.completed items (agent_message, command_execution, file_change, error, …). */
  items: Array<Record<string, unknown>>;
  /** Messages of error items, `error` events and turn.failed. */
  errors: string[];
  events: Array<Record<string, unknown>>;
}

export function parseCodexEvents(stdout: string): CodexResult {
  const events: Array<Record<string, unknown>> = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a partial line (killed run)
    }
  }
  const result: CodexResult = {
    ok: false, finalMessage: '', items: [], errors: [], events,
    usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 },
  };
  let completed = false;
  let failed = false;
  for (const e of events) {
    if (e.type === 'item.completed' && e.item && typeof e.item === 'object') {
      const item = e.item as Record<string, unknown>;
      result.items.push(item);
      if (item.type === 'agent_message' && typeof item.text === 'string') result.finalMessage = item.text;
      if (item.type === 'error') result.errors.push(String(item.message));
    } else if (e.type === 'turn.completed') {
      completed = true;
      const u = (e.usage ?? {}) as Record<string, number>;
      result.usage.inputTokens += Number(u.input_tokens ?? 0);
      result.usage.cachedInputTokens += Number(u.cached_input_tokens ?? 0);
      result.usage.outputTokens += Number(u.output_tokens ?? 0);
      result.usage.reasoningOutputTokens += Number(u.reasoning_output_tokens ?? 0);
    } else if (e.type === 'turn.failed') {
      failed = true;
      result.errors.push(String((e.error as { message?: string } | undefined)?.message ?? JSON.stringify(e)));
    } else if (e.type === 'error') {
      // Also transient notes ("Reconnecting... 1/5"): only turn.failed decides the outcome.
      result.errors.push(String(e.message ?? JSON.stringify(e)));
    }
  }
  result.ok = completed && !failed;
  return result;
}
