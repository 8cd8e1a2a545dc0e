import { sleep as abortableSleep, throwIfAborted } from '../common/abort';
import { BugIndicatingError, isCancellationError, isUserFacingError, oneLine } from '../common/errors';
import type { GitHubClient, RawResult } from './client';
import type { GraphQLErrorInfo } from './graphqlErrors';
import { isGitHubAuthError, isGitHubNetworkError, isGitHubRateLimitedError, isGitHubRequestError, isGitHubTimeoutError } from './errors';
import { REVIEW_THREADS_STATE, replyAndResolveMutation } from './queries';


/** One thread to write: reply (when `reply` is set) and resolve (unless `resolve: false`). */
export interface WriteItem {
  readonly threadId: string;
  readonly reply?: string;
}

/** What was done for one thread. */
export interface WriteResult {
  readonly threadId: string;
  /** The reply is on GitHub (posted now, or found already posted after a cut-off request). */
  readonly replied: boolean;
  readonly resolved: boolean;
  /** Everything asked for this thread was done. */
  readonly ok: boolean;
  /** One line saying what failed. */
  readonly error?: string;
  readonly commentUrl?: string;
}

export interface ReplyAndResolveOptions {
  /** Resolve each thread (default true). */
  readonly resolve?: boolean;
  /** Threads per request (default 10). */
  readonly batchSize?: number;
  /** Spacing between requests, which GitHub asks of content-creating clients (default 1000). */
  readonly intervalMs?: number;
  /** Tries of a single-thread request cut off by a 5xx, timeout or broken connection (default 3). */
  readonly maxTries?: number;
  readonly signal?: AbortSignal;
  /** Called once per thread as soon as its outcome is final. */
  readonly onDidFinishThread?: (result: WriteResult) => void;
  /** How to wait between requests (tests pass a recording one). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Work {
  readonly threadId: string;
  readonly reply: string | undefined;
  readonly resolve: boolean;
  replied: boolean;
  resolved: boolean;
  commentUrl?: string;
  errors: string[];
  /** Single-thread requests cut off so far. */
  tries: number;
}

interface ThreadState {
  readonly id: string;
  readonly isResolved: boolean;
  readonly comments: { readonly nodes: readonly ({ body: string; url: string; viewerDidAuthor: boolean } | null)[] };
}

/**
 * The GitHub write lane: replies to and resolves threads, several per request as aliased
 * mutations, requests sent one at a time `intervalMs` apart. An error GitHub reports for
 * one thread fails only that thread. A request cut off by a 5xx, a timeout or a broken
 * connection may have been carried out, so the lane reads the threads back, drops what is
 * already done (so a reply is never posted twice) and resends the rest in halves.
 * Rate-limit waits are the client's.
 * @returns one result per item, in order.
 * @throws GitHubAuthError or GitHubRateLimitedError (nothing more can be written now; the
 *   threads already finished were reported through `onDidFinishThread`); CancellationError
 *   when `signal` aborts (no further request is sent).
 */
export async function replyAndResolve(client: GitHubClient, items: readonly WriteItem[], opts: ReplyAndResolveOptions = {}): Promise<WriteResult[]> {
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 10));
  const intervalMs = opts.intervalMs ?? 1000;
  const maxTries = Math.max(1, opts.maxTries ?? 3);
  const wait = opts.sleep ?? abortableSleep;
  const signal = opts.signal;
  const seen = new Set<string>();
  const works: Work[] = items.map((item) => {
    if (seen.has(item.threadId)) throw new BugIndicatingError(`thread ${item.threadId} is listed twice`);
    seen.add(item.threadId);
    return { threadId: item.threadId, reply: item.reply, resolve: opts.resolve ?? true, replied: false, resolved: false, errors: [], tries: 0 };
  });
  const results = new Map<string, WriteResult>();
  const finish = (w: Work) => {
    const result = toResult(w);
    results.set(w.threadId, result);
    opts.onDidFinishThread?.(result);
  };

  let sent = 0;
  const pace = async () => {
    throwIfAborted(signal);
    if (sent++ > 0 && intervalMs > 0) await wait(intervalMs, signal);
  };

  for (const w of works) if (!hasWork(w)) finish(w);
  const queue: Work[][] = chunk(works.filter(hasWork), batchSize);
  while (queue.length > 0) {
    const batch = queue.shift()!;
    await pace();
    let answer: RawResult<Record<string, unknown>>;
    try {
      answer = await client.raw(...mutationFor(batch), { signal, retryOnServerError: false });
    } catch (e) {
      if (isFatal(e)) throw e;
      if (!isOutcomeUnknown(e)) {
        if (!isUserFacingError(e)) throw e;
        // GitHub refused the request as a whole: nothing was done, and resending won't help.
        for (const w of batch) {
          w.errors.push(oneLine(e));
          finish(w);
        }
        continue;
      }
      if (batch.length === 1) batch[0].tries++;
      await pace();
      const unreadable = await readBack(client, batch, signal);
      const rest: Work[] = [];
      for (const w of batch) {
        if (unreadable !== undefined) w.errors.push(`${oneLine(e)}; reading the thread back failed: ${unreadable}`);
        else if (hasWork(w) && w.tries >= maxTries) w.errors.push(oneLine(e));
        if (!hasWork(w) || w.errors.length > 0) finish(w);
        else rest.push(w);
      }
      // Halves go first, in order: smaller requests are likelier to get through.
      if (rest.length > 1) queue.unshift(rest.slice(0, Math.ceil(rest.length / 2)), rest.slice(Math.ceil(rest.length / 2)));
      else if (rest.length === 1) queue.unshift(rest);
      continue;
    }
    applyAnswer(batch, answer);
    batch.forEach(finish);
  }
  return works.map((w) => results.get(w.threadId)!);
}

