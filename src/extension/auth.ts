import * as vscode from 'vscode';
import { DEFAULT_GRAPHQL_URL, enterpriseGraphqlUrl, graphqlUrlFromEnv, tokenFromEnv, TokenSource } from '../github/credentials';
import { Disposable } from '../common/lifecycle';
import { Emitter, Event } from '../common/event';
import { ConfigValue } from './configValue';
import { Log } from './output';

/** A token and the endpoint it is for. The token is never logged or shown. */
export interface GitHubCredentials {
  readonly token: string;
  readonly source: TokenSource;
  readonly graphqlUrl: string;
  /** Account label for a VS Code session. */
  readonly account?: string;
}

const SCOPES = ['repo'];

/**
 * Finds GitHub credentials: the VS Code GitHub (or GitHub Enterprise) account first; else
 * `GITHUB_TOKEN`/`GH_TOKEN` from the extension host's environment (Codespaces, CI,
 * code-server), with `GITHUB_GRAPHQL_URL` as the endpoint when set.
 */
export class GitHubAuth extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<void>());
  /** Fires when the accounts or the enterprise URL changed, so views reload. */
  readonly onDidChange: Event<void> = this._onDidChange.event;

  constructor(
    private readonly _enterpriseUrl: ConfigValue<string>,
    private readonly _log: Log,
    private readonly _env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    this._register(vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === this._providerId()) this._onDidChange.fire();
    }));
    this._register(_enterpriseUrl.onDidChange(() => this._onDidChange.fire()));
  }

  private _providerId(): 'github' | 'github-enterprise' {
    return this._enterpriseUrl.value.trim() ? 'github-enterprise' : 'github';
  }

  /**
   * @param interactive true when the user asked to sign in: may show VS Code's sign-in flow.
   * @returns undefined when no credentials can be had without asking.
   * @throws UserFacingError when prThreads.github.enterpriseUrl is not a host or URL.
   */
  async getCredentials(interactive = false): Promise<GitHubCredentials | undefined> {
    const provider = this._providerId();
    const enterprise = this._enterpriseUrl.value.trim();
    // Checked before any session is asked for: a bad URL must stop here, not fall back to github.com.
    const graphqlUrl = enterprise ? enterpriseGraphqlUrl(enterprise) : DEFAULT_GRAPHQL_URL;
    try {
      const session = await vscode.authentication.getSession(provider, SCOPES, interactive ? { createIfNone: true } : { silent: true });
      if (session) return { token: session.accessToken, source: 'VS Code account', graphqlUrl, account: session.account.label };
    } catch (e) {
      // Forks without the provider, or a refused consent: fall through to the environment.
      if (interactive) throw e;
      this._log.info(`no ${provider} account session: ${e instanceof Error ? e.message : String(e)}`);
    }
    const fromEnv = tokenFromEnv(this._env);
    if (fromEnv) {
      return { token: fromEnv.token, source: fromEnv.source, graphqlUrl: graphqlUrlFromEnv(this._env) ?? graphqlUrl };
    }
    return undefined;
  }
}
