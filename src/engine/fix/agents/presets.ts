import { UserFacingError } from '../../../common/errors';
import { parseClaudeResult, parseCodexEvents, parseCopilotEvents, parseGeminiResult, parseOpencodeEvents, type AgentOutcome } from './agentResult';

export const AGENT_NAMES = ['claude', 'codex', 'gemini', 'copilot', 'opencode'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/**
 * How prt runs one coding agent's CLI non-interactively in a job's worktree, the prompt on
 * stdin (a comment can be larger than an argument may be): what it passes, what it lets
 * the agent do, and how it reads the agent's own report of success.
 */
export interface AgentPreset {
  readonly name: AgentName;
  readonly displayName: string;
  /** The executable looked up on PATH unless --agent-bin says otherwise. */
  readonly bin: string;
  /** One line saying how to install it. */
  readonly install: string;
  /** The arguments before the user's --agent-args. */
  args(workdir: string): readonly string[];
  /** The arguments after them (an option some CLIs need last, such as codex's `-` for stdin). */
  readonly tail?: readonly string[];
  /** Variables the preset sets (never a token). */
  readonly env?: Readonly<Record<string, string>>;
  /** What the preset lets the agent do, for the README and `--help`. */
  readonly mayDo: string;
  parse(stdout: string, exitCode: number | null): AgentOutcome;
}

export const AGENT_PRESETS: Readonly<Record<AgentName, AgentPreset>> = {
  claude: {
    name: 'claude',
    displayName: 'Claude Code',
    bin: 'claude',
    install: 'npm install -g @anthropic-ai/claude-code',
    // acceptEdits confines edits to the working folder (writes outside are refused and
    // listed); --disallowedTools keeps shell and web tools from being offered at all. It is
    // variadic, so an option must follow it: --no-session-persistence does.
    args: () => ['-p', '--output-format', 'json', '--permission-mode', 'acceptEdits', '--disallowedTools', 'Bash', 'WebFetch', 'WebSearch', '--no-session-persistence'],
    env: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1' },
    mayDo: 'read and edit files in the worktree; no shell, no web tools; edits outside the worktree refused',
    parse: parseClaudeResult,
  },
  codex: {
    name: 'codex',
    displayName: 'Codex CLI',
    bin: 'codex',
    install: 'npm install -g @openai/codex',
    // workspace-write lets it write only in the worktree once /tmp is taken out of the
    // sandbox's writable set; the shell's environment drops *KEY*, *SECRET*, *TOKEN*.
    args: (workdir) => [
      'exec', '--json', '--ephemeral', '--skip-git-repo-check', '--sandbox', 'workspace-write', '-C', workdir,
      '-c', 'sandbox_workspace_write.exclude_slash_tmp=true',
      '-c', 'sandbox_workspace_write.exclude_tmpdir_env_var=true',
      '-c', 'sandbox_workspace_write.network_access=false',
      '-c', 'shell_environment_policy.ignore_default_excludes=false',
      '-c', 'features.plugins=false',
      '-c', 'check_for_update_on_startup=false',
    ],
    tail: ['-'],
    mayDo: 'edit files and run commands in its workspace-write sandbox (only the worktree writable, no network); secrets kept from its shell',
    parse: parseCodexEvents,
  },
  gemini: {
    name: 'gemini',
    displayName: 'Gemini CLI',
    bin: 'gemini',
    install: 'npm install -g @google/gemini-cli',
    args: () => ['--skip-trust', '--output-format', 'json', '--approval-mode', 'auto_edit'],
    mayDo: 'edit files in the worktree (auto_edit approves edits only; shell commands would need approval, which a run never gives)',
    parse: parseGeminiResult,
  },
  copilot: {
    name: 'copilot',
    displayName: 'GitHub Copilot CLI',
    bin: 'copilot',
    install: 'npm install -g @github/copilot',
    // A non-interactive run needs --allow-all-tools; the shell and web tools are taken away.
    args: () => ['--allow-all-tools', '--excluded-tools', 'bash', 'web_fetch', '--output-format', 'json', '--no-auto-update', '--disable-client-telemetry', '--no-ask-user'],
    mayDo: 'read and edit files; no shell, no web fetch',
    parse: parseCopilotEvents,
  },
  opencode: {
    name: 'opencode',
    displayName: 'opencode',
    bin: 'opencode',
    install: 'npm install -g opencode-ai',
    args: (workdir) => ['run', '--format', 'json', '--auto', '--dir', workdir],
    mayDo: 'what its own configuration allows in the worktree (set its permissions in opencode.json)',
    parse: parseOpencodeEvents,
  },
};

/**
 * @throws UserFacingError naming the presets when `name` is not one.
 */
export function agentPreset(name: string): AgentPreset {
  if ((AGENT_NAMES as readonly string[]).includes(name)) return AGENT_PRESETS[name as AgentName];
  throw new UserFacingError(`--agent must be one of ${AGENT_NAMES.join(', ')} (got "${name}"); any other CLI runs with --exec`);
}
