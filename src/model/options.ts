import { UserFacingError } from '../common/errors';
import type { HaltPolicy } from './haltPolicy';
import type { PlanStrategy } from './plan';

/** Defaults shared by the CLI's flags and the extension's settings, so both behave alike. */
export const DEFAULT_WORKERS = 4;
export const DEFAULT_MAX_CONCURRENCY = 4;
export const DEFAULT_RETRIES = 0;
export const DEFAULT_RETRY_DELAY_MS = 1000;
export const DEFAULT_BATCH_SIZE = 10;
export const DEFAULT_WRITE_INTERVAL_MS = 1000;
export const DEFAULT_PUSH_TIMEOUT_MS = 120_000;
export const DEFAULT_REPLY_TEMPLATE = 'Fixed ✓';
export const DEFAULT_CONTENT_RATE = '80/min,500/h';

/** The placeholder a reply uses for the commit holding the thread's fix. */
export const SHA_PLACEHOLDER = '{sha}';

/** Inclusive bounds of a whole-number option. */
export interface IntBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * The accepted range of every whole-number option, written once: the CLI's flags and the
 * extension's settings (package.json's minimum/maximum say the same) check against these.
 */
export const OPTION_BOUNDS = {
  workers: { min: 1, max: 64 },
  maxConcurrency: { min: 1, max: 64 },
  retries: { min: 0, max: 10 },
  retryDelayMs: { min: 0, max: 3_600_000 },
  batchSize: { min: 1, max: 50 },
  writeIntervalMs: { min: 0, max: 600_000 },
} as const satisfies Record<string, IntBounds>;

export type BoundedOption = keyof typeof OPTION_BOUNDS;

/**
 * Checks a whole number against an option's bounds.
 * @param label how the user set it: `--retries`, `Setting prThreads.retries`.
 * @throws UserFacingError naming the label and the accepted range.
 */
export function checkBounded(option: BoundedOption, value: number, label: string): number {
  const { min, max } = OPTION_BOUNDS[option];
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserFacingError(`${label} must be a whole number from ${min} to ${max} (got ${String(value)})`);
  }
  return value;
}

/** Where jobs work: each in a git worktree of its own, or all in the user's work tree. */
export type IsolationMode = 'worktree' | 'none';

/** What the run commits: nothing (fixes left as changes), one commit, or a commit per thread. */
export type CommitMode = 'off' | 'one' | 'perThread';

/** A coding agent's CLI as the fixer (`--agent NAME`). */
export interface AgentOptions {
  /** A preset: claude, codex, gemini, copilot, opencode. */
  readonly name: string;
  /** The executable (--agent-bin); the preset's on PATH by default. */
  readonly bin?: string;
  /** Extra arguments after the preset's (--agent-args). */
  readonly args?: readonly string[];
  /** The prompt template's text (--prompt-template FILE), placeholders as SPEC §5. */
  readonly promptTemplate?: string;
}

/** Everything that shapes a run; front ends fill it from flags or settings. */
export interface RunOptions {
  readonly workers: number;
  readonly strategy: PlanStrategy;
  /** J: jobs at once over all lanes. */
  readonly maxConcurrency: number;
  /** Run per thread with `sh -c` in the job's work folder; placeholders are shell-quoted. */
  readonly command?: string;
  /** Run a coding agent per thread instead of a command. */
  readonly agent?: AgentOptions;
  readonly applySuggestions: boolean;
  /** Why no command is set, when the front end knows (an untrusted workspace): the skip reason of threads that needed one. */
  readonly noCommandReason?: string;
  readonly verifyCommand?: string;
  /** Reply text; `{sha}` is the fix commit's short sha. */
  readonly replyTemplate: string;
  /** Reply to and resolve the fixed threads. */
  readonly resolve: boolean;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly halt: HaltPolicy;
  readonly timeoutMs?: number;
  /** What to commit: nothing (the fixes stay as changes), one commit, or one per thread. */
  readonly commit: CommitMode;
  readonly commitMessage?: string;
  /** Jobs each in a worktree of their own (`worktree`), or all in the user's work tree (`none`). */
  readonly isolation: IsolationMode;
  /** Run once in each new worktree (e.g. `npm ci`). */
  readonly worktreeSetup?: string;
  /** Ask a person to keep or drop each fix before anything lands. */
  readonly review: boolean;
  readonly push: boolean;
  readonly pushTimeoutMs: number;
  readonly dryRun: boolean;
  /** GNU parallel joblog file. */
  readonly joblogPath?: string;
  /** Rerun the threads whose joblog rows failed, plus those not in the log, plus the resolve of fixed ones. */
  readonly resumeFailed: boolean;
}

/**
 * Checks option combinations before anything runs, so a bad one costs nothing.
 * @param givenFixer true when the front end brings a fixer of its own (the editor's model).
 * @throws UserFacingError saying which option to change.
 */
export function validateRunOptions(o: Readonly<RunOptions>, givenFixer = false): void {
  if (givenFixer && (o.command || o.agent)) throw new UserFacingError('a thread has one fixer: with prThreads.fixer = languageModel, clear prThreads.command and prThreads.agent');
  if (!o.command && !o.agent && !givenFixer && !o.applySuggestions) {
    throw new UserFacingError('nothing to run: set a command (--exec CMD / prThreads.command) or an agent (--agent NAME), and/or apply suggestions (--apply-suggestions)');
  }
  if (o.command && o.agent) throw new UserFacingError('--exec and --agent exclude each other: a thread has one fixer (put your own agent call in --exec, or use a preset with --agent)');
  if (o.push && o.commit === 'off') throw new UserFacingError('--push needs --commit or --commit-per-thread: there is nothing to push without a fix commit');
  if (o.resolve && o.replyTemplate.includes(SHA_PLACEHOLDER) && o.commit === 'off') {
    throw new UserFacingError('the reply uses {sha} but nothing will be committed: add --commit or --commit-per-thread (prThreads.commit), or drop {sha} from the reply');
  }
  if (o.isolation === 'none') {
    if (givenFixer) throw new UserFacingError('the language model fixer needs isolation: set prThreads.isolation to worktree (its fix counts only when it changed a file in a worktree of its own)');
    if (o.agent) throw new UserFacingError('--agent needs --isolation worktree: an agent\'s fix counts only when it changed a file, which needs a worktree of its own');
    // In place, every job edits one tree: no fix can be told apart from the others.
    if (o.commit === 'perThread') throw new UserFacingError('--commit-per-thread needs --isolation worktree: in place, one thread\'s changes cannot be told from another\'s');
    if (o.review) throw new UserFacingError('--review needs --isolation worktree: each fix is reviewed as its own commit');
    if (o.worktreeSetup) throw new UserFacingError('--worktree-setup needs --isolation worktree: with --isolation none there is no worktree to set up');
  }
  if (o.resumeFailed && !o.joblogPath) throw new UserFacingError('--resume-failed needs --joblog FILE: the log says which threads failed');
  checkBounded('workers', o.workers, 'the number of workers');
  checkBounded('maxConcurrency', o.maxConcurrency, 'the number of jobs at once');
  checkBounded('retries', o.retries, 'retries');
}
