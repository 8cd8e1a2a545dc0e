// What the engine and the pipeline need from the outside world, as interfaces. The
// adapters implement them (src/github: ThreadSource and ThreadWriter; src/git: Vcs; the
// process runner: CommandRunner); the front ends pass the adapters in; tests pass fakes.
import type { PullRequestRef } from '../model/pullRequest';
import type { ReviewThread } from '../model/thread';
import type { CommandOptions, CommandResult } from './fix/command';

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
}
