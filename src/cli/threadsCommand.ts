import { firstLine, ReviewThread, threadAuthor, threadLocation } from '../model/thread';
import { PullRequestRef } from '../model/pullRequest';
import { threadToJson } from '../model/threadJson';
import { columns, oneTerminalLine } from './terminalText';

/** Lines of the human listing of threads. */
export function formatThreads(pr: PullRequestRef, threads: readonly ReviewThread[], includeResolved: boolean): string[] {
  const title = pr.title ? `  ${oneTerminalLine(pr.title, 80)}` : '';
  const what = includeResolved ? 'review threads' : 'unresolved review threads';
  const head = `${pr.owner}/${pr.repo}#${pr.number}${title}  (${threads.length} ${what})`;
  const rows = threads.map((t) => {
    const flags = [t.isOutdated ? '[outdated]' : '', t.isResolved ? '[resolved]' : ''].filter(Boolean).join(' ');
    return [
      oneTerminalLine(threadLocation(t), 60),
      oneTerminalLine(threadAuthor(t), 24),
      `${oneTerminalLine(firstLine(t), 80)}${flags ? ` ${flags}` : ''}`,
    ];
  });
  return [head, ...columns(rows).map((l) => `  ${l}`)];
}

/** The SPEC §3 JSON for `prt threads --json`. */
export function threadsJson(threads: readonly ReviewThread[]): string {
  return JSON.stringify(threads.map(threadToJson), null, 2);
}