function hasWork(w: Work): boolean {
  return (w.reply !== undefined && !w.replied) || (w.resolve && !w.resolved);
}

function toResult(w: Work): WriteResult {
  const ok = !hasWork(w) && w.errors.length === 0;
  return {
    threadId: w.threadId,
    replied: w.replied,
    resolved: w.resolved,
    ok,
    ...(ok ? {} : { error: w.errors.length > 0 ? w.errors.join('; ') : 'not written' }),
    ...(w.commentUrl ? { commentUrl: w.commentUrl } : {}),
  };
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The batch's mutation with what each thread still needs; text only in variables. */
function mutationFor(batch: readonly Work[]): [string, Record<string, unknown>] {
  const variables: Record<string, unknown> = {};
  const ops = batch.map((w, i) => {
    const reply = w.reply !== undefined && !w.replied;
    variables[`t${i}`] = w.threadId;
    if (reply) variables[`b${i}`] = w.reply;
    return { reply, resolve: w.resolve && !w.resolved };
  });
  return [replyAndResolveMutation(ops), variables];
}

function applyAnswer(batch: readonly Work[], answer: RawResult<Record<string, unknown>>): void {
  // An error without a path (or outside the aliases) concerns the whole request.
  const general = answer.errors.filter((e) => !isAliasPath(e.path));
  batch.forEach((w, i) => {
    if (w.reply !== undefined && !w.replied) {
      const r = answer.data?.[`r${i}`] as { comment?: { url?: string } | null } | null | undefined;
      if (r?.comment) {
        w.replied = true;
        w.commentUrl = r.comment.url;
      } else w.errors.push(`reply failed: ${describeErrors(answer.errors, `r${i}`, general)}`);
    }
    if (w.resolve && !w.resolved) {
      const s = answer.data?.[`s${i}`] as { thread?: { isResolved?: boolean } | null } | null | undefined;
      if (s?.thread?.isResolved) w.resolved = true;
      else w.errors.push(`resolve failed: ${describeErrors(answer.errors, `s${i}`, general)}`);
    }
  });
}

function isAliasPath(path: readonly (string | number)[] | undefined): boolean {
  return typeof path?.[0] === 'string' && /^[rs]\d+$/.test(path[0]);
}

function describeErrors(errors: readonly GraphQLErrorInfo[], alias: string, general: readonly GraphQLErrorInfo[]): string {
  const mine = [...errors.filter((e) => e.path?.[0] === alias), ...general];
  if (mine.length === 0) return 'GitHub gave no answer for it';
  return mine.map((e) => (e.type ? `${e.type}: ${oneLine(e.message)}` : oneLine(e.message))).join('; ');
}

/**
 * Marks what GitHub already did for the batch's threads; a thread that cannot be read gets
 * an error (it must not be resent blindly). Returns why nothing could be read, else undefined.
 */
async function readBack(client: GitHubClient, batch: readonly Work[], signal: AbortSignal | undefined): Promise<string | undefined> {
  let answer: RawResult<{ nodes: (ThreadState | null)[] }>;
  try {
    answer = await client.raw(REVIEW_THREADS_STATE, { ids: batch.map((w) => w.threadId) }, { signal });
  } catch (e) {
    if (isFatal(e) || !isUserFacingError(e)) throw e;
    return oneLine(e);
  }
  const nodes = answer.data?.nodes ?? [];
  batch.forEach((w, i) => {
    const state = nodes[i];
    if (!state || state.id !== w.threadId) {
      const why = answer.errors.filter((e) => e.path?.[0] === 'nodes' && e.path[1] === i);
      w.errors.push(`cannot read the thread back: ${describeErrors(why, '', why)}`);
      return;
    }
    if (state.isResolved) w.resolved = true;
    // GitHub adds a reply at the end: if the newest comment is the viewer's with this very
    // text, the cut-off request posted it.
    const last = state.comments.nodes.at(-1);
    if (w.reply !== undefined && !w.replied && last?.viewerDidAuthor && last.body === w.reply) {
      w.replied = true;
      w.commentUrl = last.url;
    }
  });
  return undefined;
}

/** Errors after which no request of the lane can succeed now. */
function isFatal(e: unknown): boolean {
  return isCancellationError(e) || isGitHubAuthError(e) || isGitHubRateLimitedError(e);
}

/** The request may or may not have been carried out by GitHub. */
function isOutcomeUnknown(e: unknown): boolean {
  return isGitHubTimeoutError(e) || isGitHubNetworkError(e) || (isGitHubRequestError(e) && e.status >= 500);
}
