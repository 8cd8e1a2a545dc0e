import { isCancellationError, isUserFacingError, oneLine } from '../common/errors';
import type { PlannedJob } from '../engine/fix/threadJob';
import type { Held, RequestCounts, ThreadSource } from '../engine/ports';
import type { Plan } from '../model/plan';
import { buildReport, type ReportInput, type RunReport, type ThreadFactsView } from './report';
import type { Run, RunSink } from './run';

export type Outcome = ReportInput['outcome'];

/**
 * What a run's report is built from while its stages go: the plan whose threads the report
 * lists, the planned jobs, the commit holding each thread's fix, and when the work began.
 * `prt run` and `prt integrate` share it, so that both end in the same report.
 */
export class RunFrame {
  /** The lanes whose threads the report lists, in plan order. */
  plan: Plan;
  jobs: readonly PlannedJob[] = [];
  commits: ReadonlyMap<string, string> = new Map();
  /** Epoch ms the report's wall time counts from (a sharded run's: when its first shard began). */
  startedAt = Date.now();
  private readonly _requests0: RequestCounts;
  private readonly _held: Held[] = [];

  readonly sink: RunSink;
  private readonly _facts: ThreadFactsView;

  constructor(run: Run, private readonly _source: ThreadSource, strategy: Plan['strategy']) {
    this.sink = run.createSink();
    this._facts = run;
    this.plan = { strategy, lanes: [] };
    this._requests0 = { ..._source.requestCounts };
  }

  /** Keeps `held` (the run lock) until the run ends. */
  hold(held: Held | undefined): void {
    if (held) this._held.push(held);
  }

  /** Builds the report from what the Run holds, and ends the Run with it. */
  finish(outcome: Outcome): RunReport {
    const requests: RequestCounts = {
      queries: this._source.requestCounts.queries - this._requests0.queries,
      mutations: this._source.requestCounts.mutations - this._requests0.mutations,
    };
    const order = this.plan.lanes.flatMap((l) => l.threads.map((id) => ({ id, worker: l.name })));
    const report = buildReport({ order, facts: this._facts, wallMs: Date.now() - this.startedAt, requests, planned: this.jobs, commits: new Map(this.commits), outcome });
    this.sink.finish(report);
    return report;
  }

  async release(): Promise<void> {
    for (const h of this._held.splice(0).reverse()) await h.release();
  }
}

/**
 * Runs `body` inside a frame: whatever it returns or throws ends in one report — a stop is
 * `cancelled`, an expected failure the report's one-line `error` — and what it held (the run
 * lock) is released.
 * @throws only bugs: every expected failure is in the report.
 */
export async function framed(
  run: Run,
  source: ThreadSource,
  strategy: Plan['strategy'],
  signal: AbortSignal | undefined,
  body: (frame: RunFrame) => Promise<Outcome>,
): Promise<RunReport> {
  const frame = new RunFrame(run, source, strategy);
  try {
    return frame.finish(await body(frame));
  } catch (e) {
    if (isCancellationError(e) || signal?.aborted) return frame.finish({ cancelled: true, notResolved: { kind: 'cancelled' } });
    if (isUserFacingError(e)) return frame.finish({ error: oneLine(e) });
    throw e;
  } finally {
    await frame.release();
  }
}
