import { Emitter, Event } from '../common/event';
import { Disposable } from '../common/lifecycle';
import { GitHubClient } from '../github/client';
import { GitHubThreads } from '../github/githubThreads';
import { parseContentRate } from '../github/contentRate';
import { parseRemoteUrl } from '../github/repo';
import { DEFAULT_BATCH_SIZE, DEFAULT_CONTENT_RATE, DEFAULT_WRITE_INTERVAL_MS } from '../model/options';
import { GitHubAuth, type GitHubCredentials } from './auth';
import { GitContext, type RepositoryInfo } from './git';
import type { ViewStatus } from './viewStatus';

/** The repository, the GitHub account and the client the views and runs talk through. */
export interface GitHubSession {
  readonly client: GitHubClient;
  /** The client as the pipeline's ThreadSource and ThreadWriter. */
  readonly github: GitHubThreads;
  /** Where the token came from and the endpoint; never the token. */
  readonly credentials: Omit<GitHubCredentials, 'token'>;
  readonly repository: RepositoryInfo;
  readonly owner: string;
  readonly repo: string;
}

/**
 * Owns the GitHub session: one client per token and endpoint, disposed when the account,
 * the token or the endpoint changes, and at shutdown. Everyone who talks to GitHub is given
 * this owner and reads `current`; nobody keeps a client of their own.
 */
export class GitHubSessions extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<void>());
  /** Fires when the session was replaced or ended. */
  readonly onDidChange: Event<void> = this._onDidChange.event;

  private _current: GitHubSession | undefined;
  private _key = '';

  constructor(
    private readonly _auth: GitHubAuth,
    private readonly _git: GitContext,
  ) {
    super();
    this._register({ dispose: () => this._current?.client.dispose() });
  }

  /** The session of the last successful connect, if any. */
  get current(): GitHubSession | undefined {
    return this._current;
  }

  /**
   * Finds the repository and credentials, reusing the client when neither changed.
   * @returns the session, or the view status that says why there is none.
   * @throws UserFacingError for a setting that would send the token to the wrong host.
   */
  async connect(interactive = false): Promise<GitHubSession | ViewStatus> {
    const repository = await this._git.repository();
    if (!repository) return this._end({ kind: 'noRepo' });
    const remote = repository.remoteUrl ? parseRemoteUrl(repository.remoteUrl) : undefined;
    if (!remote) return this._end({ kind: 'noRemote', message: 'The repository has no GitHub remote.' });
    let credentials: GitHubCredentials | undefined;
    try {
      credentials = await this._auth.getCredentials(interactive);
    } catch (e) {
      // A setting that no longer names a usable host: the old session must not go on either.
      this._end({ kind: 'error' });
      throw e;
    }
    if (!credentials) return this._end({ kind: 'signedOut' });
    const { token, ...shown } = credentials;
    const key = JSON.stringify([credentials.graphqlUrl, credentials.source, token]);
    if (!this._current || key !== this._key) {
      this._current?.client.dispose();
      const client = new GitHubClient({ token, graphqlUrl: credentials.graphqlUrl, userAgent: 'pr-thread-runner-vscode' });
      const github = new GitHubThreads(client, { batchSize: DEFAULT_BATCH_SIZE, intervalMs: DEFAULT_WRITE_INTERVAL_MS, contentRate: parseContentRate(DEFAULT_CONTENT_RATE) });
      this._current = { client, github, credentials: shown, repository, owner: remote.owner, repo: remote.repo };
      this._key = key;
      this._onDidChange.fire();
    } else {
      this._current = { ...this._current, repository, owner: remote.owner, repo: remote.repo, credentials: shown };
    }
    return this._current;
  }

  private _end(status: ViewStatus): ViewStatus {
    if (this._current) {
      this._current.client.dispose();
      this._current = undefined;
      this._key = '';
      this._onDidChange.fire();
    }
    return status;
  }
}

export function isSession(x: GitHubSession | ViewStatus): x is GitHubSession {
  return 'client' in x;
}
