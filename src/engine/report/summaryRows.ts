import { plural } from '../../common/text';
import type { JobStatus } from '../../model/job';
import { formatDuration, type TimingSummary } from './summary';

const STATUS_WORDS: Readonly<Record<JobStatus, string>> = { fixed: 'fixed', failed: 'failed', timeout: 'timed out', cancelled: 'cancelled', skipped: 'skipped' };
const STATUS_ORDER: readonly JobStatus[] = ['fixed', 'failed', 'timeout', 'cancelled', 'skipped'];

/**
 * The timing summary as label/value rows, for media that show a table (the GitHub Actions
 * job summary): the same figures as `formatSummary`'s lines, one per row.
 */
export function summaryRows(summary: TimingSummary, options: { readonly threadLabel?: (threadId: string) => string } = {}): [string, string][] {
  const label = (id: string) => options.threadLabel?.(id) ?? id;
  const rows: [string, string][] = [
    ['Wall time', formatDuration(summary.wallMs)],
    ['Sum of job times', formatDuration(summary.sumMs)],
    ['Speedup', summary.wallMs > 0 ? `${summary.speedup.toFixed(2)}×` : '–'],
    ['Average per thread', formatDuration(summary.averageMs)],
  ];
  if (summary.slowest.length > 0) {
    rows.push(['Slowest jobs', summary.slowest.map((j) => `${label(j.threadId)} ${formatDuration(j.durationMs)} (${STATUS_WORDS[j.status]})`).join(', ')]);
  }
  rows.push(['Jobs', STATUS_ORDER.filter((s) => s === 'fixed' || s === 'failed' || summary.counts[s] > 0).map((s) => `${STATUS_WORDS[s]} ${summary.counts[s]}`).join(', ')]);
  const a = summary.agents;
  if (a) {
    const cost = a.costUsd === undefined ? '' : `, $${a.costUsd.toFixed(2)} as reported`;
    rows.push([`Agents (${a.fixers.join(', ')})`, `${plural(a.runs, 'run')}, ${a.inputTokens.toLocaleString('en-US')} tokens in, ${a.outputTokens.toLocaleString('en-US')} out${cost}`]);
  }
  rows.push(['GitHub requests', `${plural(summary.requests.queries, 'query', 'queries')}, ${plural(summary.requests.mutations, 'mutation', 'mutations')}`]);
  return rows;
}
