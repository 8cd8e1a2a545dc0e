import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../common/errors';
import { Emitter, Event } from '../common/event';
import { Disposable, DisposableStore } from '../common/lifecycle';
import { agentPreset } from '../engine/fix/agents/presets';
import { runCommand } from '../engine/fix/command';
import { runProcess } from '../engine/fix/processRunner';
import type { Fixer } from '../engine/ports';
import { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { GitVcs } from '../git/gitVcs';
import { GitWorktrees } from '../git/worktrees';
import type { EditorReviewer } from './editorReviewer';
import { executeRun } from '../pipeline/executeRun';
import type { RunReport } from '../pipeline/report';
import { Run } from '../pipeline/run';
import { isSession, type GitHubSession, type GitHubSessions } from './githubSession';
import type { PullRequestRef } from '../model/pullRequest';
import { Log } from './output';
import { ReviewState } from './reviewState';
import { RunHistory } from './runHistory';
import { runOptionsFromSettings } from './runOptionsFromSettings';
import { Settings } from './settings';
import { WorkspaceTrust } from './trust';

/** Which threads a run covers. */
export type RunScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'lane'; readonly lane: string }
  | { readonly kind: 'threads'; readonly threadIds: readonly string[] };

const CONFIRMED_KEY = 'prThreads.confirmedCommand';

/** What a run is about to do, as the confirmation names it and remembers it. */
interface RunIntent {
  /** `command`, `agent claude`, `model copilot/gpt-4o`. */
  readonly fixer?: string;
  readonly command?: string;
  readonly verify?: string;
}

function confirmationKey(i: RunIntent): string {
  return JSON.stringify([i.command?.trim() ?? '', i.verify?.trim() ?? '', ...(i.fixer && i.fixer !== 'command' ? [i.fixer] : [])]);
}

/** A run that started, with what the views need to describe it. */
export interface StartedRun {
  readonly run: Run;
  /** True when the workspace is untrusted, so that no command could run. */
  readonly untrusted: boolean;
}

/**
 * Starts runs from the view, the palette and quick fixes, one at a time, and hands each Run
 * to the history that views read. Owns the process groups of the jobs it started: Stop,
 * and disposing it (window closed), kill them.
 */
export class RunController extends Disposable {
  private readonly _onDidStartRun = this._register(new Emitter<StartedRun>());
  /** Fires when a run starts; views attach to the Run's own events. */
  readonly onDidStartRun: Event<StartedRun> = this._onDidStartRun.event;
  private readonly _onDidEndRun = this._register(new Emitter<{ readonly report: RunReport; readonly untrusted: boolean } | undefined>());
  /** Fires when a run ended (with its report, or undefined when it failed to start). */
  readonly onDidEndRun = this._onDidEndRun.event;

  private readonly _registry = this._register(new ProcessGroupRegistry());
  private _current: { run: Run; abort: AbortController } | undefined;
  private _lastReport: { report: RunReport; run: Run } | undefined;
  private _lastJoblog: string | undefined;
  /**
   * Makes the language-model fixer for a run (set by the composition root); it asks for the
   * model and may throw a UserFacingError saying the model cannot be used.
   */
  private _languageModelFixer: ((session: GitHubSession, pr: PullRequestRef) => Promise<Fixer>) | undefined;

  /** Where runs with `prThreads.fixer` = `languageModel` get their fixer. */
  useLanguageModelFixer(make: (session: GitHubSession, pr: PullRequestRef) => Promise<Fixer>): void {
    this._languageModelFixer = make;
  }

  constructor(
    private readonly _context: vscode.ExtensionContext,
    private readonly _state: ReviewState,
    private readonly _sessions: GitHubSessions,
    private readonly _history: RunHistory,
    private readonly _settings: Settings,
    private readonly _trust: WorkspaceTrust,
    private readonly _reviewer: EditorReviewer,
    private readonly _log: Log,
  ) {
    super();
    this._register({ dispose: () => this._current?.abort.abort() });
  }

  /** The runs whose thread states the views show. */
  get history(): RunHistory {
    return this._history;
  }

