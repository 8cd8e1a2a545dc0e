import * as path from 'node:path';
import { isUserFacingError, oneLine } from '../../common/errors';
import { applySuggestion, isSuggestionDoesNotApplyError } from './applySuggestion';
import type { Fixer } from '../ports';
import { isPathOutsideRepoError, resolveInRepo } from './repoPath';
import { parseSuggestions } from './suggestion';
import { ReviewThread } from '../../model/thread';
import { AttemptContext, AttemptOutcome, SchedulerJob } from '../schedule/schedulerTypes';

/** What a thread's job will do, for `--dry-run` and the joblog. */
export interface PlannedJob {
  readonly threadId: string;
  readonly worker: string;
  readonly path: string;
  readonly line: number | null;
  /** Will apply the thread's suggestion block. */
  readonly applySuggestion: boolean;
  /** The command line after placeholder substitution, when a command is set. */
  readonly command?: string;
  /** Why nothing will run for it, if so. */
  readonly skipReason?: string;
}

export interface ThreadJobContext {
  /** The user's repository root: where in-place jobs work. */
  readonly repoRoot: string;
  /** What fixes each thread after its suggestion (the command, an agent, the language model). */
  readonly fixer?: Fixer;
  readonly applySuggestions: boolean;
  /** The skip reason of threads that needed a fixer when none is set, if the caller knows why. */
  readonly noCommandReason?: string;
}

/** True when the thread's first comment holds a ```suggestion block. */
export function hasSuggestion(t: ReviewThread): boolean {
  return parseSuggestions(t.comments[0]?.body ?? '').length > 0;
}

/** What the job for `thread` would do; `skipReason` when there is nothing to run. */
export function describeThreadJob(thread: ReviewThread, worker: string, ctx: ThreadJobContext): PlannedJob {
  const applies = ctx.applySuggestions && hasSuggestion(thread);
  const command = ctx.fixer?.describe(thread, worker);
  const base = { threadId: thread.id, worker, path: thread.path, line: thread.line, applySuggestion: applies };
  if (!applies && !command) {
    return {
      ...base,
      skipReason: ctx.noCommandReason
        ? `not run: ${ctx.noCommandReason}`
        : ctx.applySuggestions
          ? 'nothing to run: the thread has no suggestion block and no command is set'
          : 'nothing to run: no command is set and suggestions are off',
    };
  }
  return command ? { ...base, command } : base;
}

function failure(error: string, retryable: boolean): AttemptOutcome {
  return { ok: false, exitCode: null, signal: null, error, retryable };
}

/** The normalized repository-relative path used to keep two jobs off one file. */
export function fileKey(thread: ReviewThread): string {
  return path.posix.normalize(thread.path.replace(/\\/g, '/'));
}

/** One attempt of a thread's job, run in `workdir` (the repository root, or a worktree of its own). */
export type ThreadAttempt = (attempt: AttemptContext, workdir: string) => Promise<AttemptOutcome>;

/**
 * One attempt of a thread's job: apply its suggestion (when planned), then run the fixer
 * (when set), both in `workdir`. A path leading outside the work tree or into its git
 * directory, or a suggestion that does not apply, fails the job for good; a failing fixer
 * may be retried.
 */
export function threadAttempt(thread: ReviewThread, planned: PlannedJob, ctx: ThreadJobContext): ThreadAttempt {
  return async (a, workdir) => {
    const { signal, onOutput } = a;
    try {
      // Refuse hostile paths before anything runs, even a command that never names the file.
      await resolveInRepo(workdir, thread.path);
      if (planned.applySuggestion) {
        const applied = await applySuggestion({ repoRoot: workdir, thread, signal });
        onOutput('stdout', `${applied.changed ? 'applied suggestion to' : 'suggestion already present in'} ${thread.path}\n`);
      }
    } catch (e) {
      if (isPathOutsideRepoError(e) || isSuggestionDoesNotApplyError(e)) return failure(oneLine(e), false);
      if (isUserFacingError(e)) return failure(oneLine(e), false);
      throw e;
    }
    if (!planned.command || !ctx.fixer) return { ok: true, exitCode: 0, signal: null };
    return ctx.fixer.attempt({ ...a, thread, workdir });
  };
}

/**
 * The scheduler job of one thread, in place: it works in the repository root, so two jobs
 * on the same file never run at once.
 */
export function threadJob(thread: ReviewThread, planned: PlannedJob, ctx: ThreadJobContext): SchedulerJob {
  const attempt = threadAttempt(thread, planned, ctx);
  return { threadId: thread.id, file: fileKey(thread), command: planned.command, run: (a) => attempt(a, ctx.repoRoot) };
}
