import { parseDuration } from '../common/duration';
import { UserFacingError, oneLine } from '../common/errors';
import { parseHaltPolicy } from '../model/haltPolicy';
import { DEFAULT_PUSH_TIMEOUT_MS, DEFAULT_RETRY_DELAY_MS, RunOptions } from '../model/options';
import type { PlanSettings } from './reviewState';
import { Settings } from './settings';

/** Why threads that need a command were skipped in Restricted Mode; the notification offers the way out. */
export const UNTRUSTED_REASON = 'this workspace is not trusted, so no command runs here (Manage Workspace Trust to run fixes)';

/**
 * The run options the settings describe; the core never reads settings itself.
 * @throws UserFacingError for a malformed halt policy or timeout, naming the setting.
 */
export function runOptionsFromSettings(s: Settings, plan: PlanSettings, joblogPath: string | undefined, untrusted: boolean): RunOptions {
  const fixer = s.fixer.value;
  const command = fixer === 'command' ? s.command.value.trim() : '';
  const agent = fixer === 'agent' ? { name: s.agent.value } : undefined;
  const ai = fixer !== 'command';
  // `agents` asks for review when an AI fixer runs; the command fixer is the user's own code.
  const review = s.review.value === 'always' || (s.review.value === 'agents' && ai);
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
    ...(agent ? { agent } : {}),
    applySuggestions: s.applySuggestions.value,
    ...(untrusted && !command && !ai ? { noCommandReason: UNTRUSTED_REASON } : {}),
    verifyCommand: verify || undefined,
    replyTemplate: s.replyTemplate.value,
    resolve: s.resolveOnSuccess.value,
    retries: s.retries.value,
    retryDelayMs: DEFAULT_RETRY_DELAY_MS,
    halt,
    timeoutMs,
    commit: s.commit.value,
    push: s.push.value,
    // Suggestions alone are applied in place; a command runs isolated unless told otherwise,
    // an AI fixer always (its fix counts only when it changed a file).
    isolation: ai ? 'worktree' : command || review ? s.isolation.value : 'none',
    worktreeSetup: s.worktreeSetup.value.trim() || undefined,
    review,
    pushTimeoutMs: DEFAULT_PUSH_TIMEOUT_MS,
    dryRun: false,
    joblogPath,
    resumeFailed: false,
  };
}
