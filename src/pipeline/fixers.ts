import { BugIndicatingError } from '../common/errors';
import { AgentFixer } from '../engine/fix/agents/agentFixer';
import { agentPreset } from '../engine/fix/agents/presets';
import { CommandFixer } from '../engine/fix/commandFixer';
import type { BodyFiles } from '../engine/fix/threadEnv';
import type { Fixer, PullRequestKey } from '../engine/ports';
import type { RunOptions } from '../model/options';
import type { RunInput } from './runInput';

/**
 * Token variables kept from fixers and verify commands: they read hostile thread text (often
 * as an AI agent's prompt), and nothing they are asked to do needs the credentials prt uses
 * to resolve threads.
 */
export const WITHHELD_FROM_COMMANDS: readonly string[] = ['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'];

/** The environment fixers and verify commands inherit: the base one without GitHub tokens. */
export function commandEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out = { ...env };
  for (const name of WITHHELD_FROM_COMMANDS) delete out[name];
  return out;
}

/**
 * Checks that the agent the options name can run, before any request.
 * @throws UserFacingError for an unknown preset or a missing executable, saying how to install it.
 */
export function checkAgent(options: Readonly<RunOptions>, input: Pick<RunInput, 'baseEnv' | 'vcs'>): void {
  if (!options.agent) return;
  AgentFixer.locate(agentPreset(options.agent.name), options.agent.bin, commandEnv(input.baseEnv), input.vcs.root);
}

/**
 * The run's fixer: the one the front end gave (the editor's language model), else the agent
 * or the command the options name, else none (suggestions only).
 * @throws UserFacingError when the agent cannot run.
 */
export function makeFixer(options: Readonly<RunOptions>, input: RunInput, pr: PullRequestKey, bodyFiles: BodyFiles): Fixer | undefined {
  if (input.fixer) return input.fixer;
  const repo = `${pr.owner}/${pr.repo}`;
  const baseEnv = commandEnv(input.baseEnv);
  if (options.agent) {
    if (!input.runProcess) throw new BugIndicatingError('an agent run without a process runner');
    return new AgentFixer({
      preset: agentPreset(options.agent.name),
      bin: options.agent.bin,
      args: options.agent.args,
      promptTemplate: options.agent.promptTemplate,
      repo,
      pr: pr.number,
      runProcess: input.runProcess,
      baseEnv,
      registry: input.registry,
      cwd: input.vcs.root,
    });
  }
  if (!options.command) return undefined;
  return new CommandFixer({ template: options.command, runCommand: input.runCommand, repo, pr: pr.number, repoRoot: input.vcs.root, baseEnv, registry: input.registry, bodyFiles });
}
