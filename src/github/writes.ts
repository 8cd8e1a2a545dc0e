import { throwIfAborted } from '../common/abort';
import { BugIndicatingError, isUserFacingError, oneLine } from '../common/errors';
import type { ThreadWriteItem, ThreadWriteOptions, ThreadWriteResult } from '../engine/ports';
import type { GitHubClient, RawResult } from './client';
import { systemClock, type Clock } from './clock';
import { MUTATION_POINTS, QUERY_POINTS, type ContentRate } from './contentRate';
import { isGitHubNetworkError, isGitHubRequestError, isGitHubTimeoutError } from './errors';
import { applyAnswer, doubtAll, hasWork, isLaneFatal, mutationFor, needsReply, readBack, type Work } from './writeAnswer';
import { WritePacer, type RequestCost } from './writePacer';

/** How the lane cuts and paces its requests. */
export interface WriteLaneOptions {
  /** Threads per request (default 10), fewer when the content rate allows fewer replies. */
  readonly batchSize?: number;
  /** Single-thread requests left in doubt before the thread is given up (default 3). */
  readonly maxTries?: number;
  /** The limits' ledger; keep one per client so that successive writes share it. */
  readonly pacer: WritePacer;
  readonly clock?: Clock;
  /** Pacing waits at least this long are announced through `onDidWait` (default 2000). */
  readonly noticeAfterMs?: number;
}

/**
 * The GitHub write lane: replies to and resolves threads, several per request as aliased
 * mutations, requests sent one at a time and paced by `pacer` (GitHub's secondary limits
 * and the spacing between requests). An error GitHub reports for one thread fails only
 * that thread. Whatever an answer leaves in doubt (a 5xx, a timeout, a broken connection,
 * a 200 holding only errors, an operation with neither data nor an error of its own) is
 * read back before anything is resent, so a reply is never posted twice, and every result
 * says what GitHub holds. Rate-limit waits are the client's; they are announced too.
 * @returns one result per item, in order.
 * @throws GitHubAuthError, GitHubRateLimitedError or GitHubBadAnswerError (nothing more can
 *   be written now; the threads already finished were reported through `onDidWrite`);
 *   CancellationError when `signal` aborts (no further request is sent); BugIndicatingError
 *   when a thread is listed twice.
 */
export async function writeThreads(
  client: GitHubClient,
  items: readonly ThreadWriteItem[],
  lane: WriteLaneOptions,
  options: ThreadWriteOptions = {},
): Promise<ThreadWriteResult[]> {
  const batchSize = Math.max(1, Math.floor(lane.batchSize ?? 10));
  const maxTries = Math.max(1, lane.maxTries ?? 3);
  const clock = lane.clock ?? systemClock;
  const noticeAfterMs = lane.noticeAfterMs ?? 2000;
  const { pacer } = lane;
  const signal = options.signal;
  const seen = new Set<string>();
  const works: Work[] = items.map((item) => {
    if (seen.has(item.threadId)) throw new BugIndicatingError(`thread ${item.threadId} is listed twice`);
    seen.add(item.threadId);
    return { threadId: item.threadId, reply: item.reply, resolve: item.resolve, replied: false, resolved: false, errors: [], tries: 0 };
  });
  const results = new Map<string, ThreadWriteResult>();
  const finish = (w: Work) => {
    const result = toResult(w);
    results.set(w.threadId, result);
    options.onDidWrite?.(result);
  };

  // The client's own rate-limit waits are waits the user notices too.
  const retries = client.onDidRetry((e) => {
    if (e.reason === 'secondary-rate-limit' || e.reason === 'rate-limit') options.onDidWait?.({ until: clock.now() + e.delayMs, reason: e.reason });
  });

  /** Sends one request when the limits allow, and charges it (each attempt) when it ends. */
  const send = async <T>(cost: RequestCost, run: () => Promise<T>): Promise<T> => {
    throwIfAborted(signal);
    const next = pacer.nextSendTime(cost, clock.now());
    let left = next.at - clock.now();
    if (left > 0 && next.reason && left >= noticeAfterMs) options.onDidWait?.({ until: next.at, reason: next.reason });
    // A real timer may wake a little early: sleep the rest, but only while time moves on
    // (a recording sleep in a test moves nothing and must not loop).
    for (let before = Infinity; left > 0 && left < before; before = left, left = next.at - clock.now()) await clock.sleep(left, signal);
    // The client may resend (after a rate limit); each attempt counts. A request another
    // caller makes on the client meanwhile is counted too: that errs on the safe side.
    let attempts = 0;
    const counting = client.onDidRequest(() => attempts++);
    try {
      return await run();
    } finally {
      counting.dispose();
      const times = Math.max(1, attempts);
      pacer.record({ content: cost.content * times, points: cost.points * times }, clock.now());
    }
  };

  /** Reads back the threads in doubt or failed; finishes all it can; returns those to resend. */
  const settle = async (batch: readonly Work[]): Promise<Work[]> => {
    const doubtful = batch.filter((w) => w.doubt !== undefined || w.errors.length > 0);
    for (const w of batch) if (!doubtful.includes(w)) finish(w);
    if (doubtful.length === 0) return [];
    if (batch.length === 1) batch[0].tries++;
    const why = new Map(doubtful.map((w) => [w, w.doubt]));
    const unreadable = await send({ content: 0, points: QUERY_POINTS }, () => readBack(client, doubtful, signal));
    const rest: Work[] = [];
    for (const w of doubtful) {
      // A thread still in doubt must not be resent blindly: it fails, saying why.
      if (unreadable !== undefined) w.errors.push(`${w.doubt !== undefined ? `${w.doubt}; ` : ''}reading the thread back failed: ${unreadable}`);
      else if (w.doubt !== undefined) w.errors.push(w.doubt);
      else if (hasWork(w) && w.errors.length === 0 && w.tries >= maxTries) w.errors.push(why.get(w) ?? 'not written');
      if (!hasWork(w) || w.errors.length > 0) finish(w);
      else rest.push(w);
    }
    return rest;
  };

  try {
    for (const w of works) if (!hasWork(w)) finish(w);
    const queue = batches(works.filter(hasWork), batchSize, pacer.maxContentPerRequest);
    while (queue.length > 0) {
      const batch = queue.shift()!;
      const cost = { content: batch.filter(needsReply).length, points: MUTATION_POINTS };
      let answer: RawResult<Record<string, unknown>> | undefined;
      try {
        answer = await send(cost, () => client.raw<Record<string, unknown>>(...mutationFor(batch), { signal, retryOnServerError: false }));
      } catch (e) {
        if (isLaneFatal(e) || !isUserFacingError(e)) throw e;
        if (!isOutcomeUnknown(e)) {
          // GitHub refused the request as a whole: nothing was done, and resending won't help.
          for (const w of batch) w.errors.push(oneLine(e));
        } else doubtAll(batch, oneLine(e));
      }
      if (answer) applyAnswer(batch, answer);
      const rest = await settle(batch);
      // Halves go first, in order: smaller requests are likelier to get through.
      const half = Math.ceil(rest.length / 2);
      if (rest.length > 1) queue.unshift(rest.slice(0, half), rest.slice(half));
      else if (rest.length === 1) queue.unshift(rest);
    }
  } finally {
    retries.dispose();
  }
  return works.map((w) => results.get(w.threadId)!);
}

