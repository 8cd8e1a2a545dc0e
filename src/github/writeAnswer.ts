// What the write lane makes of GitHub's answer to a batch, and of reading threads back.
// An operation is done only when its own data says so, failed only when an error names
// it; anything else (no data and no error of its own, a general error, an answer cut off)
// leaves it in doubt, and only reading the thread back tells what GitHub holds.
import { isCancellationError, isUserFacingError, oneLine } from '../common/errors';
import type { GitHubClient, RawResult } from './client';
import type { GraphQLErrorInfo } from './graphqlErrors';
import { isGitHubAuthError, isGitHubBadAnswerError, isGitHubRateLimitedError } from './errors';
import { REVIEW_THREADS_STATE, replyAndResolveMutation } from './queries';

/** One thread's write as it goes. */
export interface Work {
  readonly threadId: string;
  readonly reply: string | undefined;
  readonly resolve: boolean;
  replied: boolean;
  resolved: boolean;
  commentUrl?: string;
  /** Final failures (GitHub named this thread's operation) and why a doubt was given up on. */
  errors: string[];
  /** Why the last answer left this thread in doubt; cleared by reading it back. */
  doubt?: string;
  /** Single-thread requests that left it in doubt so far. */
  tries: number;
}

/** Something asked for is not on GitHub yet. */
export function hasWork(w: Work): boolean {
  return needsReply(w) || (w.resolve && !w.resolved);
}

export function needsReply(w: Work): boolean {
  return w.reply !== undefined && !w.replied;
}

/** The batch's mutation with what each thread still needs; text only in variables. */
export function mutationFor(batch: readonly Work[]): [string, Record<string, unknown>] {
  const variables: Record<string, unknown> = {};
  const ops = batch.map((w, i) => {
    const reply = needsReply(w);
    variables[`t${i}`] = w.threadId;
    if (reply) variables[`b${i}`] = w.reply;
    return { reply, resolve: w.resolve && !w.resolved };
  });
  return [replyAndResolveMutation(ops), variables];
}

/**
 * Marks what the answer proves done, records the errors that name a thread's operation,
 * and sets `doubt` on every thread with an operation the answer leaves unknown.
 */
export function applyAnswer(batch: readonly Work[], answer: RawResult<Record<string, unknown>>): void {
  // An error without an alias path concerns the whole request: whatever has no data of its
  // own may or may not have been done.
  const general = answer.errors.filter((e) => !isAliasPath(e.path));
  const generalText = general.length > 0 ? `GitHub's answer left it unknown (${describe(general)})` : 'GitHub gave no answer for it';
  batch.forEach((w, i) => {
    const ops: { alias: string; label: string; done: () => boolean }[] = [];
    if (needsReply(w)) {
      ops.push({
        alias: `r${i}`,
        label: 'reply',
        done: () => {
          const r = answer.data?.[`r${i}`] as { comment?: { url?: string } | null } | null | undefined;
          if (!r?.comment) return false;
          w.replied = true;
          w.commentUrl = r.comment.url;
          return true;
        },
      });
    }
    if (w.resolve && !w.resolved) {
      ops.push({
        alias: `s${i}`,
        label: 'resolve',
        done: () => {
          const s = answer.data?.[`s${i}`] as { thread?: { isResolved?: boolean } | null } | null | undefined;
          if (s?.thread?.isResolved !== true) return false;
          w.resolved = true;
          return true;
        },
      });
    }
    for (const op of ops) {
      if (op.done()) continue;
      const own = answer.errors.filter((e) => e.path?.[0] === op.alias);
      if (own.length > 0) w.errors.push(`${op.label} failed: ${describe(own)}`);
      else w.doubt ??= generalText;
    }
  });
}

/** The request as a whole failed in a way that may have left its work done. */
export function doubtAll(batch: readonly Work[], why: string): void {
  for (const w of batch) w.doubt ??= why;
}

function isAliasPath(path: readonly (string | number)[] | undefined): boolean {
  return typeof path?.[0] === 'string' && /^[rs]\d+$/.test(path[0]);
}

function describe(errors: readonly GraphQLErrorInfo[]): string {
  return errors.map((e) => (e.type ? `${e.type}: ${oneLine(e.message)}` : oneLine(e.message))).join('; ');
}

interface ThreadState {
  readonly id: string;
  readonly isResolved: boolean;
  readonly comments: { readonly nodes: readonly ({ body: string; url: string; viewerDidAuthor: boolean } | null)[] };
}

/**
 * Reads the threads back and marks what GitHub holds: resolved, and the reply when the
 * newest comment is the viewer's with this very text (GitHub adds a reply at the end).
 * Clears `doubt` on each thread read; a thread that cannot be read keeps it.
 * @returns why nothing could be read, else undefined.
 * @throws errors after which no request can succeed now (auth, rate limit, a bad answer,
 *   cancellation) and bugs.
 */
export async function readBack(client: GitHubClient, threads: readonly Work[], signal: AbortSignal | undefined): Promise<string | undefined> {
  let answer: RawResult<{ nodes: (ThreadState | null)[] }>;
  try {
    answer = await client.raw(REVIEW_THREADS_STATE, { ids: threads.map((w) => w.threadId) }, { signal });
  } catch (e) {
    if (isLaneFatal(e) || !isUserFacingError(e)) throw e;
    return oneLine(e);
  }
  const nodes = answer.data?.nodes ?? [];
  threads.forEach((w, i) => {
    const state = nodes[i];
    if (!state || state.id !== w.threadId) {
      const why = answer.errors.filter((e) => e.path?.[0] === 'nodes' && e.path[1] === i);
      w.doubt = `${w.doubt !== undefined ? `${w.doubt}; ` : ''}reading the thread back failed: ${why.length > 0 ? describe(why) : 'GitHub gave no answer for it'}`;
      return;
    }
    w.doubt = undefined;
    if (state.isResolved) w.resolved = true;
    const last = state.comments.nodes.at(-1);
    if (needsReply(w) && last?.viewerDidAuthor && last.body === w.reply) {
      w.replied = true;
      w.commentUrl = last.url;
    }
  });
  return undefined;
}

/** Errors after which no request of the lane can succeed now. */
export function isLaneFatal(e: unknown): boolean {
  return isCancellationError(e) || isGitHubAuthError(e) || isGitHubRateLimitedError(e) || isGitHubBadAnswerError(e);
}
