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
