import { describeNotResolved, isFailureReason } from '../model/outcome';
import { isFailedState } from '../model/status';
import type { RunReport } from '../pipeline/report';
import { EXIT_CANCELLED, EXIT_ERROR, EXIT_OK, EXIT_THREAD_FAILED } from './exitCodes';

/** The SPEC §3 `--json` run report. */
export function runReportJson(report: RunReport): string {
  return JSON.stringify(
    {
      ...(report.error ? { error: report.error } : {}),
      threads: report.threads,
      wallMs: report.wallMs,
      sumMs: report.sumMs,
      speedup: Number(report.speedup.toFixed(3)),
      requests: report.requests,
      ...(report.summary.agents ? { agents: report.summary.agents } : {}),
      ...(report.verify ? { verify: { ok: report.verify.ok, exitCode: report.verify.exitCode, signal: report.verify.signal, durationMs: report.verify.durationMs } } : {}),
      ...(report.commit ? { commit: report.commit } : {}),
      ...(report.pushed !== undefined ? { pushed: report.pushed } : {}),
      ...(report.notResolved ? { notResolved: { kind: report.notResolved.kind, reason: describeNotResolved(report.notResolved) } } : {}),
      ...(report.cancelled ? { cancelled: true } : {}),
      ...(report.halted ? { halted: report.halted } : {}),
      ...(report.dryRun ? { dryRun: true, jobs: report.planned } : {}),
    },
    null,
    2,
  );
}

/** The `--json` report of a run that ended before it could start (bad options, no token…). */
export function failedRunJson(error: string): string {
  return JSON.stringify({ error, threads: [], wallMs: 0, sumMs: 0, speedup: 0, requests: { queries: 0, mutations: 0 } }, null, 2);
}

/** Exit code of a run (SPEC §3). */
export function runExitCode(report: RunReport, stopped: boolean): number {
  if (stopped || report.cancelled) return EXIT_CANCELLED;
  if (report.error) return EXIT_ERROR;
  if (report.dryRun) return EXIT_OK;
  const bad = report.threads.some((t) => isFailedState(t.status) || t.status === 'cancelled');
  return bad || isFailureReason(report.notResolved) ? EXIT_THREAD_FAILED : EXIT_OK;
}
