// What the engine and the pipeline need from the outside world, as interfaces. The
// adapters implement them (src/github: ThreadSource and ThreadWriter; src/git: Vcs; the
// process runner: CommandRunner); the front ends pass the adapters in; tests pass fakes.
import type { PullRequestRef } from '../model/pullRequest';
import type { ThreadChanges } from '../model/job';
import type { ReviewThread } from '../model/thread';
import type { CommandOptions, CommandResult } from './fix/command';
import type { ProcessOptions, ProcessResult } from './fix/processRunner';
import type { AttemptContext, AttemptOutcome } from './schedule/schedulerTypes';

/** Which pull request. */
export interface PullRequestKey {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

/** A pull request with its review threads, as read from the review host. */
export interface PullRequestThreads {
  readonly pullRequest: PullRequestRef;
  readonly threads: readonly ReviewThread[];
}

/** Requests sent to the review host so far, retries included. */
export interface RequestCounts {
  readonly queries: number;
  readonly mutations: number;
}

/** Where review threads come from (GitHub). */
export interface ThreadSource {
  /**
   * The pull request and its threads (unresolved only unless `includeResolved`), every
   * comment included.
   * @throws UserFacingError (not found, auth, network: nothing can be read now);
   *   CancellationError when `signal` aborts.
   */
  fetchThreads(pr: PullRequestKey, options?: { readonly signal?: AbortSignal; readonly includeResolved?: boolean }): Promise<PullRequestThreads>;
  /** Requests made through this source and its writer so far. */
  readonly requestCounts: RequestCounts;
}

/** One thread to write: reply (when `reply` is set), then resolve (when `resolve`). */
export interface ThreadWriteItem {
  readonly threadId: string;
  readonly reply?: string;
  readonly resolve: boolean;
}

/** What the review host holds for one thread after the write (read back after any doubt). */
export interface ThreadWriteResult {
  readonly threadId: string;
  readonly replied: boolean;
  readonly resolved: boolean;
  /** Everything asked for this thread was done. */
  readonly ok: boolean;
  /** One line saying what failed, when not ok. */
  readonly error?: string;
  readonly commentUrl?: string;
}

/** The writer is about to wait before its next request, and why. */
export interface WriteWait {
  /** Epoch ms when it will send again. */
  readonly until: number;
  readonly reason: 'content-minute' | 'content-hour' | 'points-minute' | 'secondary-rate-limit' | 'rate-limit';
}

export interface ThreadWriteOptions {
  readonly signal?: AbortSignal;
  /** Called once per thread as soon as what the host holds for it is known. */
  readonly onDidWrite?: (result: ThreadWriteResult) => void;
  /** Called before a wait the user would notice (pacing, rate limits). */
  readonly onDidWait?: (wait: WriteWait) => void;
}

/** Replies to and resolves review threads (GitHub's write lane). */
export interface ThreadWriter {
  /**
   * Writes every item; one thread's failure fails only that thread.
   * @returns one result per item, in order.
   * @throws UserFacingError when nothing more can be written now (auth, a rate limit beyond
   *   patience); the threads already finished were reported through `onDidWrite`.
   *   CancellationError when `signal` aborts (no further request is sent).
   */
  write(items: readonly ThreadWriteItem[], options?: ThreadWriteOptions): Promise<ThreadWriteResult[]>;
}

/** Runs a command the way `prt run --exec` does (`sh -c`, own process group). */
export type CommandRunner = (options: Readonly<CommandOptions>) => Promise<CommandResult>;

/** Something held until disposed (a lock). */
export interface Held {
  release(): Promise<void>;
}

/** The repository the fixes are made in (git). */
export interface Vcs {
  /** The work tree's root folder. */
  readonly root: string;
  /**
   * Takes the repository's run lock, so that two runs never work on one repository at once;
   * a lock left by a process that is gone is taken over.
   * @throws UserFacingError naming the running one's pid when another run holds it.
   */
  lockRun(): Promise<Held>;
  /** Repository-relative paths with uncommitted changes (staged, unstaged, untracked), `exclude` left out. */
  dirtyPaths(exclude?: readonly string[]): Promise<string[]>;
  /**
   * @throws UserFacingError saying how to set user.name and user.email when git has no
   *   identity to commit with.
   */
  checkCommitIdentity(): Promise<void>;
  /** The checked-out branch, undefined when HEAD is detached. */
  currentBranch(): Promise<string | undefined>;
  /**
   * Stages every change but `exclude` and commits it, running the repository's hooks.
   * @returns the new commit's sha, undefined when nothing changed.
   * @throws UserFacingError with git's own words when the commit is refused (a hook failed…).
   */
  commitAll(message: string, exclude?: readonly string[]): Promise<string | undefined>;
  /**
   * Pushes the current branch.
   * @throws UserFacingError when git refuses or `timeoutMs` passes (its processes killed);
   *   CancellationError when `signal` aborts.
   */
  push(options: { readonly signal?: AbortSignal; readonly timeoutMs: number }): Promise<void>;
  /** A folder of prt's own state for this repository (in the git common dir). */
  stateDir(): Promise<string>;
  /** The commit HEAD names. */
  headCommit(): Promise<string>;
  /**
   * Moves the work tree and index from `from` (HEAD, with a clean tree) to `to`'s tree, HEAD
   * unchanged: the integrated fixes become changes in the user's tree.
   * @throws UserFacingError when git refuses (an untracked file in the way…).
   */
  checkoutTree(from: string, to: string): Promise<void>;
  /**
   * Commits exactly `commit`'s tree onto HEAD with `message`, running the repository's hooks;
   * the work tree is not touched.
   * @returns the new commit.
   * @throws UserFacingError with git's own words when refused (a hook failed…).
   */
  commitTree(commit: string, message: string): Promise<string>;
  /** Moves HEAD and the index to `commit` (`git reset --mixed`), leaving the work tree as it is. */
  resetTo(commit: string): Promise<void>;
}

/** A job slot's worktree: where one job at a time works, isolated from the user's tree. */
export interface Slot {
  readonly index: number;
  /** Absolute path of the worktree (outside the repository and any `.git`). */
  readonly path: string;
}

/** How a cherry-pick onto the integration tip went. */
export type PickOutcome =
  /** The commit applied; `commit` is the new tip. */
  | { readonly kind: 'picked'; readonly commit: string }
  /** An earlier pick already made the same change: nothing to add. */
  | { readonly kind: 'alreadyThere' }
  /** The change does not apply on the tip; the pick was aborted and the tip is unchanged. */
  | { readonly kind: 'conflict'; readonly files: readonly string[] };

/** A scratch worktree where kept fixes are cherry-picked in plan order. */
export interface IntegrationTree {
  /** The tip: the base, plus every commit picked so far. */
  readonly tip: string;
  /** Cherry-picks `commit` onto the tip (no hooks: these are not the user's commits yet). */
  pick(commit: string): Promise<PickOutcome>;
  /** Lets the scratch worktree go (kept for the next run). */
  close(): Promise<void>;
}

/** What `prt clean` removed. */
export interface CleanResult {
  readonly worktrees: number;
  readonly patches: number;
}

/**
 * The worktrees isolated jobs run in, and the integration of their commits (git). Slots
 * live in the user's cache folder and are reused by later runs; patches of fixes that did
 * not land are kept in the repository's prt state folder.
 */
export interface Worktrees {
  /**
   * Makes slot `index` a worktree checked out at `commit`: created with `git worktree add
   * --detach` when missing, else reused and reset (ignored files kept).
   * @returns created: true when the slot is new (its setup command is then due).
   */
  prepareSlot(index: number, commit: string): Promise<{ readonly slot: Slot; readonly created: boolean }>;
  /** Puts a slot back at `commit`: tracked files as there, untracked ones removed, ignored ones kept. */
  resetSlot(slot: Slot, commit: string): Promise<void>;
  /**
   * Commits everything the job changed in the slot (ignored files left out) on top of the
   * commit it is checked out at, without hooks.
   * @returns the commit and what it changed, undefined when nothing changed.
   */
  commitSlot(slot: Slot, message: string): Promise<{ readonly commit: string; readonly changes: ThreadChanges } | undefined>;
  /**
   * Writes what a job changed in the slot (uncommitted, untracked files included) as a
   * binary-safe patch against the slot's commit.
   * @returns false when there was nothing to save.
   */
  savePatch(slot: Slot, file: string): Promise<boolean>;
  /** Writes a commit as a patch (`git format-patch`), to apply later with `git am`. */
  saveCommitPatch(commit: string, file: string): Promise<void>;
  /** Repository-relative paths a commit changes against its parent. */
  changedFiles(commit: string): Promise<string[]>;
  /** What a commit changes against `base`, as `git diff --stat --patch` prints it. */
  diffText(base: string, commit: string, options?: { readonly color?: boolean }): Promise<string>;
  /** A file's content at a commit; undefined when the file is not there. */
  fileAt(commit: string, path: string): Promise<Buffer | undefined>;
  /** Opens the scratch integration worktree at `base`. */
  openIntegration(base: string): Promise<IntegrationTree>;
  /** The folder where this run's patches go (created). */
  patchFolder(runId: string): Promise<string>;
  /** Removes every slot worktree and every saved patch of the repository. */
  clean(): Promise<CleanResult>;
}

/** A fixed thread whose changes a person is asked to keep or drop. */
export interface ReviewItem {
  readonly thread: ReviewThread;
  /** The thread's commit and the commit it was made on: the diff to show. */
  readonly commit: string;
  readonly base: string;
  readonly changes: ThreadChanges;
}

export type ReviewVerdict = 'accepted' | 'rejected';

/** Asks a person to keep or drop each fix (a terminal prompt, the editor's review UI). */
export interface Reviewer {
  /**
   * Resolves once the person is done; `decide` records each verdict as it is given. An item
   * left without a verdict when it resolves is dropped.
   * @throws CancellationError when `signal` aborts (Stop): the undecided fixes are dropped.
   */
  review(items: readonly ReviewItem[], options: { readonly signal?: AbortSignal; readonly decide: (threadId: string, verdict: ReviewVerdict) => void }): Promise<void>;
}

/** Runs a program with arguments, no shell, the way `runCommand` runs a command (own group, kill, tail). */
export type ProcessRunner = (options: Readonly<ProcessOptions>) => Promise<ProcessResult>;

/** One attempt of a fixer on one thread, in its work folder. */
export interface FixAttempt extends AttemptContext {
  readonly thread: ReviewThread;
  /** Where the fix is made: the job's worktree, or the repository root in place. */
  readonly workdir: string;
}

/**
 * What fixes a thread: the user's command, a coding agent's CLI, or the editor's language
 * model. It runs after the thread's suggestion is applied (when that is on), in the job's
 * work folder, under the job's signal (timeout, halt, stop).
 */
export interface Fixer {
  /** The fixer's name for confirmations and logs: `the command`, `Claude Code (claude)`, a model's name. */
  readonly label: string;
  /**
   * True for AI fixers: a job counts as fixed only when it changed a file, whatever the fixer
   * said; a command that exits 0 counts either way.
   */
  readonly mustChange: boolean;
  /** What runs for this thread, for the joblog and --dry-run (the command line, `agent claude`). */
  describe(thread: ReviewThread, worker: string): string;
  /**
   * @returns the attempt's outcome; `ok: false` with a one-line `error` for a failure.
   * @throws CancellationError when the run stops it; bug errors.
   */
  attempt(a: FixAttempt): Promise<AttemptOutcome>;
}
