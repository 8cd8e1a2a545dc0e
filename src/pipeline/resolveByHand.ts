import type { RequestCounts, ThreadWriter } from '../engine/ports';
import type { JobResult } from '../model/job';
import type { PullRequestRef } from '../model/pullRequest';
import type { ReviewThread } from '../model/thread';
import { buildReport, type RunReport } from './report';
import type { Run } from './run';
import { writeThreads } from './stages/resolve';

const LANE = 'by hand';

/**
 * Replies to (when `reply` is set) and resolves threads the user chose by hand, as a Run of
 * its own, so that views learn of it through the same events as of any run.
 * @returns the report; `error` is set when GitHub stopped taking writes.
 */
export async function resolveByHand(
  run: Run,
  input: { readonly pullRequest: PullRequestRef; readonly writer: ThreadWriter; readonly requestCounts: RequestCounts },
  threads: readonly ReviewThread[],
  reply: string | undefined,
  signal?: AbortSignal,
): Promise<RunReport> {
  const sink = run.createSink();
  const t0 = Date.now();
  const before = { ...input.requestCounts };
  const ids = threads.map((t) => t.id);
  sink.planned({ pullRequest: input.pullRequest, fetched: threads, threads, plan: { strategy: 'manual', lanes: [{ name: LANE, threads: ids }] } });
  sink.stage({ stage: 'resolve', detail: `${threads.length} thread${threads.length === 1 ? '' : 's'} by hand` });
  for (const t of threads) {
    // Nothing ran: the user says the thread is done; its state then follows GitHub's answer.
    const byHand: JobResult = { threadId: t.id, lane: LANE, status: 'fixed', attempts: 0, exitCode: null, signal: null, startedAt: null, durationMs: 0, command: 'resolved by hand' };
    sink.finished(byHand);
  }
  const text = reply?.trim() ? reply : undefined;
  const outcome = await writeThreads(sink, input.writer, threads.map((thread) => ({ thread, reply: text })), signal);
  const report = buildReport({
    order: ids.map((id) => ({ id, worker: LANE })),
    facts: run,
    wallMs: Date.now() - t0,
    requests: { queries: input.requestCounts.queries - before.queries, mutations: input.requestCounts.mutations - before.mutations },
    planned: [],
    outcome: outcome.kind === 'stopped' ? { error: outcome.error, notResolved: { kind: 'writeStopped', error: outcome.error } } : { cancelled: outcome.kind === 'cancelled' },
  });
  sink.finish(report);
  return report;
}
