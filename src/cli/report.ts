import { displayLine, ReviewThread } from '../model/thread';
import { formatDuration, formatSummary } from '../engine/report/summary';
import { RunReport } from '../pipeline/runTypes';
import { oneTerminalLine } from './terminalText';

/** The SPEC §3 `--json` run report. */
export function runReportJson(report: RunReport): string {
  return JSON.stringify(
    {
      threads: report.threads.map((t) => ({
        id: t.id,
        worker: t.worker,
        status: t.status,
        attempts: t.attempts,
        exitCode: t.exitCode,
        durationMs: t.durationMs,
        error: t.error,
      })),
      wallMs: report.wallMs,
      sumMs: report.sumMs,
      speedup: Number(report.speedup.toFixed(3)),
      requests: report.requests,
      ...(report.verify ? { verify: { ok: report.verify.ok, exitCode: report.verify.exitCode } } : {}),
      ...(report.commit ? { commit: report.commit.sha } : {}),
      ...(report.notResolvedBecause ? { notResolvedBecause: report.notResolvedBecause } : {}),
      ...(report.cancelled ? { cancelled: true } : {}),
      ...(report.halted ? { halted: report.halted } : {}),
    },
    null,
    2,
  );
}

function where(t: ReviewThread | undefined, id: string): string {
  if (!t) return id;
  const line = displayLine(t);
  return oneTerminalLine(line === null ? t.path : `${t.path}:${line}`, 60);
}

/** The human end-of-run lines: failures, what was not resolved and why, then timing. */
export function formatRunReport(report: RunReport, threads: readonly ReviewThread[]): string[] {
  const byId = new Map(threads.map((t) => [t.id, t]));
  const out: string[] = [];
  const bad = report.threads.filter((t) => t.status === 'failed' || t.status === 'timeout' || t.status === 'cancelled');
  if (bad.length) {
    out.push(`Not fixed (${bad.length}), left unresolved:`);
    for (const t of bad) out.push(`  ${t.status.padEnd(9)} ${where(byId.get(t.id), t.id)}  ${t.id}  ${oneTerminalLine(t.error ?? '', 120)}`);
  }
  const skipped = report.threads.filter((t) => t.status === 'skipped');
  if (skipped.length) out.push(`Skipped ${skipped.length}: ${oneTerminalLine(skipped[0].error ?? '', 120)}${skipped.length > 1 ? ' (…)' : ''}`);
  if (report.verify) out.push(`Verify ${report.verify.ok ? 'passed' : `FAILED (exit ${report.verify.exitCode})`} in ${formatDuration(report.verify.durationMs)}`);
  const commit = report.commit;
  if (commit) out.push('reason' in commit ? `No commit: ${commit.reason}` : `Commit ${commit.sha.slice(0, 7)}${report.pushed ? ' (pushed)' : ''}`);
  const resolved = report.threads.filter((t) => t.status === 'resolved').length;
  const fixedOnly = report.threads.filter((t) => t.status === 'fixed').length;
  out.push(`Resolved ${resolved} on GitHub${fixedOnly ? `; ${fixedOnly} fixed but not resolved` : ''}${report.notResolvedBecause ? ` (${report.notResolvedBecause})` : ''}`);
  out.push(...formatSummary(report.summary, { threadLabel: (id) => where(byId.get(id), id) }));
  out.push(`Total ${formatDuration(report.wallMs)} including GitHub reads and writes`);
  return out;
}

/** Exit code of a run: 0 when every thread that ran was fixed and every step finished. */
export function runExitCode(report: RunReport): number {
  if (report.dryRun) return 0;
  const bad = report.threads.some((t) => t.status === 'failed' || t.status === 'timeout' || t.status === 'cancelled');
  return bad || report.cancelled || report.notResolvedBecause !== undefined && report.notResolvedBecause !== 'resolving is turned off' ? 1 : 0;
}
