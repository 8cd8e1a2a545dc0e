import type { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import type { CommandRunner, Fixer, ProcessRunner, PullRequestKey, Reviewer, ThreadSource, ThreadWriter, Vcs, Worktrees } from '../engine/ports';
import type { RunOptions } from '../model/options';
import type { Plan } from '../model/plan';
import type { RunSink } from './run';

/** A pull request known by its repository only, until the run looks up its number (the CLI without --pr). */
export interface PullRequestLookup {
  readonly owner: string;
  readonly repo: string;
  /**
   * Finds the pull request's number; the run calls it once the checks that need no request
   * have passed, so that a run they refuse sends nothing.
   * @throws UserFacingError when there is no such pull request; CancellationError on abort.
   */
  findNumber(signal?: AbortSignal): Promise<number>;
}

/** What a run works on, and the adapters it works through (the front end composes them). */
export interface RunInput {
  /** The pull request, or how to find it. */
  readonly pr: PullRequestKey | PullRequestLookup;
  readonly source: ThreadSource;
  readonly writer: ThreadWriter;
  readonly vcs: Vcs;
  readonly runCommand: CommandRunner;
  /** Where isolated jobs run (needed for `isolation: 'worktree'`). */
  readonly worktrees?: Worktrees;
  /** Who keeps or drops each fix when review is on. */
  readonly reviewer?: Reviewer;
  /** A fixer the front end provides (the editor's language model); the options' command or agent otherwise. */
  readonly fixer?: Fixer;
  /** Runs agent CLIs (argv, no shell). */
  readonly runProcess?: ProcessRunner;
  /** A plan to follow (hand-edited in the tree); reconciled with the threads read at the start. */
  readonly plan?: Plan;
  /** Run only these threads (Run Lane, Run Thread). */
  readonly onlyThreads?: readonly string[];
  /** Environment the commands inherit (GitHub token variables are withheld from them). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** Tracks every process the run starts, so its owner can kill them all. */
  readonly registry?: ProcessGroupRegistry;
}

/** A run's input once its pull request is known. */
export type ResolvedRunInput = RunInput & { readonly pr: PullRequestKey };

/** What every stage is given. */
export interface StageContext {
  readonly sink: RunSink;
  readonly input: ResolvedRunInput;
  /** What fixes each thread after its suggestion; none for suggestions only. */
  readonly fixer?: Fixer;
  readonly options: Readonly<RunOptions>;
  readonly signal?: AbortSignal;
}
