import * as vscode from 'vscode';
import { Disposable, DisposableStore } from '../common/lifecycle';
import { isFailedState } from '../model/status';
import { threadLocation } from '../model/thread';
import type { RunReport } from '../pipeline/report';
import type { Run } from '../pipeline/run';
import { runHeadline } from '../pipeline/runSummary';
import type { EditorReviewer } from './editorReviewer';
import type { RunController } from './runController';

/** What the end-of-run notification says and offers; tests read it through the API. */
export interface RunNotice {
  readonly severity: 'info' | 'warning' | 'error';
  readonly text: string;
  readonly actions: readonly string[];
}

const SHOW_REPORT = 'Show Timing Report';
const MANAGE_TRUST = 'Manage Workspace Trust';
const APPLY_ACCEPTED = 'Apply Accepted Fixes and Resolve';

/** The notice for a finished run: the headline, and why nothing ran when trust is missing. */
export function runNotice(report: RunReport, untrusted: boolean): RunNotice {
  const skipped = report.threads.filter((t) => t.status === 'skipped').length;
  const blocked = untrusted && skipped > 0;
  const failed = report.threads.some((t) => isFailedState(t.status));
  const text = blocked
    ? `${runHeadline(report)} ${skipped} thread${skipped === 1 ? ' was' : 's were'} not run: this workspace is not trusted, so no command runs here.`
    : runHeadline(report);
  return {
    severity: report.error ? 'error' : failed || blocked || report.notResolved?.kind === 'verifyFailed' ? 'warning' : 'info',
    text,
    actions: blocked ? [MANAGE_TRUST, SHOW_REPORT] : [SHOW_REPORT],
  };
}

/**
 * A cancellable progress notification while a run goes on (`n/total`, the current thread),
 * and a message when it ends saying what happened, with the way out when there is one.
 */
export class RunProgress extends Disposable {
  private readonly _perRun = this._register(new DisposableStore());
  private _lastNotice: RunNotice | undefined;
  private _reviewNotice: RunNotice | undefined;

  constructor(runs: RunController, reviewer: EditorReviewer) {
    super();
    let wasReviewing = false;
    this._register(reviewer.onDidChange(() => {
      if (reviewer.isReviewing && !wasReviewing) {
        const n = reviewer.items.length;
        const notice: RunNotice = {
          severity: 'info',
          text: `${n === 1 ? '1 fix awaits' : `${n} fixes await`} review: look at each with Show Changes, Accept or Reject it, then apply the accepted ones.`,
          actions: [APPLY_ACCEPTED],
        };
        this._reviewNotice = notice;
        void vscode.window.showInformationMessage(notice.text, ...notice.actions).then((pick) => {
          if (pick === APPLY_ACCEPTED) void vscode.commands.executeCommand('prThreads.applyAcceptedFixes');
        });
      }
      wasReviewing = reviewer.isReviewing;
    }));
    this._register(runs.onDidStartRun(({ run }) => {
      this._perRun.clear();
      this._perRun.add(this._notify(run, () => runs.stop()));
    }));
    this._register(runs.onDidEndRun((ended) => {
      this._perRun.clear();
      if (!ended) return;
      const notice = runNotice(ended.report, ended.untrusted);
      this._lastNotice = notice;
      const show = notice.severity === 'error' ? vscode.window.showErrorMessage : notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(notice.text, ...notice.actions).then((pick) => {
        if (pick === SHOW_REPORT) void vscode.commands.executeCommand('prThreads.showTimingReport');
        if (pick === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
      });
    }));
  }

  /** The last end-of-run notice shown. */
  get lastNotice(): RunNotice | undefined {
    return this._lastNotice;
  }

  /** The last "fixes await review" notice shown. */
  get reviewNotice(): RunNotice | undefined {
    return this._reviewNotice;
  }

  private _notify(run: Run, stop: () => void): DisposableStore {
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
          let reported = 0;
          const report = () => {
            const c = run.counts;
            const increment = c.total ? ((c.done - reported) * 100) / c.total : 0;
            reported = c.done;
            progress.report({ increment, message: `${c.done}/${c.total}${current ? ` · ${current}` : ''}${c.failed ? ` · ${c.failed} failed` : ''}` });
          };
          store.add(run.onDidStartJob((e) => {
            const t = run.thread(e.threadId);
            current = t ? threadLocation(t) : e.threadId;
            report();
          }));
          store.add(run.onDidFinishJob(() => report()));
          store.add(run.onDidChangeStage((e) => {
            if (e.stage !== 'fix' && e.stage !== 'fetch' && e.stage !== 'plan' && e.stage !== 'done') {
              current = e.stage === 'resolve' ? 'replying and resolving on GitHub' : e.stage === 'review' ? 'fixes awaiting review' : e.stage;
              report();
            }
          }));
          report();
        }),
    );
    return store;
  }
}
