import { DEFAULT_MAX_CONCURRENCY, DEFAULT_REPLY_TEMPLATE, DEFAULT_RETRIES, DEFAULT_WORKERS, OPTION_BOUNDS, type CommitMode, type IsolationMode } from '../model/options';
import { DisposableStore } from '../common/lifecycle';
import { PLAN_STRATEGIES, PlanStrategy } from '../model/plan';
import { AGENT_NAMES, type AgentName } from '../engine/fix/agents/presets';
import { ConfigValue, isBoolean, isIntIn, isOneOf, isString } from './configValue';

export type DiagnosticsSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';
export type ReviewSetting = 'agents' | 'always' | 'never';
export type FixerSetting = 'command' | 'agent' | 'languageModel';

/** `prThreads.languageModel`: which of the editor's chat models fixes threads. */
export interface ModelSelector {
  readonly vendor?: string;
  readonly family?: string;
  readonly id?: string;
}

// VS Code reads `prThreads.languageModel` merged with its sub-setting `….maxTurns` (a
// number), so only the selector's own keys are checked; cleanSelector() takes only those.
const SELECTOR_KEYS = ['vendor', 'family', 'id'] as const;
const isModelSelector = (v: unknown): v is ModelSelector =>
  typeof v === 'object' && v !== null && !Array.isArray(v) &&
  SELECTOR_KEYS.every((k) => (v as Record<string, unknown>)[k] === undefined || typeof (v as Record<string, unknown>)[k] === 'string');

/** Every `prThreads.*` setting, typed; created once by activate(). */
export class Settings extends DisposableStore {
  readonly workers = this.add(new ConfigValue<number>('workers', DEFAULT_WORKERS, isIntIn(OPTION_BOUNDS.workers)));
  readonly maxConcurrency = this.add(new ConfigValue<number>('maxConcurrency', DEFAULT_MAX_CONCURRENCY, isIntIn(OPTION_BOUNDS.maxConcurrency)));
  readonly strategy = this.add(new ConfigValue<PlanStrategy>('strategy', 'by-file', isOneOf(PLAN_STRATEGIES)));
  readonly fixer = this.add(new ConfigValue<FixerSetting>('fixer', 'command', isOneOf(['command', 'agent', 'languageModel'] as const)));
  readonly command = this.add(new ConfigValue<string>('command', '', isString));
  readonly agent = this.add(new ConfigValue<AgentName>('agent', 'claude', isOneOf(AGENT_NAMES)));
  readonly languageModel = this.add(new ConfigValue<ModelSelector>('languageModel', {}, isModelSelector));
  readonly languageModelMaxTurns = this.add(new ConfigValue<number>('languageModel.maxTurns', 8, isIntIn({ min: 1, max: 50 })));
  readonly applySuggestions = this.add(new ConfigValue<boolean>('applySuggestions', true, isBoolean));
  readonly verifyCommand = this.add(new ConfigValue<string>('verifyCommand', '', isString));
  readonly commit = this.add(new ConfigValue<CommitMode>('commit', 'off', isOneOf(['off', 'one', 'perThread'] as const)));
  readonly push = this.add(new ConfigValue<boolean>('push', false, isBoolean));
  readonly isolation = this.add(new ConfigValue<IsolationMode>('isolation', 'worktree', isOneOf(['worktree', 'none'] as const)));
  readonly worktreeSetup = this.add(new ConfigValue<string>('worktreeSetup', '', isString));
  readonly review = this.add(new ConfigValue<ReviewSetting>('review', 'agents', isOneOf(['agents', 'always', 'never'] as const)));
  readonly replyTemplate = this.add(new ConfigValue<string>('replyTemplate', DEFAULT_REPLY_TEMPLATE, isString));
  readonly resolveOnSuccess = this.add(new ConfigValue<boolean>('resolveOnSuccess', true, isBoolean));
  readonly retries = this.add(new ConfigValue<number>('retries', DEFAULT_RETRIES, isIntIn(OPTION_BOUNDS.retries)));
  readonly haltPolicy = this.add(new ConfigValue<string>('haltPolicy', 'never', isString));
  readonly jobTimeout = this.add(new ConfigValue<string>('jobTimeout', '10m', isString));
  readonly diagnosticsSeverity = this.add(
    new ConfigValue<DiagnosticsSeverity>(
      'diagnostics.severity',
      'information',
      isOneOf(['error', 'warning', 'information', 'hint', 'off'] as const),
    ),
  );
  readonly enterpriseUrl = this.add(new ConfigValue<string>('github.enterpriseUrl', '', isString));
}
