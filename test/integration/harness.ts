import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PrThreadsApi } from '../../src/extension/extension';
import { DEMO, seedDemo } from '../github/demoScenario';
import { startTestGitHub, TestGitHub } from '../github/testGitHub';

export const EXTENSION_ID = 'pr-thread-runner.pr-thread-runner';

/** The extension's exported API (activates it if needed). */
export async function extensionApi(): Promise<PrThreadsApi> {
  const ext = vscode.extensions.getExtension<PrThreadsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  return ext.isActive ? ext.exports : await ext.activate();
}

/**
 * Starts a test GitHub seeded with the demo PR and points the extension host's environment
 * at it, as Codespaces or code-server would (GH_TOKEN, GITHUB_GRAPHQL_URL).
 */
export async function startDemoGitHub(): Promise<TestGitHub> {
  const gh = await startTestGitHub({ token: 'integration-token' });
  seedDemo(gh.store);
  process.env.GH_TOKEN = gh.token;
  process.env.GITHUB_GRAPHQL_URL = gh.url;
  delete process.env.GITHUB_TOKEN;
  return gh;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration suite needs the demo workspace open');
  return folder.uri.fsPath;
}

/** Polls until `check` returns true. Used for the UI's own asynchronous updates only. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

export { DEMO };

/** Puts the demo workspace back to the PR's head commit (runs and quick fixes edit it). */
export async function resetWorkspace(): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  const root = workspaceRoot();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  execFileSync('git', ['reset', '--quiet', '--hard', 'HEAD'], { cwd: root });
  execFileSync('git', ['clean', '--quiet', '-fdx'], { cwd: root });
}

/** Sets `prThreads.*` user settings for a test; returns a function that restores them. */
export async function configure(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('prThreads');
  const before = Object.keys(values).map((k) => [k, config.inspect(k)?.globalValue] as const);
  for (const [k, v] of Object.entries(values)) await config.update(k, v, vscode.ConfigurationTarget.Global);
  return async () => {
    for (const [k, v] of before) await vscode.workspace.getConfiguration('prThreads').update(k, v, vscode.ConfigurationTarget.Global);
  };
}

/** Loads the demo PR into the extension from a fresh test GitHub. */
export async function loadDemo(api: PrThreadsApi): Promise<TestGitHub> {
  const gh = await startDemoGitHub();
  await api.controller.selectPullRequest(undefined);
  await waitFor('the demo PR to load', () => api.controller.status.kind === 'ready' && api.state.pullRequest?.number === DEMO.number);
  return gh;
}
