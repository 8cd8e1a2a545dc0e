import { UserFacingError } from '../../../common/errors';
import type { FixAttempt, Fixer, ProcessRunner } from '../../ports';
import type { AttemptOutcome } from '../../schedule/schedulerTypes';
import type { ProcessGroupRegistry } from '../processGroupRegistry';
import { summaryLine } from '../text';
import { findExecutable } from './findExecutable';
import { buildPrompt, DEFAULT_PROMPT_TEMPLATE } from './prompt';
import type { AgentPreset } from './presets';

/** How much of an agent's stdout is kept to read its report (its JSON comes last). */
const MAX_STDOUT = 8 * 1024 * 1024;

export interface AgentFixerOptions {
  readonly preset: AgentPreset;
  /** The executable (--agent-bin); the preset's name on PATH by default. */
  readonly bin?: string;
  /** Extra arguments (--agent-args), after the preset's own. */
  readonly args?: readonly string[];
  readonly promptTemplate?: string;
  readonly repo: string;
  readonly pr: number;
  readonly runProcess: ProcessRunner;
  /** The agent's environment: the user's, GitHub tokens already withheld. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly registry?: ProcessGroupRegistry;
  /** Where a relative --agent-bin is found from. */
  readonly cwd: string;
}

/**
 * A coding agent's CLI as the fixer (`--agent NAME`): run once per thread in the job's
 * worktree, non-interactively, the prompt built from the thread on stdin, the agent's own
 * report read for success and its final message. A job counts as fixed only when the agent
 * reported success and changed a file (`mustChange`). Timeouts and Stop kill its whole
 * process tree (the runner's process group and run marker).
 */
export class AgentFixer implements Fixer {
  readonly mustChange = true;
  readonly label: string;
  private readonly _bin: string;
  private readonly _env: Record<string, string>;

  /**
   * Where the agent's executable is.
   * @throws UserFacingError when it cannot be found, saying how to install it.
   */
  static locate(preset: AgentPreset, bin: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string): string {
    const found = findExecutable(bin ?? preset.bin, env, cwd);
    if (found) return found;
    throw new UserFacingError(
      bin
        ? `--agent-bin ${JSON.stringify(bin)} is not an executable file: pass the path of the ${preset.displayName} executable`
        : `${preset.displayName} (${preset.bin}) is not installed or not on PATH: install it with \`${preset.install}\`, or pass --agent-bin PATH`,
    );
  }

  /** @throws UserFacingError when the agent's executable cannot be found, saying how to install it. */
  constructor(private readonly _o: AgentFixerOptions) {
    const { preset } = _o;
    this._bin = AgentFixer.locate(preset, _o.bin, _o.baseEnv, _o.cwd);
    this.label = `${preset.displayName} (${preset.name})`;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(_o.baseEnv)) if (v !== undefined) env[k] = v;
    this._env = { ...env, ...preset.env };
  }

  describe(): string {
    return [`agent ${this._o.preset.name}`, ...(this._o.args ?? [])].join(' ');
  }

  async attempt(a: FixAttempt): Promise<AttemptOutcome> {
    const { preset } = this._o;
    const prompt = buildPrompt(this._o.promptTemplate ?? DEFAULT_PROMPT_TEMPLATE, a.thread, { repo: this._o.repo, pr: this._o.pr });
    let stdout = '';
    const r = await this._o.runProcess({
      file: this._bin,
      args: [...preset.args(a.workdir), ...(this._o.args ?? []), ...(preset.tail ?? [])],
      cwd: a.workdir,
      env: { ...this._env, PRT_WORKTREE: a.workdir },
      stdin: prompt,
      signal: a.signal,
      registry: this._o.registry,
      onOutput: (stream, chunk) => {
        if (stream === 'stdout' && stdout.length < MAX_STDOUT) stdout += chunk;
        a.onOutput(stream, chunk);
      },
    });
    const base = { exitCode: r.exitCode, signal: r.signal, output: r.output };
    if (r.aborted) return { ...base, ok: false, error: 'aborted' };
    const said = preset.parse(stdout, r.exitCode);
    const agent = { fixer: preset.name, message: said.message, inputTokens: said.inputTokens, outputTokens: said.outputTokens, costUsd: said.costUsd };
    if (!said.ok) {
      const why = summaryLine(said.message) || (r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`);
      return { ...base, ok: false, agent, error: `${preset.displayName} did not finish: ${why}` };
    }
    return { ...base, ok: true, mustChange: true, agent };
  }
}
