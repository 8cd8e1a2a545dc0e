import { isCancellationError, isUserFacingError, oneLine } from '../../common/errors';
import type { StageContext } from '../runInput';

/** How the push step ended. */
export type PushOutcome =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'pushed' }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'cancelled' };

/** Pushes the fix commit (with --push), bounded by --push-timeout; a stop is a stop, not a failure. */
export async function pushStage(ctx: StageContext, sha: string | undefined): Promise<PushOutcome> {
  if (!ctx.options.push || !sha) return { kind: 'skipped' };
  ctx.sink.stage({ stage: 'push' });
  try {
    await ctx.input.vcs.push({ signal: ctx.signal, timeoutMs: ctx.options.pushTimeoutMs });
  } catch (e) {
    if (isCancellationError(e) || ctx.signal?.aborted) return { kind: 'cancelled' };
    if (!isUserFacingError(e)) throw e;
    return { kind: 'failed', error: oneLine(e) };
  }
  ctx.sink.log(`pushed ${sha.slice(0, 7)}`);
  return { kind: 'pushed' };
}
