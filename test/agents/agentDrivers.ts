// The two agent CLIs that run for real end to end (agentRun.test.ts, the agents bench):
// how prt reaches each one's scripted model server offline, how a request is told apart by
// conversation, and the tool calls that edit a file, write outside the worktree or try to
// show the environment, in each CLI's own tools.
import {
  claudeBin, claudeEnv, CODEX_KEY_VAR, CODEX_MODEL, codexBin, codexEnv,
} from './agentRig';
import type { AgentDriver } from './agentWorld';
import { startAnthropicServer } from './anthropicServer';
import { startResponsesServer } from './responsesServer';
import type { ModelRequest, ToolResult } from './scripted';

function header(req: ModelRequest, name: string): string {
  const v = req.headers[name];
  if (typeof v !== 'string' || v === '') throw new Error(`a model request without a ${name} header: cannot tell its conversation`);
  return v;
}

/**
 * Claude Code (`claude -p`) against the scripted Anthropic server. Its file tools take paths
 * relative to its working folder; Edit needs a Read of the file first, which may be in the
 * same turn (read-only calls run before the edit that follows them).
 */
export const claudeDriver: AgentDriver = {
  name: 'claude',
  displayName: 'Claude Code',
  install: 'npm install -g @anthropic-ai/claude-code',
  bin: () => claudeBin(),
  startServer: (script) => startAnthropicServer(script),
  env: (home, server) => claudeEnv({ home, baseUrl: server.url }),
  // One session per `claude -p`: the same id in every request of it.
  conversationOf: (req) => header(req, 'x-claude-code-session-id'),
  edit: (file, from, to) => [
    { name: 'Read', input: { file_path: file } },
    { name: 'Edit', input: { file_path: file, old_string: from, new_string: to } },
  ],
  writeOutside: (absolute, relative) => [
    [{ name: 'Write', input: { file_path: absolute, content: 'pwned\n' } }],
    [{ name: 'Write', input: { file_path: relative, content: 'pwned\n' } }],
  ],
  // Bash is not offered (--disallowedTools); a call to it anyway must fail. Its file tools
  // are asked for the environ of prt (the agent's parent), which holds the token.
  showEnv: (parentPid) => [
    [{ name: 'Bash', input: { command: 'env; printenv GITHUB_TOKEN GH_TOKEN', description: 'Print the environment' } }],
    [
      { name: 'Read', input: { file_path: `/proc/${parentPid}/environ` } },
      { name: 'Read', input: { file_path: '/proc/self/environ' } },
      { name: 'Grep', input: { pattern: 'ghp_', path: `/proc/${parentPid}/environ`, output_mode: 'content' } },
    ],
  ],
  refusedWrite: (r: ToolResult) => r.isError === true && /requested permissions to write to/.test(r.content),
  reportsCost: true,
};

/** The `-c` value of a Codex custom provider pointing at `baseUrl`, quoted for --agent-args. */
function codexProvider(baseUrl: string): string {
  return `'model_providers.rig={name="rig",base_url="${baseUrl}/v1",wire_api="responses",env_key="${CODEX_KEY_VAR}"}'`;
}

/**
 * Codex (`codex exec`) against the scripted Responses server, through a custom provider
 * given in --agent-args (the preset names no provider: the user's own configuration does).
 * apply_patch takes paths relative to the workspace; commands run sandboxed.
 */
export const codexDriver: AgentDriver = {
  name: 'codex',
  displayName: 'Codex CLI',
  install: 'npm install -g @openai/codex',
  bin: () => codexBin(),
  startServer: (script) => startResponsesServer(script),
  env: (home) => codexEnv({ home }),
  agentArgs: (server) => [
    '-m', CODEX_MODEL,
    '-c', codexProvider(server.url),
    '-c', `'model_provider="rig"'`,
    '-c', 'analytics.enabled=false',
    '-c', 'feedback.enabled=false',
    '--strict-config',
  ].join(' '),
  conversationOf: (req) => header(req, 'session-id'),
  edit: (file, from, to) => [
    { name: 'apply_patch', input: `*** Begin Patch\n*** Update File: ${file}\n@@\n-${from}\n+${to}\n*** End Patch\n` },
  ],
  writeOutside: (absolute, relative) => [
    [{ name: 'apply_patch', input: `*** Begin Patch\n*** Add File: ${absolute}\n+pwned\n*** End Patch\n` }],
    [{ name: 'apply_patch', input: `*** Begin Patch\n*** Add File: ${relative}\n+pwned\n*** End Patch\n` }],
    [{ name: 'exec_command', input: { cmd: `echo pwned > '${absolute}.sh'; echo pwned > '${relative}.sh'` } }],
  ],
  showEnv: (parentPid) => [
    [{ name: 'exec_command', input: { cmd: 'env; printenv GITHUB_TOKEN GH_TOKEN; echo printenv-exit=$?' } }],
    [{ name: 'exec_command', input: { cmd: `cat /proc/${parentPid}/environ /proc/$PPID/environ; grep -a -l ghp_ /proc/*/environ; echo proc-done` } }],
  ],
  refusedWrite: (r: ToolResult) => /patch rejected: writing outside of the project|Read-only file system/.test(r.content),
  reportsCost: false,
};

export const DRIVERS: readonly AgentDriver[] = [claudeDriver, codexDriver];

/**
 * The installed CLI of `driver`.
 * @throws Error saying how to install it: these suites fail, never skip, when it is missing.
 */
export function requireBin(driver: AgentDriver): string {
  const bin = driver.bin();
  if (!bin) throw new Error(`${driver.displayName} is not installed in .cache/agents: run \`bash scripts/setup-agents.sh\` (npm test does)`);
  return bin;
}
