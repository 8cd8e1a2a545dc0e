import * as vscode from 'vscode';
import { currentBranch, findRepoRoot, git } from '../git/git';
import { Disposable, DisposableStore } from '../common/lifecycle';
import { Emitter, Event } from '../common/event';
import { GitAPI, GitExtension, GitRepository } from './gitApi';
import { Log } from './output';

/** The workspace's repository as far as finding its pull request goes. */
export interface RepositoryInfo {
  readonly root: string;
  /** URL of `origin`, else of the first remote; undefined without remotes. */
  readonly remoteUrl: string | undefined;
  /** Checked-out branch; undefined when HEAD is detached. */
  readonly branch: string | undefined;
}

const GIT_READY_TIMEOUT_MS = 10_000;

/**
 * Reads the repository, remote and branch from the built-in git extension, and tells when
 * the branch or the remotes change. Without that extension (disabled, or a fork without it)
 * it asks the git command line instead.
 */
export class GitContext extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<void>());
  /** Fires when a repository opened or closed, or the branch or remotes changed. */
  readonly onDidChange: Event<void> = this._onDidChange.event;

  private _api: GitAPI | undefined;
  private readonly _repoListeners = this._register(new DisposableStore());
  private _lastKey = '';

  constructor(private readonly _log: Log) {
    super();
  }

  private async _gitApi(): Promise<GitAPI | undefined> {
    if (this._api) return this._api;
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!ext) return undefined;
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (!exports?.enabled) return undefined;
    const api = exports.getAPI(1);
    if (api.state !== 'initialized') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, GIT_READY_TIMEOUT_MS);
        const sub = api.onDidChangeState((s) => {
          if (s === 'initialized') {
            clearTimeout(timer);
            sub.dispose();
            resolve();
          }
        });
      });
    }
    this._api = api;
    this._register(api.onDidOpenRepository(() => this._onDidChange.fire()));
    this._register(api.onDidCloseRepository(() => this._onDidChange.fire()));
    return api;
  }

  private _watch(repo: GitRepository): void {
    this._repoListeners.clear();
    this._repoListeners.add(
      repo.state.onDidChange(() => {
        // state.onDidChange also fires on every file edit; only branch/remote changes matter.
        const key = this._key(repo);
        if (key !== this._lastKey) {
          this._lastKey = key;
          this._onDidChange.fire();
        }
      }),
    );
    this._lastKey = this._key(repo);
  }

  private _key(repo: GitRepository): string {
    return `${repo.state.HEAD?.name ?? ''}|${repo.state.remotes.map((r) => `${r.name}=${r.fetchUrl}`).join(',')}`;
  }

  /** The repository of the first workspace folder, or undefined when there is none. */
  async repository(): Promise<RepositoryInfo | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') return undefined;
    const api = await this._gitApi().catch((e) => {
      this._log.warn(`the built-in git extension is not usable (${e instanceof Error ? e.message : e}); using the git command`);
      return undefined;
    });
    if (api) {
      const repo = api.getRepository(folder.uri) ?? api.repositories[0];
      if (repo) {
        this._watch(repo);
        const remote = repo.state.remotes.find((r) => r.name === 'origin') ?? repo.state.remotes[0];
        return { root: repo.rootUri.fsPath, remoteUrl: remote?.fetchUrl ?? remote?.pushUrl, branch: repo.state.HEAD?.name };
      }
    }
    return this._fromCommandLine(folder.uri.fsPath);
  }

  private async _fromCommandLine(dir: string): Promise<RepositoryInfo | undefined> {
    const root = await findRepoRoot(dir).catch(() => undefined);
    if (!root) return undefined;
    const remotes = (await git(root, ['remote']).catch(() => '')).split('\n').filter(Boolean);
    const name = remotes.includes('origin') ? 'origin' : remotes[0];
    const remoteUrl = name ? await git(root, ['remote', 'get-url', name]).catch(() => undefined) : undefined;
    const branch = await currentBranch(root).catch(() => undefined);
    return { root, remoteUrl, branch };
  }
}
