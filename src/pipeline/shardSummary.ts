import { formatSummary } from '../engine/report/summary';
import type { ShardSpec } from '../engine/shard/shardAssignment';
import { STATE_LABELS, isFailedState } from '../model/status';
import type { ReviewThread } from '../model/thread';
import type { RunReport } from './report';
import { threadLabel } from './runSummary';

/**
 * The end-of-run lines of a shard (`prt run --shard I/N --emit DIR`): what did not get fixed
 * and why, where the fixes went and what lands them, then the timing summary. A shard
 * resolves nothing, so nothing is said about GitHub.
 */
export function shardSummaryLines(report: RunReport, threads: readonly ReviewThread[], shard: ShardSpec, dir: string): string[] {
  const byId = new Map(threads.map((t) => [t.id, t]));
  const label = (id: string) => threadLabel(byId, id);
  const out: string[] = [];
  const bad = report.threads.filter((t) => isFailedState(t.status) || t.status === 'cancelled');
  if (bad.length) {
    out.push(`Not fixed (${bad.length}):`);
    for (const t of bad) out.push(`  ${STATE_LABELS[t.status].padEnd(9)} ${label(t.id)}  ${t.id}  ${(t.error ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 120)}`);
  }
  const fixed = report.threads.filter((t) => t.status === 'fixed').length;
  out.push(...formatSummary(report.summary, { threadLabel: label }));
  out.push(
    report.threads.length === 0
      ? `Shard ${shard.index}/${shard.count}: nothing to do; ${dir} says so (prt integrate needs it too)`
      : `Shard ${shard.index}/${shard.count}: ${fixed} of ${report.threads.length} fixed, written to ${dir}; land them with prt integrate DIR… (one folder per shard)`,
  );
  return out;
}
