import * as vscode from 'vscode';
import { displayLine } from '../model/thread';
import { DisposableStore, IDisposable } from '../common/lifecycle';
import { formatDuration, formatSummary } from '../engine/report/summary';
import { Run } from '../pipeline/run';
import { RunReport } from '../pipeline/runTypes';
import { Log } from './output';
import { RunController } from './runController';

function where(run: Run, id: string): string {
  const t = run.threads.find((x) => x.id === id);
  if (!t) return id;
  const line = displayLine(t);
  return line === null ? t.path : `${t.path}:${line}`;
}

/** The end-of-run lines: what failed and why, what was not resolved, then the timing. */
export function timingReportLines(report: RunReport, run: Run): string[] {
  const lines: string[] = [];
  const bad = report.threads.filter((t) => t.status === 'failed' || t.status === 'timeout');
  for (const t of bad) lines.push(`not fixed: ${where(run, t.id)} (${t.status}): ${t.error ?? ''}`);
  if (report.verify) lines.push(`verify ${report.verify.ok ? 'passed' : `FAILED (exit ${report.verify.exitCode})`} in ${formatDuration(report.verify.durationMs)}`);
  const resolved = report.threads.filter((t) => t.status === 'resolved').length;
  lines.push(`resolved ${resolved} of ${report.threads.length} threads on GitHub${report.notResolvedBecause ? ` — ${report.notResolvedBecause}` : ''}${report.cancelled ? ' (run stopped)' : ''}`);
  lines.push(...formatSummary(report.summary, { threadLabel: (id) => where(run, id) }));
  lines.push(`total ${formatDuration(report.wallMs)} including GitHub reads and writes`);
  return lines;
}

/**
 * Writes every run to the log channel (timestamped per-job lines, captured output of
 * failures, the timing summary), shows a cancellable progress notification and a status
 * bar item while it runs.
 */
export class RunReporter extends DisposableStore {
  private _lastSummary: string[] = [];
  private readonly _statusBar: vscode.StatusBarItem;
  /** Listeners of the run going on; cleared when it ends, also when it ends without a report. */
  private readonly _perRun = this.add(new DisposableStore());

  constructor(runs: RunController, private readonly _log: Log) {
    super();
    this._statusBar = this.add(vscode.window.createStatusBarItem('prThreads.run', vscode.StatusBarAlignment.Left, 50));
    this._statusBar.name = 'PR Thread Runner';
    this._statusBar.command = 'prThreads.showOutput';
    this.add(runs.onDidStartRun((run) => {
      this._perRun.clear();
      this._perRun.add(this._logRun(run));
      this._perRun.add(this._statusBarFor(run));
      this._perRun.add(this._notify(run, () => runs.stop()));
    }));
    this.add(runs.onDidEndRun(() => this._perRun.clear()));
  }

  /** The summary lines of the last finished run. */
  get lastSummary(): readonly string[] {
    return this._lastSummary;
  }

  private _logRun(run: Run): IDisposable {
    const store = new DisposableStore();
    const log = this._log;
    store.add(run.onDidChangeStage((e) => {
      if (e.stage !== 'done') log.info(`${e.stage}${e.detail ? `: ${e.detail}` : ''}`);
    }));
    store.add(run.onDidStartJob((e) => log.info(`start  ${e.lane} ${where(run, e.threadId)} (${e.threadId})${e.attempt > 1 ? ` attempt ${e.attempt}` : ''}`)));
    store.add(run.onDidRetryJob((e) => log.warn(`retry  ${e.lane} ${where(run, e.threadId)} in ${formatDuration(e.delayMs)}: ${e.error}`)));
    store.add(run.onDidFinishJob((r) => {
      const head = `${r.status.padEnd(6)} ${r.lane} ${where(run, r.threadId)} in ${formatDuration(r.durationMs)} (exit ${r.exitCode ?? r.signal ?? '–'}, ${r.attempts} attempt${r.attempts === 1 ? '' : 's'})`;
      if (r.status === 'fixed') {
        log.info(head);
      } else {
        log.error(`${head}: ${r.error ?? ''}`);
        if (r.output?.trim()) for (const line of r.output.trimEnd().split('\n').slice(-40)) log.error(`  | ${line}`);
      }
    }));
    store.add(run.onDidWriteThread((w) => {
      if (w.ok) log.info(`resolved ${where(run, w.threadId)}`);
      else log.error(`reply/resolve failed for ${where(run, w.threadId)}: ${w.error ?? ''}`);
    }));
    store.add(run.onDidLog((line) => log.info(`  ${line}`)));
    store.add(run.onDidFinish((report) => {
      this._lastSummary = timingReportLines(report, run);
      log.info('timing summary:');
      for (const line of this._lastSummary) log.info(`  ${line}`);
    }));
    return store;
  }

  private _statusBarFor(run: Run): IDisposable {
    const update = () => {
      const c = run.counts;
      this._statusBar.text = `$(sync~spin) PR threads ${c.done}/${c.total}${c.failed ? ` · ${c.failed} failed` : ''}`;
      this._statusBar.tooltip = `PR Thread Runner: ${run.stage} — ${c.running} running. Click for the output.`;
    };
    update();
    this._statusBar.show();
    const store = new DisposableStore();
    store.add(run.onDidStartJob(update));
    store.add(run.onDidFinishJob(update));
    store.add(run.onDidChangeStage(update));
    store.add({ dispose: () => this._statusBar.hide() });
    return store;
  }

  /** A cancellable notification for the run; disposing it closes the notification. */
  private _notify(run: Run, stop: () => void): IDisposable {
    const store = new DisposableStore();
    let close: () => void = () => undefined;
    store.add({ dispose: () => close() });
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'PR Thread Runner', cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          close = resolve;
          store.add(token.onCancellationRequested(() => stop()));
          let current = '';
          const report = (increment?: number) => {
            const c = run.counts;
            progress.report({ increment, message: `${c.done}/${c.total}${current ? ` · ${current}` : ''}${c.failed ? ` · ${c.failed} failed` : ''}` });
          };
          store.add(run.onDidStartJob((e) => {
            current = where(run, e.threadId);
            report();
          }));
          store.add(run.onDidFinishJob(() => report(run.counts.total ? 100 / run.counts.total : 0)));
          store.add(run.onDidChangeStage((e) => {
            if (e.stage === 'verify' || e.stage === 'commit' || e.stage === 'push' || e.stage === 'resolve') {
              current = e.stage === 'resolve' ? 'replying and resolving on GitHub' : e.stage;
              report();
            }
          }));
          report();
        }),
    );
    return store;
  }
}
