import { plural, truncate } from '../common/text';
import { formatDuration, formatSummary } from '../engine/report/summary';
import { describeNotResolved, isFailureReason } from '../model/outcome';
import { isFailedState, STATE_LABELS } from '../model/status';
import { threadLocation, type ReviewThread } from '../model/thread';
import type { WriteWait } from '../engine/ports';
import type { RunReport } from './report';

/** Control characters of hostile text (thread paths, command output) become spaces. */
function clean(text: string, max: number): string {
  return truncate(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim(), max);
}

/** A thread's `path:line` for summary lines, or its id when it is not known. */
export function threadLabel(threads: ReadonlyMap<string, ReviewThread>, id: string): string {
  const t = threads.get(id);
  return t ? clean(threadLocation(t), 60) : id;
}

/** The one-line headline of a finished run, for notifications and the last line of output. */
export function runHeadline(report: RunReport): string {
  if (report.error) return `Run failed: ${report.error}`;
  if (report.dryRun) return `Dry run: ${plural(report.threads.length, 'thread')} planned, nothing run or written.`;
  const resolved = report.threads.filter((t) => t.status === 'resolved').length;
  const failed = report.threads.filter((t) => isFailedState(t.status)).length;
  const skipped = report.threads.filter((t) => t.status === 'skipped').length;
  const rejected = report.threads.filter((t) => t.status === 'rejected').length;
  const parts = [`${resolved} of ${plural(report.threads.length, 'thread')} resolved`];
  if (failed) parts.push(`${failed} failed`);
  if (rejected) parts.push(`${rejected} rejected`);
  if (skipped) parts.push(`${skipped} skipped`);
  const why = report.notResolved && report.notResolved.kind !== 'cancelled' ? ` (${describeNotResolved(report.notResolved)})` : '';
  return `${report.cancelled ? 'Run stopped' : 'Run finished'}: ${parts.join(', ')}${why}.`;
}

/**
 * The end-of-run lines every front end shows: what did not get fixed and why, what was
 * skipped, verify, commit and push, what GitHub holds, then the timing summary.
 */
export function runSummaryLines(report: RunReport, threads: readonly ReviewThread[]): string[] {
  const byId = new Map(threads.map((t) => [t.id, t]));
  const label = (id: string) => threadLabel(byId, id);
  const out: string[] = [];
  if (report.error) out.push(`Stopped: ${report.error}`);
  // Rejected fixes did not fail, but they did not land either: the user is told where their changes went.
  const bad = report.threads.filter((t) => isFailedState(t.status) || t.status === 'cancelled' || t.status === 'rejected');
  if (bad.length) {
    out.push(`Not landed (${bad.length}), left unresolved:`);
    for (const t of bad) {
      out.push(`  ${STATE_LABELS[t.status].padEnd(9)} ${label(t.id)}  ${t.id}  ${clean(t.error ?? '', 120)}`);
      // The error line is cut short; the patch's path must be whole to be of use.
      if (t.patch) out.push(`            patch: ${clean(t.patch, 400)}`);
    }
  }
  const skipped = report.threads.filter((t) => t.status === 'skipped');
  if (skipped.length && !report.dryRun) out.push(`Skipped ${skipped.length}: ${clean(skipped[0].error ?? '', 120)}${skipped.length > 1 ? ' (…)' : ''}`);
  if (report.verify) {
    const v = report.verify;
    out.push(`Verify ${v.ok ? 'passed' : `FAILED (${v.signal ? `killed by ${v.signal}` : `exit ${v.exitCode}`})`} in ${formatDuration(v.durationMs)}`);
  }
  const commits = new Set(report.threads.map((t) => t.commit).filter((c): c is string => c !== null));
  if (report.commit) {
    const what = commits.size > 1 ? `${commits.size} commits, one per thread, the last ${report.commit.slice(0, 7)}` : `Commit ${report.commit.slice(0, 7)}`;
    out.push(`${what}${report.pushed ? ' (pushed)' : ''}`);
  }
  const resolved = report.threads.filter((t) => t.status === 'resolved').length;
  const fixedOnly = report.threads.filter((t) => t.status === 'fixed').length;
  const reason = report.notResolved && isFailureReason(report.notResolved) ? ` (${describeNotResolved(report.notResolved)})` : '';
  out.push(`Resolved ${resolved} on GitHub${fixedOnly ? `; ${fixedOnly} fixed but not resolved` : ''}${reason}`);
  out.push(...formatSummary(report.summary, { threadLabel: label }));
  return out;
}

const WAIT_REASONS: Readonly<Record<WriteWait['reason'], string>> = {
  'content-minute': "GitHub's limit of content-creating requests a minute",
  'content-hour': "GitHub's limit of content-creating requests an hour (stopping now leaves the rest for --resume-failed)",
  'points-minute': "GitHub's limit of 2,000 points a minute",
  'secondary-rate-limit': "GitHub's secondary rate limit",
  'rate-limit': "GitHub's rate limit",
};

/** One line saying the write lane waits, until when and why. */
export function describeWait(w: WriteWait): string {
  const at = new Date(w.until);
  const hhmmss = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `waiting until ${hhmmss} for ${WAIT_REASONS[w.reason]}`;
}
