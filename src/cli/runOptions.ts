import { parseDuration } from '../common/duration';
import { oneLine } from '../common/errors';
import { parseContentRate } from '../github/contentRate';
import { HALT_NEVER, parseHaltPolicy } from '../model/haltPolicy';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONTENT_RATE,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_PUSH_TIMEOUT_MS,
  DEFAULT_REPLY_TEMPLATE,
  DEFAULT_RETRIES,
  DEFAULT_RETRY_DELAY_MS,
  DEFAULT_WRITE_INTERVAL_MS,
  type AgentOptions,
  type CommitMode,
  type IsolationMode,
  type RunOptions,
  validateRunOptions,
} from '../model/options';
import { intOption } from './args';
import { parsePlanOptions } from './readCommands';
import { UsageError } from './usageError';
import { readFileSync } from 'node:fs';
import { checkPromptTemplate } from '../engine/fix/agents/prompt';
import { agentPreset } from '../engine/fix/agents/presets';
import { splitWords } from './splitWords';
import * as path from 'node:path';
import { parseShard, type ShardSpec } from '../engine/shard/shardAssignment';

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

function durationOption(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(String(value));
  } catch (e) {
    throw new UsageError(`--${flag}: ${oneLine(e)}`);
  }
}

/**
 * Reads `prt run`'s flags into run options; every check that needs no network is here.
 * @throws UserFacingError (exit 2)
 */
export function parseRunOptions(v: Values): RunOptions {
  const plan = parsePlanOptions(v);
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const command = str('exec');
  if (command !== undefined && !command.trim()) throw new UsageError('--exec needs a command, e.g. --exec \'./fix-thread.sh {path}\'');
  const options: RunOptions = {
    ...plan,
    maxConcurrency: intOption(v.jobs, 'jobs', 'maxConcurrency', DEFAULT_MAX_CONCURRENCY),
    command,
    applySuggestions: v['apply-suggestions'] === true,
    verifyCommand: str('verify'),
    replyTemplate: str('reply') ?? DEFAULT_REPLY_TEMPLATE,
    resolve: v['no-resolve'] !== true,
    retries: intOption(v.retries, 'retries', 'retries', DEFAULT_RETRIES),
    retryDelayMs: intOption(v['retry-delay'], 'retry-delay', 'retryDelayMs', DEFAULT_RETRY_DELAY_MS),
    halt: v.halt === undefined ? HALT_NEVER : parseHaltPolicy(String(v.halt)),
    timeoutMs: durationOption(v.timeout, 'timeout'),
    commit: commitMode(v),
    commitMessage: str('commit-message'),
    push: v.push === true,
    pushTimeoutMs: durationOption(v['push-timeout'], 'push-timeout') ?? DEFAULT_PUSH_TIMEOUT_MS,
    agent: agentOptions(v),
    isolation: isolationMode(v, command ?? (v.agent !== undefined ? 'agent' : undefined)),
    worktreeSetup: str('worktree-setup'),
    review: v.review === true,
    dryRun: v['dry-run'] === true,
    joblogPath: str('joblog'),
    resumeFailed: v['resume-failed'] === true,
  };
  validateRunOptions(options);
  if (options.replyTemplate.includes('{summary}') && !options.agent) {
    throw new UsageError('the reply uses {summary} (the agent\'s final message) but no --agent runs: drop {summary}, or use --agent NAME');
  }
  return options;
}

/** `--shard I/N --emit DIR`: which shard this run is and where its fixes go. */
export interface ShardOptions {
  readonly shard: ShardSpec;
  /** Absolute. */
  readonly dir: string;
}

/** Flags a shard refuses: it writes nothing to GitHub or the branch, and nobody is there to review. */
const NOT_ON_A_SHARD: readonly [string, string][] = [
  ['review', 'nobody answers on a runner'],
  ['commit', 'prt integrate commits'],
  ['commit-per-thread', 'prt integrate commits'],
  ['commit-message', 'prt integrate commits'],
  ['push', 'prt integrate pushes'],
  ['verify', 'prt integrate verifies the integrated fixes'],
  ['reply', 'prt integrate replies'],
  ['no-resolve', 'prt integrate resolves'],
  ['resume-failed', 'run the shards again instead'],
];

/**
 * The shard flags alone, checked before the other run options (whose combinations a shard
 * refuses anyway, so that the user is told the shard's reason, not another).
 * @returns undefined without `--shard` and `--emit`.
 * @throws UsageError for `--shard` without `--emit`, a bad I/N, or a flag a shard refuses.
 */
