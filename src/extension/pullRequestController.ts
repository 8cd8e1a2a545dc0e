import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { Emitter, Event } from '../common/event';
import { isCancellationError, isUserFacingError, oneLine } from '../common/errors';
import { PullRequestRef } from '../model/pullRequest';
import { ReviewState } from './reviewState';
import { fetchPullRequestWithThreads } from '../github/threads';
import { findPullRequestForBranch, listOpenPullRequests } from '../github/pullRequests';
import { GitHubClient } from '../github/client';
import { isGitHubAuthError } from '../github/errors';
import { parseRemoteUrl } from '../github/repo';
import { GitHubAuth, GitHubCredentials } from './auth';
import { GitContext, RepositoryInfo } from './git';
import { Log } from './output';

/** What the view shows when it has no threads to list; also the `prThreads.state` context key. */
export type LoadStatus =
  | 'idle'
  | 'loading'
  | 'signedOut'
  | 'noRepo'
  | 'noRemote'
  | 'noPr'
  | 'noThreads'
  | 'ready'
  | 'error';

export interface ControllerStatus {
  readonly kind: LoadStatus;
  /** One line for the view's message area (errors, token source). */
  readonly message?: string;
}

/** Where the loaded data came from; the header row shows it. */
export interface Connection {
  readonly client: GitHubClient;
  readonly credentials: Omit<GitHubCredentials, 'token'>;
  readonly repository: RepositoryInfo;
  readonly owner: string;
  readonly repo: string;
}

/**
 * Finds the pull request of the checked-out branch (or the one the user picked) and loads
 * its unresolved threads into the ReviewState. The only place the views' data is fetched.
 */
export class PullRequestController extends Disposable {
  private readonly _onDidChangeStatus = this._register(new Emitter<ControllerStatus>());
  /** Fires when loading starts, ends or fails. */
  readonly onDidChangeStatus: Event<ControllerStatus> = this._onDidChangeStatus.event;

  private _status: ControllerStatus = { kind: 'idle' };
  private _connection: Connection | undefined;
  private _pinned: { owner: string; repo: string; number: number } | undefined;
  private _pinnedBranch: string | undefined;
  private _loading: AbortController | undefined;
  private _clientKey = '';
  private _client: GitHubClient | undefined;

  constructor(
    private readonly _state: ReviewState,
    private readonly _auth: GitHubAuth,
    private readonly _git: GitContext,
    private readonly _log: Log,
  ) {
    super();
    this._register(_auth.onDidChange(() => void this.refresh()));
    this._register(_git.onDidChange(() => {
      if (this._status.kind !== 'idle') void this.refresh();
    }));
    this._register({ dispose: () => this._loading?.abort() });
  }

  get status(): ControllerStatus {
    return this._status;
  }

  /** The GitHub connection of the last successful load. */
  get connection(): Connection | undefined {
    return this._connection;
  }

  private _setStatus(status: ControllerStatus): void {
    this._status = status;
    void vscode.commands.executeCommand('setContext', 'prThreads.state', status.kind);
    this._onDidChangeStatus.fire(status);
  }

  private _clientFor(c: GitHubCredentials): GitHubClient {
    const key = `${c.graphqlUrl}\n${c.source}\n${c.token}`;
    if (!this._client || key !== this._clientKey) {
      this._client = new GitHubClient({ token: c.token, graphqlUrl: c.graphqlUrl, userAgent: 'pr-thread-runner-vscode' });
      this._clientKey = key;
    }
    return this._client;
  }

  /** Resolves the repository and credentials without loading threads. */
  async connect(interactive = false): Promise<Connection | ControllerStatus> {
    const repository = await this._git.repository();
    if (!repository) return { kind: 'noRepo' };
    const remote = repository.remoteUrl ? parseRemoteUrl(repository.remoteUrl) : undefined;
    if (!remote) return { kind: 'noRemote', message: 'The repository has no GitHub remote.' };
    const credentials = await this._auth.getCredentials(interactive);
    if (!credentials) return { kind: 'signedOut' };
    const { token: _token, ...shown } = credentials;
    return { client: this._clientFor(credentials), credentials: shown, repository, owner: remote.owner, repo: remote.repo };
  }

  /**
   * Loads the threads again. A load already under way is cancelled first. Never throws:
   * failures become the view's status and a log line.
   */
  async refresh(options: { interactive?: boolean } = {}): Promise<ControllerStatus> {
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
      const message = isGitHubAuthError(e)
        ? `${oneLine(e)}`
        : isUserFacingError(e)
          ? oneLine(e)
          : `Could not load review threads: ${oneLine(e)}`;
      this._log.error(message);
      if (!isUserFacingError(e) && e instanceof Error && e.stack) this._log.error(e.stack);
      const status: ControllerStatus = { kind: isGitHubAuthError(e) ? 'signedOut' : 'error', message };
      this._setStatus(status);
      return status;
    } finally {
      if (this._loading === controller) this._loading = undefined;
    }
  }

  private async _load(signal: AbortSignal, interactive: boolean): Promise<ControllerStatus> {
    const conn = await this.connect(interactive);
    if (!('client' in conn)) {
      this._connection = undefined;
      this._state.setData(undefined, []);
      return conn;
    }
    this._connection = conn;
    const branch = conn.repository.branch;
    if (this._pinned && (this._pinnedBranch !== branch || this._pinned.owner !== conn.owner || this._pinned.repo !== conn.repo)) {
      // The user switched branch or repository: the pick no longer applies.
      this._pinned = undefined;
    }
    let number = this._pinned?.number;
    if (number === undefined) {
      if (!branch) {
        this._state.setData(undefined, []);
        return { kind: 'noPr', message: 'HEAD is detached: select a pull request.' };
      }
      const pr = await findPullRequestForBranch(conn.client, conn.owner, conn.repo, branch, { signal });
      if (!pr) {
        this._state.setData(undefined, []);
        return { kind: 'noPr', message: `No open pull request has "${branch}" as its head.` };
      }
      number = pr.number;
    }
    const started = Date.now();
    const { pullRequest, threads } = await fetchPullRequestWithThreads(
      conn.client,
      { owner: conn.owner, repo: conn.repo, number },
      { signal },
    );
    if (signal.aborted) return this._status;
    this._state.setData(pullRequest, threads);
    this._log.info(
      `loaded ${conn.owner}/${conn.repo}#${number}: ${threads.length} unresolved threads in ${Date.now() - started} ms (token from ${conn.credentials.source})`,
    );
    return threads.length ? { kind: 'ready' } : { kind: 'noThreads' };
  }

  /** Open pull requests of the repository, for the picker. */
  async openPullRequests(): Promise<PullRequestRef[]> {
    const conn = await this.connect(false);
    if (!('client' in conn)) throw new Error(conn.message ?? 'Sign in to GitHub and open a GitHub repository first.');
    return listOpenPullRequests(conn.client, conn.owner, conn.repo, { first: 50 });
  }

  /** Shows another pull request instead of the branch's own (until the branch changes). */
  async selectPullRequest(number: number | undefined): Promise<ControllerStatus> {
    const conn = await this.connect(false);
    if ('client' in conn && number !== undefined) {
      this._pinned = { owner: conn.owner, repo: conn.repo, number };
      this._pinnedBranch = conn.repository.branch;
    } else {
      this._pinned = undefined;
    }
    return this.refresh();
  }
}
