import { readJoblog, threadsToRerun } from '../../engine/report/joblog';
import type { ReviewThread } from '../../model/thread';
import { pendingThreads, recordedCommits } from '../resumeRecord';
import type { StageContext } from '../runInput';

/** The run's threads. */
export interface Selection {
  /** Every thread of the run, in GitHub's order. */
  readonly threads: readonly ReviewThread[];
  /**
   * Threads whose fix an earlier run made (a joblog row with exit 0) but which GitHub still
   * lists unresolved: only their reply and resolve are done again, with the commit recorded
   * for them when there is one.
   */
  readonly resolveOnly: ReadonlyMap<string, string | undefined>;
}

/**
 * Narrows the threads read from GitHub to the run's: `onlyThreads` (Run Lane, Run Thread),
 * and with `--resume-failed` the threads whose joblog rows failed or are missing or whose
 * isolated fixes never landed, plus the fixed ones GitHub still lists unresolved.
 * @throws MalformedJoblogError when the joblog is not in GNU parallel's format.
 */
export async function selectStage(ctx: StageContext, fetched: readonly ReviewThread[]): Promise<Selection> {
  let threads = [...fetched];
  if (ctx.input.onlyThreads) {
    const only = new Set(ctx.input.onlyThreads);
    threads = threads.filter((t) => only.has(t.id));
  }
  const resolveOnly = new Map<string, string | undefined>();
  const { resumeFailed, joblogPath } = ctx.options;
  if (resumeFailed && joblogPath) {
    const rows = await readJoblog(joblogPath);
    const stateDir = await ctx.input.vcs.stateDir();
    // A thread whose isolated job succeeded but whose fix never landed (a conflict, a
    // rejection, a run stopped before integration) runs again, whatever its row says.
    const pending = await pendingThreads(stateDir, joblogPath);
    const rerun = new Set([...threadsToRerun(rows, threads.map((t) => t.id)), ...threads.filter((t) => pending.has(t.id)).map((t) => t.id)]);
    const commits = await recordedCommits(stateDir, joblogPath);
    for (const t of threads) if (!rerun.has(t.id) && ctx.options.resolve) resolveOnly.set(t.id, commits.get(t.id));
    threads = threads.filter((t) => rerun.has(t.id) || resolveOnly.has(t.id));
  }
  return { threads, resolveOnly };
}
