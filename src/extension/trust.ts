import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { Emitter, Event } from '../common/event';
import { UserFacingError } from '../common/errors';

/** Thrown when a command would run in a workspace the user has not trusted. */
export class UntrustedWorkspaceError extends UserFacingError {
  readonly isUntrustedWorkspaceError = true;
  /** @param what `command`: a fixer or verify would run; `commit`: git would run the repository's hooks and configuration. */
  constructor(readonly what: 'command' | 'commit' = 'command') {
    super(
      what === 'commit'
        ? 'This workspace is not trusted, so PR Thread Runner makes no commit here (git would run the repository\'s hooks). Set prThreads.commit to off and prThreads.push to false, or trust the workspace (Manage Workspace Trust).'
        : 'This workspace is not trusted, so PR Thread Runner runs no command here. You can still browse, apply suggestions, reply and resolve. Trust the workspace (Manage Workspace Trust) to run fixes.',
    );
    this.name = 'UntrustedWorkspaceError';
  }
}

export function isUntrustedWorkspaceError(e: unknown): e is UntrustedWorkspaceError {
  return typeof e === 'object' && e !== null && (e as UntrustedWorkspaceError).isUntrustedWorkspaceError === true;
}

/**
 * Workspace Trust as the extension uses it: commands run only in a trusted workspace, and
 * the `prThreads.trusted` context key lets menus and welcome views say so.
 */
export class WorkspaceTrust extends Disposable {
  private readonly _onDidGrant = this._register(new Emitter<void>());
  /** Fires when the user trusts the workspace. */
  readonly onDidGrant: Event<void> = this._onDidGrant.event;

  constructor() {
    super();
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void this._publish();
      this._onDidGrant.fire();
    }));
    void this._publish();
  }

  get isTrusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  private async _publish(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'prThreads.trusted', vscode.workspace.isTrusted);
  }

  /** @throws UntrustedWorkspaceError when the workspace is not trusted. */
  assertCanRunCommands(what: 'command' | 'commit' = 'command'): void {
    if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError(what);
  }
}
