import { Disposable, DisposableStore } from '../common/lifecycle';
import { formatDuration } from '../engine/report/summary';
import type { AgentReport } from '../model/job';
import { STATE_LABELS } from '../model/status';
import { threadLocation } from '../model/thread';
import type { Run } from '../pipeline/run';
import { describeWait, runHeadline, runSummaryLines } from '../pipeline/runSummary';
import { Log } from './output';
import type { RunController } from './runController';

function where(run: Run, id: string): string {
  const t = run.thread(id);
  return t ? threadLocation(t) : id;
}

/** At most this many lines of an agent's final message go to the log. */
const MESSAGE_LINES = 20;

/**
 * What an AI fixer reported for a job: its figures (where it gave them), then its final
 * message, each line prefixed (the text is the model's: it cannot pose as a log line).
 */
export function agentLines(a: AgentReport): string[] {
  const figures = [
    a.inputTokens !== undefined ? `${a.inputTokens.toLocaleString('en-US')} tokens in` : '',
    a.outputTokens !== undefined ? `${a.outputTokens.toLocaleString('en-US')} out` : '',
    a.costUsd !== undefined ? `$${a.costUsd.toFixed(2)} as reported` : '',
  ].filter(Boolean);
  const text = a.message.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').split(/\r?\n/).map((l) => l.trimEnd());
  while (text.length && !text[text.length - 1]) text.pop();
  const shown = text.slice(0, MESSAGE_LINES);
  if (text.length > MESSAGE_LINES) shown.push(`… (${text.length - MESSAGE_LINES} more lines)`);
  return [
    `${oneLineLabel(a.fixer)}${figures.length ? ` (${figures.join(', ')})` : ''}${shown.length ? ' said:' : ': no final message'}`,
    ...shown.map((l) => `> ${l}`),
  ];
}

function oneLineLabel(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/**
 * Writes every run to the "PR Thread Runner" log channel: timestamped per-job lines, the
 * captured output of failures, GitHub writes and waits, and the end-of-run summary.
 */
export class RunOutput extends Disposable {
  private readonly _perRun = this._register(new DisposableStore());

  constructor(runs: RunController, private readonly _log: Log) {
    super();
    this._register(runs.onDidStartRun(({ run }) => {
      this._perRun.clear();
      this._perRun.add(this._follow(run));
    }));
  }

  private _follow(run: Run): DisposableStore {
    const store = new DisposableStore();
    const log = this._log;
    store.add(run.onDidChangeStage((e) => {
      if (e.stage !== 'done') log.info(`${e.stage}${e.detail ? `: ${e.detail}` : ''}`);
    }));
    store.add(run.onDidStartJob((e) => log.info(`start  ${e.lane} ${where(run, e.threadId)} (${e.threadId})${e.attempt > 1 ? ` attempt ${e.attempt}` : ''}`)));
    store.add(run.onDidRetryJob((e) => log.warn(`retry  ${e.lane} ${where(run, e.threadId)} in ${formatDuration(e.delayMs)}: ${e.error}`)));
    store.add(run.onDidFinishJob((r) => {
      const head = `${STATE_LABELS[r.status].padEnd(9)} ${r.lane} ${where(run, r.threadId)} in ${formatDuration(r.durationMs)} (exit ${r.exitCode ?? r.signal ?? '–'}, ${r.attempts} attempt${r.attempts === 1 ? '' : 's'})`;
      if (r.status === 'fixed') log.info(head);
      else if (r.status === 'skipped') log.warn(`${head}: ${r.error ?? ''}`);
      else {
        log.error(`${head}: ${r.error ?? ''}`);
        if (r.output?.trim()) for (const line of r.output.trimEnd().split('\n').slice(-40)) log.error(`  | ${line}`);
      }
      if (r.agent) for (const line of agentLines(r.agent)) log.info(`  ${line}`);
    }));
    store.add(run.onDidWriteThread((w) => {
      if (w.ok) log.info(`${w.resolved ? 'resolved' : 'written'} ${where(run, w.threadId)}`);
      else log.error(`reply/resolve failed for ${where(run, w.threadId)}: ${w.error ?? ''} (GitHub holds: ${w.replied ? 'replied' : 'no reply'}, ${w.resolved ? 'resolved' : 'unresolved'})`);
    }));
    store.add(run.onDidWait((w) => log.warn(describeWait(w))));
    store.add(run.onDidLog((line) => log.info(`  ${line}`)));
    store.add(run.onDidFinish((report) => {
      log.info('timing summary:');
      for (const line of runSummaryLines(report, run.threads)) log.info(`  ${line}`);
      log.info(runHeadline(report));
    }));
    return store;
  }
}