export function parseShardSpec(v: Values): ShardSpec | undefined {
  if (v.shard === undefined && v.emit === undefined) return undefined;
  if (typeof v.emit !== 'string' || !v.emit.trim()) throw new UsageError('--shard I/N needs --emit DIR: the folder the shard\'s fixes are written to (for prt integrate)');
  let shard: ShardSpec;
  try {
    shard = v.shard === undefined ? { index: 1, count: 1 } : parseShard(String(v.shard));
  } catch (e) {
    throw new UsageError(oneLine(e));
  }
  for (const [flag, why] of NOT_ON_A_SHARD) {
    if (v[flag] !== undefined) throw new UsageError(`--${flag} does not go with --shard/--emit: a shard writes nothing to GitHub or the branch (${why}: prt integrate DIR… --${flag})`);
  }
  return shard;
}

/**
 * `--shard I/N --emit DIR` (`--emit` alone is shard 1/1: fix now, land later).
 * @returns undefined without either flag.
 * @throws UsageError for `--shard` without `--emit`, a bad I/N, `--isolation none`, or a flag
 *   that writes to GitHub or the branch.
 */
export function parseShardOptions(v: Values, options: Readonly<RunOptions>): ShardOptions | undefined {
  const shard = parseShardSpec(v);
  if (!shard) return undefined;
  if (options.isolation !== 'worktree') throw new UsageError('--shard/--emit needs --isolation worktree: each fix is handed over as its own commit');
  return { shard, dir: path.resolve(String(v.emit)) };
}

/**
 * Reads `prt integrate`'s flags into run options: no fixer runs, so only landing's options
 * matter (isolation is always `worktree`: the shards' fixes are commits).
 * @throws UsageError (exit 2)
 */
export function parseIntegrateOptions(v: Values): RunOptions {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  return {
    workers: 1,
    strategy: 'by-file',
    maxConcurrency: 1,
    applySuggestions: false,
    verifyCommand: str('verify'),
    replyTemplate: str('reply') ?? DEFAULT_REPLY_TEMPLATE,
    resolve: v['no-resolve'] !== true,
    retries: 0,
    retryDelayMs: 0,
    halt: HALT_NEVER,
    commit: commitMode(v),
    commitMessage: str('commit-message'),
    push: v.push === true,
    pushTimeoutMs: durationOption(v['push-timeout'], 'push-timeout') ?? DEFAULT_PUSH_TIMEOUT_MS,
    isolation: 'worktree',
    review: false,
    dryRun: false,
    resumeFailed: false,
  };
}

/** The write lane's options from the flags `prt run` and `prt resolve` share. */
export function parseWriteOptions(v: Values) {
  return {
    batchSize: intOption(v['batch-size'], 'batch-size', 'batchSize', DEFAULT_BATCH_SIZE),
    intervalMs: intOption(v['write-interval'], 'write-interval', 'writeIntervalMs', DEFAULT_WRITE_INTERVAL_MS),
    contentRate: parseContentRate(typeof v['content-rate'] === 'string' ? v['content-rate'] : DEFAULT_CONTENT_RATE),
  };
}


function commitMode(v: Values): CommitMode {
  if (v.commit === true && v['commit-per-thread'] === true) throw new UsageError('--commit and --commit-per-thread exclude each other: choose one commit of all fixes, or one per thread');
  return v['commit-per-thread'] === true ? 'perThread' : v.commit === true ? 'one' : 'off';
}

/** `--isolation`, by default `worktree` whenever a command or an agent runs and `none` for suggestions only (SPEC §5). */
function isolationMode(v: Values, fixer: string | undefined): IsolationMode {
  const given = v.isolation;
  if (given === undefined) return fixer ? 'worktree' : 'none';
  if (given === 'worktree' || given === 'none') return given;
  throw new UsageError(`--isolation must be worktree or none (got "${String(given)}")`);
}

/**
 * `--agent NAME [--agent-bin PATH] [--agent-args ARGS] [--prompt-template FILE]`.
 * @throws UsageError for an unknown preset, an unreadable or empty template.
 */
function agentOptions(v: Values): AgentOptions | undefined {
  const name = typeof v.agent === 'string' ? v.agent : undefined;
  for (const flag of ['agent-bin', 'agent-args', 'prompt-template']) {
    if (v[flag] !== undefined && name === undefined) throw new UsageError(`--${flag} needs --agent NAME`);
  }
  if (name === undefined) return undefined;
  agentPreset(name);
  const templateFile = typeof v['prompt-template'] === 'string' ? v['prompt-template'] : undefined;
  let promptTemplate: string | undefined;
  if (templateFile !== undefined) {
    try {
      promptTemplate = readFileSync(templateFile, 'utf8');
    } catch (e) {
      throw new UsageError(`--prompt-template ${JSON.stringify(templateFile)} cannot be read (${(e as NodeJS.ErrnoException).code ?? oneLine(e)}): name a text file`);
    }
    checkPromptTemplate(promptTemplate, `--prompt-template ${templateFile}`);
  }
  return {
    name,
    ...(typeof v['agent-bin'] === 'string' ? { bin: v['agent-bin'] } : {}),
    ...(typeof v['agent-args'] === 'string' ? { args: splitWords(v['agent-args'], '--agent-args') } : {}),
    ...(promptTemplate !== undefined ? { promptTemplate } : {}),
  };
}
