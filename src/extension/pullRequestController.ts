import * as vscode from 'vscode';
import { isCancellationError, isUserFacingError, oneLine } from '../common/errors';
import { Emitter, Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import { isGitHubAuthError } from '../github/errors';
import { findPullRequestForBranch, listOpenPullRequests } from '../github/pullRequests';
import type { PullRequestRef } from '../model/pullRequest';
import { GitContext } from './git';
import { GitHubSessions, isSession } from './githubSession';
import { Log } from './output';
import { ReviewState } from './reviewState';
import type { ViewStatus } from './viewStatus';

/**
 * Finds the pull request of the checked-out branch (or the one the user picked) and loads
 * its unresolved threads into the ReviewState: the only place the views' data is fetched.
 */
export class PullRequestController extends Disposable {
  private readonly _onDidChangeStatus = this._register(new Emitter<ViewStatus>());
  /** Fires when loading starts, ends or fails. */
  readonly onDidChangeStatus: Event<ViewStatus> = this._onDidChangeStatus.event;

  private _status: ViewStatus = { kind: 'idle' };
  private _pinned: { owner: string; repo: string; number: number; branch: string | undefined } | undefined;
  private _loading: AbortController | undefined;

  constructor(
    private readonly _state: ReviewState,
    private readonly _sessions: GitHubSessions,
    git: GitContext,
    private readonly _log: Log,
    onCredentialsChanged: Event<void>,
  ) {
    super();
    this._register(onCredentialsChanged(() => void this.refresh()));
    this._register(git.onDidChange(() => {
      if (this._status.kind !== 'idle') void this.refresh();
    }));
    this._register({ dispose: () => this._loading?.abort() });
  }

  get status(): ViewStatus {
    return this._status;
  }

  private _setStatus(status: ViewStatus): void {
    this._status = status;
    void vscode.commands.executeCommand('setContext', 'prThreads.state', status.kind);
    this._onDidChangeStatus.fire(status);
  }

  /**
   * Loads the threads again; a load already under way is cancelled first. Never throws:
   * failures become the view's status and a log line.
   */
  async refresh(options: { interactive?: boolean } = {}): Promise<ViewStatus> {
    this._loading?.abort();
    const controller = new AbortController();
    this._loading = controller;
    this._setStatus({ kind: 'loading' });
    try {
      const status = await this._load(controller.signal, options.interactive ?? false);
      if (!controller.signal.aborted) this._setStatus(status);
      return status;
    } catch (e) {
      if (isCancellationError(e) || controller.signal.aborted) return this._status;
      const message = isUserFacingError(e) ? oneLine(e) : `Could not load review threads: ${oneLine(e)}`;
      this._log.error(message);
      if (!isUserFacingError(e) && e instanceof Error && e.stack) this._log.error(e.stack);
      const status: ViewStatus = { kind: isGitHubAuthError(e) ? 'signedOut' : 'error', message };
      this._setStatus(status);
      return status;
    } finally {
      if (this._loading === controller) this._loading = undefined;
    }
  }

  private async _load(signal: AbortSignal, interactive: boolean): Promise<ViewStatus> {
    const session = await this._sessions.connect(interactive);
    if (!isSession(session)) {
      this._state.setData(undefined, []);
      return session;
    }
    const branch = session.repository.branch;
    const pin = this._pinned;
    if (pin && (pin.branch !== branch || pin.owner !== session.owner || pin.repo !== session.repo)) {
      // The user switched branch or repository: the pick no longer applies.
      this._pinned = undefined;
    }
    let number = this._pinned?.number;
    if (number === undefined) {
      if (!branch) {
        this._state.setData(undefined, []);
        return { kind: 'noPr', message: 'HEAD is detached: select a pull request.' };
      }
      const pr = await findPullRequestForBranch(session.client, session.owner, session.repo, branch, { signal });
      if (!pr) {
        this._state.setData(undefined, []);
        return { kind: 'noPr', message: `No open pull request has "${branch}" as its head.` };
      }
      number = pr.number;
    }
    const started = Date.now();
    const { pullRequest, threads } = await session.github.fetchThreads({ owner: session.owner, repo: session.repo, number }, { signal });
    if (signal.aborted) return this._status;
    this._state.setData(pullRequest, threads);
    this._log.info(
      `loaded ${session.owner}/${session.repo}#${number}: ${threads.length} unresolved threads in ${Date.now() - started} ms (token from ${session.credentials.source})`,
    );
    return threads.length ? { kind: 'ready' } : { kind: 'noThreads' };
  }

  /** Open pull requests of the repository, for the picker. */
  async openPullRequests(): Promise<PullRequestRef[]> {
    const session = await this._sessions.connect(false);
    if (!isSession(session)) throw new Error(session.message ?? 'Sign in to GitHub and open a GitHub repository first.');
    return listOpenPullRequests(session.client, session.owner, session.repo, { first: 50 });
  }

  /** Shows another pull request instead of the branch's own (until the branch changes). */
  async selectPullRequest(number: number | undefined): Promise<ViewStatus> {
    const session = await this._sessions.connect(false);
    this._pinned = isSession(session) && number !== undefined ? { owner: session.owner, repo: session.repo, number, branch: session.repository.branch } : undefined;
    return this.refresh();
  }
}
