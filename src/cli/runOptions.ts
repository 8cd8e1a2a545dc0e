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
  type CommitMode,
  type IsolationMode,
  type RunOptions,
  validateRunOptions,
} from '../model/options';
import { intOption } from './args';
import { parsePlanOptions } from './readCommands';
import { UsageError } from './usageError';

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
    isolation: isolationMode(v, command),
    worktreeSetup: str('worktree-setup'),
    review: v.review === true,
    dryRun: v['dry-run'] === true,
    joblogPath: str('joblog'),
    resumeFailed: v['resume-failed'] === true,
  };
  validateRunOptions(options);
  return options;
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

/** `--isolation`, by default `worktree` whenever a command runs and `none` for suggestions only (SPEC §5). */
function isolationMode(v: Values, command: string | undefined): IsolationMode {
  const given = v.isolation;
  if (given === undefined) return command ? 'worktree' : 'none';
  if (given === 'worktree' || given === 'none') return given;
  throw new UsageError(`--isolation must be worktree or none (got "${String(given)}")`);
}
