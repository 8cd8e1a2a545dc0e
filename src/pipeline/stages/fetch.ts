import type { PullRequestThreads } from '../../engine/ports';
import type { StageContext } from '../runInput';

/**
 * Reads the pull request's unresolved threads from GitHub: a run always starts from
 * GitHub's current state, whatever a view loaded earlier.
 * @throws UserFacingError (not found, auth, network); CancellationError.
 */
export async function fetchStage(ctx: StageContext): Promise<PullRequestThreads> {
  const { pr } = ctx.input;
  ctx.sink.stage({ stage: 'fetch', detail: `${pr.owner}/${pr.repo}#${pr.number}` });
  return ctx.input.source.fetchThreads(pr, { signal: ctx.signal });
}
