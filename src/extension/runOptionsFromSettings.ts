import { DEFAULT_BATCH_SIZE, DEFAULT_RETRY_DELAY_MS, DEFAULT_WRITE_INTERVAL_MS } from '../model/defaults';
import { oneLine, UserFacingError } from '../common/errors';
import { parseDuration } from '../common/duration';
import { parseHaltPolicy } from '../engine/schedule/haltPolicy';
import { PlanSettings } from './reviewState';
import { RunOptions } from '../pipeline/runTypes';
import { Settings } from './settings';

/**
 * The run options the settings describe; the core never reads settings itself.
 * @throws UserFacingError for a malformed halt policy or timeout, naming the setting.
 */
export function runOptionsFromSettings(s: Settings, plan: PlanSettings, joblogPath: string | undefined): RunOptions {
  const command = s.command.value.trim();
  const verify = s.verifyCommand.value.trim();
  let halt;
  try {
    halt = parseHaltPolicy(s.haltPolicy.value);
  } catch (e) {
    throw new UserFacingError(`Setting prThreads.haltPolicy: ${oneLine(e)}`, { cause: e });
  }
  let timeoutMs: number | undefined;
  const timeout = s.jobTimeout.value.trim();
  if (timeout && timeout !== '0') {
    try {
      timeoutMs = parseDuration(timeout);
    } catch (e) {
      throw new UserFacingError(`Setting prThreads.jobTimeout: ${oneLine(e)}`, { cause: e });
    }
  }
  return {
    workers: plan.workers,
    strategy: plan.strategy,
    maxConcurrency: s.maxConcurrency.value,
    command: command || undefined,
    applySuggestions: s.applySuggestions.value,
    verifyCommand: verify || undefined,
    replyTemplate: s.replyTemplate.value,
    resolve: s.resolveOnSuccess.value,
    retries: s.retries.value,
    retryDelayMs: DEFAULT_RETRY_DELAY_MS,
    halt,
    timeoutMs,
    commit: s.commit.value !== 'off',
    push: s.commit.value === 'commitAndPush',
    batchSize: DEFAULT_BATCH_SIZE,
    writeIntervalMs: DEFAULT_WRITE_INTERVAL_MS,
    dryRun: false,
    joblogPath,
    resumeFailed: false,
  };
}
