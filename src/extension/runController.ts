import * as path from 'node:path';
import { mkdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { Disposable, DisposableStore } from '../common/lifecycle';
import { Emitter, Event } from '../common/event';
import { executeRun } from '../pipeline/pipeline';
import { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { ReviewState, ThreadProgress } from './reviewState';
import { Run } from '../pipeline/run';
import { RunReport } from '../pipeline/runTypes';
import { UserFacingError } from '../common/errors';
import { Log } from './output';
import { PullRequestController } from './pullRequestController';
import { runOptionsFromSettings } from './runOptionsFromSettings';
import { Settings } from './settings';
import { WorkspaceTrust } from './trust';

/** Which threads a run covers. */
export type RunScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'lane'; readonly lane: string }
  | { readonly kind: 'threads'; readonly threadIds: readonly string[] };

const CONFIRMED_KEY = 'prThreads.confirmedCommand';

function confirmationKey(command: string | undefined, verify: string | undefined): string {
  return JSON.stringify([command?.trim() ?? '', verify?.trim() ?? '']);
}

/**
 * Starts runs from the view, the palette and quick fixes, one at a time, and turns the
 * Run's events into thread progress in the ReviewState. Owns the process groups of the
 * jobs it started: Stop, and disposing it (window closed), kill them.
 */
export class RunController extends Disposable {
  private readonly _onDidStartRun = this._register(new Emitter<Run>());
  /** Fires when a run starts; views attach to the Run's own events. */
  readonly onDidStartRun: Event<Run> = this._onDidStartRun.event;
  private readonly _onDidEndRun = this._register(new Emitter<RunReport | undefined>());
  /** Fires when a run ended (with its report, or undefined when it failed to start). */
  readonly onDidEndRun: Event<RunReport | undefined> = this._onDidEndRun.event;

  private readonly _registry = this._register(new ProcessGroupRegistry());
  private _current: { run: Run; abort: AbortController } | undefined;
  private _lastReport: RunReport | undefined;
  private _lastJoblog: string | undefined;

  constructor(
    private readonly _context: vscode.ExtensionContext,
    private readonly _state: ReviewState,
    private readonly _controller: PullRequestController,
    private readonly _settings: Settings,
    private readonly _trust: WorkspaceTrust,
    private readonly _log: Log,
  ) {
    super();
    this._register({ dispose: () => this._current?.abort.abort() });
  }

  get isRunning(): boolean {
    return this._current !== undefined;
  }
  get currentRun(): Run | undefined {
    return this._current?.run;
  }
  get lastReport(): RunReport | undefined {
    return this._lastReport;
  }
  /** The joblog file of the last run, in the extension's storage. */
  get lastJoblog(): string | undefined {
    return this._lastJoblog;
  }

  /** Stops the current run: running jobs' process groups are killed, nothing more is resolved. */
  stop(): boolean {
    if (!this._current) return false;
    this._log.info('stop requested: killing running jobs');
    this._current.abort.abort();
    return true;
  }

  /**
   * Records "don't ask again" for exactly this command and verify command in this workspace,
   * as the confirmation's second button does; undefined forgets it.
   */
  async rememberConfirmation(confirmed: { command?: string; verify?: string } | undefined): Promise<void> {
    await this._context.workspaceState.update(CONFIRMED_KEY, confirmed && confirmationKey(confirmed.command, confirmed.verify));
  }

  private async _confirm(command: string | undefined, verify: string | undefined, count: number): Promise<boolean> {
    // A changed command is asked about again: the answer was for what the user saw.
    const what = confirmationKey(command, verify);
    if (this._context.workspaceState.get<string>(CONFIRMED_KEY) === what) return true;
    const detail = [
      command ? `For each of ${count} thread(s) this runs, in the repository root:\n  sh -c ${JSON.stringify(command)}` : `This applies the suggestions of ${count} thread(s).`,
      verify ? `Then it runs the verify command: ${verify}` : '',
      'Threads whose fix succeeds are replied to and resolved on GitHub.',
    ].filter(Boolean).join('\n\n');
    const run = 'Run';
    const always = 'Run, and Don\'t Ask Again for This Workspace';
    const pick = await vscode.window.showWarningMessage('Run fixes for the review threads?', { modal: true, detail }, run, always);
    if (pick === always) await this._context.workspaceState.update(CONFIRMED_KEY, what);
    return pick === run || pick === always;
  }

  private async _joblogPath(): Promise<string> {
    const base = (this._context.storageUri ?? this._context.globalStorageUri).fsPath;
    const dir = path.join(base, 'joblogs');
    await mkdir(dir, { recursive: true });
    return path.join(dir, `run-${new Date().toISOString().replace(/[:.]/g, '-')}.joblog`);
  }

  /**
   * Runs the fix pipeline for a scope of the loaded PR.
   * @returns the report, or undefined when the user declined.
   * @throws UserFacingError (untrusted workspace, nothing loaded, a run already going, bad settings).
   */
  async start(scope: RunScope): Promise<RunReport | undefined> {
    if (this._current) throw new UserFacingError('A run is already going: wait for it or Stop it first.');
    const conn = this._controller.connection;
    const pr = this._state.pullRequest;
    if (!conn || !pr) throw new UserFacingError('No pull request is loaded: open the Review Threads view and Refresh first.');
    const options = runOptionsFromSettings(this._settings, this._state.planSettings, await this._joblogPath());
    if (options.command || options.verifyCommand) this._trust.assertCanRunCommands();
    const ids = this._scopeIds(scope);
    if (ids.length === 0) throw new UserFacingError('Nothing to run: the selection has no unresolved thread.');
    if (!(await this._confirm(options.command, options.verifyCommand, ids.length))) return undefined;

    const run = new Run();
    const abort = new AbortController();
    this._current = { run, abort };
    const store = new DisposableStore();
    store.add(run);
    this._track(run, store);
    this._state.clearProgress(ids);
    this._onDidStartRun.fire(run);
    this._log.info(`run started: ${scope.kind === 'all' ? 'all threads' : scope.kind === 'lane' ? scope.lane : scope.threadIds.join(', ')} (${ids.length} threads, ${options.maxConcurrency} at once)`);
    let report: RunReport | undefined;
    try {
      report = await executeRun(
        run,
        {
          client: conn.client,
          owner: pr.owner,
          repo: pr.repo,
          number: pr.number,
          repoRoot: conn.repository.root,
          threads: this._state.threads,
          pullRequest: pr,
          plan: this._state.plan,
          onlyThreads: ids,
          baseEnv: process.env,
          registry: this._registry,
        },
        options,
        abort.signal,
      );
      this._lastReport = report;
      this._lastJoblog = options.joblogPath;
      return report;
    } finally {
      this._current = undefined;
      store.dispose();
      this._onDidEndRun.fire(report);
    }
  }

  private _scopeIds(scope: RunScope): string[] {
    const resolvedAlready = (id: string) => this._state.progress(id)?.state === 'resolved';
    if (scope.kind === 'threads') return scope.threadIds.filter((id) => this._state.thread(id) && !resolvedAlready(id));
    const lanes = scope.kind === 'lane' ? this._state.plan.lanes.filter((l) => l.name === scope.lane) : this._state.plan.lanes;
    return lanes.flatMap((l) => l.threads).filter((id) => !resolvedAlready(id));
  }

  /** Mirrors the run's events into the ReviewState, which the tree and diagnostics read. */
  private _track(run: Run, store: DisposableStore): void {
    const set = (id: string, p: ThreadProgress) => this._state.setProgress(new Map([[id, p]]));
    store.add(run.onDidQueueJob((e) => set(e.threadId, { state: 'queued' })));
    store.add(run.onDidStartJob((e) => set(e.threadId, { state: 'running', attempts: e.attempt })));
    store.add(run.onDidRetryJob((e) => set(e.threadId, { state: 'queued', attempts: e.attempt - 1, error: `retrying: ${e.error}` })));
    store.add(run.onDidFinishJob((r) => set(r.threadId, { state: r.status, error: r.error, attempts: r.attempts, durationMs: r.durationMs })));
    store.add(run.onDidWriteThread((w) => {
      const prev = this._state.progress(w.threadId);
      set(w.threadId, { ...prev, state: w.ok ? (w.resolved ? 'resolved' : 'fixed') : 'failed', error: w.ok ? undefined : `reply/resolve failed: ${w.error ?? 'unknown error'}` });
    }));
    store.add(run.onDidFinish((report) => {
      if (report.notResolvedBecause && report.notResolvedBecause !== 'resolving is turned off') {
        for (const t of report.threads) {
          if (t.status === 'fixed') set(t.id, { ...this._state.progress(t.id), state: 'fixed', error: `not resolved: ${report.notResolvedBecause}` });
        }
      }
    }));
  }
}