  get isRunning(): boolean {
    return this._current !== undefined;
  }
  get currentRun(): Run | undefined {
    return this._current?.run;
  }
  /** The last finished run's report and the Run that made it. */
  get last(): { readonly report: RunReport; readonly run: Run } | undefined {
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
  async rememberConfirmation(confirmed: RunIntent | undefined): Promise<void> {
    await this._context.workspaceState.update(CONFIRMED_KEY, confirmed && confirmationKey(confirmed));
  }

  private async _confirm(intent: RunIntent, label: string | undefined, count: number, isolated: boolean, review: boolean): Promise<boolean> {
    // A changed command or fixer is asked about again: the answer was for what the user saw.
    const what = confirmationKey(intent);
    if (this._context.workspaceState.get<string>(CONFIRMED_KEY) === what) return true;
    const { command, verify } = intent;
    const where = isolated ? 'in a worktree of its own' : 'in the repository root';
    const detail = [
      command
        ? `For each of ${count} thread(s) this runs, ${where}:\n  sh -c ${JSON.stringify(command)}`
        : label
          ? `For each of ${count} thread(s) ${label} works ${where}, with the thread's conversation as its task (the GitHub token is not given to it).${review ? ' Every fix waits for your review before it lands.' : ''}`
          : `This applies the suggestions of ${count} thread(s).`,
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
   * Runs the pipeline for a scope of the pull request. The run reads the threads from GitHub
   * again first; the view takes the fresh list and keeps its plan, reconciled.
   * @returns the report, or undefined when the user declined.
   * @throws UserFacingError (untrusted workspace with a command set, nothing loaded, a run
   *   already going, bad settings).
   */
  async start(scope: RunScope): Promise<RunReport | undefined> {
    if (this._current) throw new UserFacingError('A run is already going: wait for it or Stop it first.');
    const session = this._sessions.current;
    const pr = this._state.pullRequest;
    if (!session || !isSession(session) || !pr) throw new UserFacingError('No pull request is loaded: open the Review Threads view and Refresh first.');
    const untrusted = !this._trust.isTrusted;
    let options = runOptionsFromSettings(this._settings, this._state.planSettings, await this._joblogPath(), untrusted);
    const fixerSetting = this._settings.fixer.value;
    // In Restricted Mode the workspace's own settings are ignored: with suggestions off nothing could run.
    if (options.command || options.verifyCommand || options.agent || fixerSetting === 'languageModel' || (untrusted && !options.applySuggestions)) this._trust.assertCanRunCommands();
    if (untrusted) {
      // Suggestions alone, in place, nothing committed: git would run the repository's hooks
      // and configuration (fsmonitor, ssh commands), which an untrusted workspace may not.
      if (options.commit !== 'off' || options.push) this._trust.assertCanRunCommands('commit');
      options = { ...options, isolation: 'none', review: false };
    }
    const ids = this._scopeIds(scope);
    if (ids.length === 0) throw new UserFacingError('Nothing to run: the selection has no unresolved thread.');
    const fixer = fixerSetting === 'languageModel' ? await this._languageModelFixer?.(session, pr) : undefined;
    const intent: RunIntent = { fixer: options.agent ? `agent ${options.agent.name}` : fixer ? `model ${fixer.label}` : 'command', command: options.command, verify: options.verifyCommand };
    const label = options.agent ? agentPreset(options.agent.name).displayName : fixer?.label;
    if (!(await this._confirm(intent, label, ids.length, options.isolation === 'worktree', options.review))) return undefined;

    const run = new Run();
    const abort = new AbortController();
    this._current = { run, abort };
    this._history.add(run);
    const store = new DisposableStore();
    // The run read GitHub afresh: the view follows (threads resolved since drop out, new ones join).
    store.add(run.onDidPlan(() => {
      if (run.pullRequest) this._state.setData(run.pullRequest, run.fetched);
    }));
    this._onDidStartRun.fire({ run, untrusted });
    this._log.info(`run started: ${scope.kind === 'all' ? 'all threads' : scope.kind === 'lane' ? scope.lane : scope.threadIds.join(', ')} (${ids.length} threads, ${options.maxConcurrency} at once)`);
    let report: RunReport | undefined;
    try {
      report = await executeRun(
        run,
        {
          pr: { owner: pr.owner, repo: pr.repo, number: pr.number },
          source: session.github,
          writer: session.github,
          vcs: new GitVcs(session.repository.root, { registry: this._registry }),
          runCommand,
          runProcess,
          ...(fixer ? { fixer } : {}),
          worktrees: new GitWorktrees(session.repository.root),
          reviewer: this._reviewer,
          plan: this._state.plan,
          // Run All takes whatever GitHub lists now, threads that came since the view loaded included.
          onlyThreads: scope.kind === 'all' ? undefined : ids,
          baseEnv: process.env,
          registry: this._registry,
        },
        options,
        abort.signal,
      );
      this._lastReport = { report, run };
      this._lastJoblog = options.joblogPath;
      return report;
    } finally {
      this._current = undefined;
      store.dispose();
      this._onDidEndRun.fire(report && { report, untrusted });
    }
  }

  private _scopeIds(scope: RunScope): string[] {
    const resolvedAlready = (id: string) => this._history.state(id) === 'resolved';
    if (scope.kind === 'threads') return scope.threadIds.filter((id) => this._state.thread(id) && !resolvedAlready(id));
    const lanes = scope.kind === 'lane' ? this._state.plan.lanes.filter((l) => l.name === scope.lane) : this._state.plan.lanes;
    return lanes.flatMap((l) => l.threads).filter((id) => !resolvedAlready(id));
  }
}
