import * as path from 'node:path';
import type { ReportedRun } from '../cli/reportObserver';
import { summaryRows } from '../engine/report/summaryRows';
import { isFailedState, STATE_LABELS } from '../model/status';
import { displayLine, threadLocation } from '../model/thread';
import { runHeadline, threadLabel } from '../pipeline/runSummary';
import { markdownCell, markdownTable } from './markdown';
import { annotation } from './workflowCommands';

/** What the job summary of one step says: the run, its headline, the timing table, and what did not land. */
export function reportMarkdown(run: ReportedRun): string {
  const { report, shard } = run;
  const byId = new Map(run.threads.map((t) => [t.id, t]));
  const label = (id: string) => threadLabel(byId, id);
  const what = run.command === 'integrate' ? 'integrate' : shard ? `shard ${shard.shard.index}/${shard.shard.count}` : 'run';
  const out = [`### PR Thread Runner: ${markdownCell(run.pullRequest)} (${what})`, ''];
  if (shard && !report.error) {
    const fixed = report.threads.filter((t) => t.status === 'fixed').length;
    out.push(`${fixed} of ${report.threads.length} threads fixed; the fixes are handed to the integrate job (nothing was written to GitHub).`);
  } else {
    out.push(markdownCell(runHeadline(report), 1000));
  }
  out.push('', markdownTable(['Timing', ''], summaryRows(report.summary, { threadLabel: label }).map(([k, v]) => [markdownCell(k), markdownCell(v, 1000)])));
  const bad = report.threads.filter((t) => isFailedState(t.status) || t.status === 'cancelled' || t.status === 'rejected');
  if (bad.length) {
    out.push('', `#### Not landed (${bad.length})`, '');
    out.push(markdownTable(['Thread', 'Status', 'Why'], bad.map((t) => [markdownCell(label(t.id)), STATE_LABELS[t.status], markdownCell(t.error ?? '')])));
  }
  return `${out.join('\n')}\n`;
}

/**
 * One `::error` annotation per thread that failed (its fix, its integration, or its reply or
 * resolve) on the thread's line, and one for a run that could not go on. `workspace` is the
 * folder annotation paths are relative to (GITHUB_WORKSPACE).
 */
export function reportAnnotations(run: ReportedRun, workspace: string | undefined): string[] {
  const byId = new Map(run.threads.map((t) => [t.id, t]));
  const prefix = workspace ? path.relative(workspace, run.repoRoot).split(path.sep).join('/') : '';
  const lines: string[] = [];
  if (run.report.error) lines.push(annotation('error', `prt: ${run.report.error}`, { title: 'PR Thread Runner' }));
  for (const t of run.report.threads) {
    if (!isFailedState(t.status)) continue;
    const thread = byId.get(t.id);
    const file = thread ? (prefix && !prefix.startsWith('..') ? `${prefix}/${thread.path}` : thread.path) : undefined;
    const line = thread ? displayLine(thread) ?? undefined : undefined;
    const where = thread ? threadLocation(thread) : t.id;
    lines.push(annotation('error', `${STATE_LABELS[t.status]}: ${t.error ?? 'no reason given'} (review thread ${t.id})`, { file, line, title: `PR Thread Runner: ${where}` }));
  }
  return lines;
}
