import { isCancellationError, isUserFacingError, oneLine } from '../../common/errors';
import type { ThreadWriteItem, ThreadWriter } from '../../engine/ports';
import { summaryLine } from '../../engine/fix/text';
import type { ReviewThread } from '../../model/thread';
import type { RunSink } from '../run';
import type { StageContext } from '../runInput';

/** One fixed thread to reply to and resolve, with the commit that holds its fix. */
export interface ResolveItem {
  readonly thread: ReviewThread;
  readonly commit?: string;
  /** The AI fixer's final message, for `{summary}`. */
  readonly agentMessage?: string;
}

/** How the resolve step ended. */
export type ResolveOutcome =
  | { readonly kind: 'done' }
  /** The writer gave up (auth, rate limit): threads not yet written stay unresolved. */
  | { readonly kind: 'stopped'; readonly error: string }
  | { readonly kind: 'cancelled' };

/**
 * The reply for one thread, in one pass: `{sha}` is the short sha of the commit holding its
 * fix, `{summary}` the first line of the AI fixer's final message (at most 200 characters,
 * control characters removed: it is the model's text, derived from the thread's).
 */
export function renderReply(template: string, commit: string | undefined, agentMessage?: string): string | undefined {
  const text = template.replace(/\{(sha|summary)\}/g, (_m, name: string) => (name === 'sha' ? (commit ? commit.slice(0, 7) : '') : summaryLine(agentMessage ?? '')));
  return text.trim() ? text : undefined;
}

/** Why GitHub would refuse to write this thread as asked, known from the fetch; undefined when it would not. */
function refusal(thread: ReviewThread, reply: string | undefined): string | undefined {
  if (reply !== undefined && !thread.viewerCanReply) {
    return 'GitHub does not let this account reply to the thread (viewerCanReply is false), so it was left unresolved';
  }
  if (!thread.viewerCanResolve) return 'GitHub does not let this account resolve the thread (viewerCanResolve is false)';
  return undefined;
}

/**
 * Replies to and resolves the fixed threads through the write lane. A thread GitHub would
 * refuse (known from the fetch) fails without a request, so that nothing is half done; what
 * the lane reports is what GitHub holds.
 * @throws the writer's bug errors; expected failures become the outcome.
 */
export async function resolveStage(ctx: StageContext, items: readonly ResolveItem[]): Promise<ResolveOutcome> {
  ctx.sink.stage({ stage: 'resolve', detail: `${items.length} thread${items.length === 1 ? '' : 's'}` });
  const writes = items.map(({ thread, commit, agentMessage }) => ({ thread, reply: renderReply(ctx.options.replyTemplate, commit, agentMessage) }));
  return writeThreads(ctx.sink, ctx.input.writer, writes, ctx.signal);
}

/**
 * Writes each thread's reply (when set) and resolves it, recording in the Run what GitHub
 * holds; shared by the run's resolve stage and resolving by hand.
 */
export async function writeThreads(
  sink: RunSink,
  writer: ThreadWriter,
  items: readonly { readonly thread: ReviewThread; readonly reply: string | undefined }[],
  signal: AbortSignal | undefined,
): Promise<ResolveOutcome> {
  const writes: ThreadWriteItem[] = [];
  for (const { thread, reply } of items) {
    const refused = refusal(thread, reply);
    if (refused) sink.written({ threadId: thread.id, replied: false, resolved: false, ok: false, error: refused });
    else writes.push({ threadId: thread.id, reply, resolve: true });
  }
  if (writes.length === 0) return { kind: 'done' };
  try {
    await writer.write(writes, { signal, onDidWrite: (r) => sink.written(r), onDidWait: (w) => sink.waiting(w) });
    return { kind: 'done' };
  } catch (e) {
    if (isCancellationError(e) || signal?.aborted) return { kind: 'cancelled' };
    if (!isUserFacingError(e)) throw e;
    return { kind: 'stopped', error: oneLine(e) };
  }
}