/** Consecutive batches of at most `size` threads and `maxReplies` replies each. */
function batches(works: readonly Work[], size: number, maxReplies: number): Work[][] {
  const out: Work[][] = [];
  let current: Work[] = [];
  let replies = 0;
  for (const w of works) {
    const r = needsReply(w) ? 1 : 0;
    if (current.length > 0 && (current.length >= size || replies + r > maxReplies)) {
      out.push(current);
      current = [];
      replies = 0;
    }
    current.push(w);
    replies += r;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function toResult(w: Work): ThreadWriteResult {
  // What GitHub holds decides: a thread whose every operation is on GitHub is done, even
  // when an answer on the way said otherwise.
  const ok = !hasWork(w);
  return {
    threadId: w.threadId,
    replied: w.replied,
    resolved: w.resolved,
    ok,
    ...(ok ? {} : { error: w.errors.length > 0 ? w.errors.join('; ') : 'not written' }),
    ...(w.commentUrl ? { commentUrl: w.commentUrl } : {}),
  };
}

/** The request may or may not have been carried out by GitHub. */
function isOutcomeUnknown(e: unknown): boolean {
  return isGitHubTimeoutError(e) || isGitHubNetworkError(e) || (isGitHubRequestError(e) && e.status >= 500);
}

/** One thread to write with {@link replyAndResolve}. */
export interface WriteItem {
  readonly threadId: string;
  readonly reply?: string;
}

/** What was done for one thread (what GitHub holds). */
export type WriteResult = ThreadWriteResult;

/** Options of {@link replyAndResolve}. */
export interface ReplyAndResolveOptions {
  /** Resolve each thread (default true). */
  readonly resolve?: boolean;
  readonly batchSize?: number;
  /** Spacing between requests (default 1000). */
  readonly intervalMs?: number;
  /** Default GitHub's `80/min,500/h`. */
  readonly contentRate?: ContentRate;
  readonly maxTries?: number;
  readonly signal?: AbortSignal;
  readonly onDidFinishThread?: (result: WriteResult) => void;
  readonly onDidWait?: ThreadWriteOptions['onDidWait'];
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * {@link writeThreads} with a pacer of its own, for callers not yet on GitHubThreads.
 * @deprecated use `GitHubThreads.write`, whose pacer is shared by every write of a run.
 * @throws as {@link writeThreads}.
 */
export function replyAndResolve(client: GitHubClient, items: readonly WriteItem[], opts: ReplyAndResolveOptions = {}): Promise<WriteResult[]> {
  const pacer = new WritePacer({ intervalMs: opts.intervalMs, contentRate: opts.contentRate });
  const clock: Clock = { now: systemClock.now, sleep: opts.sleep ?? systemClock.sleep };
  return writeThreads(
    client,
    items.map((i) => ({ threadId: i.threadId, reply: i.reply, resolve: opts.resolve ?? true })),
    { batchSize: opts.batchSize, maxTries: opts.maxTries, pacer, clock },
    { signal: opts.signal, onDidWrite: opts.onDidFinishThread, onDidWait: opts.onDidWait },
  );
}
