import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startCodeServer, installVsix, type CodeServer } from '../../test/host/codeServer';
import { setupTestHost } from '../../test/host/hostInstall';
import type { TestGitHub } from '../../test/github/testGitHub';
import { DEMO_AGENT_SOURCE } from './demoAgent';

export interface DemoVsCode {
  readonly server: CodeServer;
  /** The workbench URL with the demo repository open. */
  readonly url: string;
}

/**
 * Packages the extension, installs it into a fresh code-server (as a person would install
 * the .vsix) and opens the demo repository, with the extension host pointed at the demo
 * GitHub through GH_TOKEN and GITHUB_GRAPHQL_URL and the stand-in agent as the command.
 */
export async function startDemoVsCode(o: { root: string; repo: string; gh: TestGitHub; agentScale?: number; settings?: Record<string, unknown> }): Promise<DemoVsCode> {
  await setupTestHost(o.root);
  const vsix = path.join(o.root, 'pr-thread-runner.vsix');
  await promisify(execFile)('npm', ['run', '--silent', 'package'], { cwd: o.root, maxBuffer: 16 * 1024 * 1024 });
  if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  const extensionsDir = mkdtempSync(path.join(tmpdir(), 'prt-demo-exts-'));
  await installVsix(vsix, extensionsDir);
  const agent = path.join(path.dirname(o.repo), 'demo-agent.js');
  writeFileSync(agent, DEMO_AGENT_SOURCE);
  const server = await startCodeServer({
    workspace: o.repo,
    extensionsDir,
    testDriver: false,
    env: {
      GH_TOKEN: o.gh.token,
      GITHUB_GRAPHQL_URL: o.gh.url,
      PRT_DEMO_AGENT_SCALE: String(o.agentScale ?? 1),
    },
    userSettings: {
      'prThreads.command': `node ${agent} {path}`,
      'prThreads.workers': 3,
      'prThreads.maxConcurrency': 3,
      'workbench.colorTheme': 'Default Dark Modern',
      ...o.settings,
    },
  });
  const url = new URL(server.url);
  url.searchParams.set('folder', o.repo);
  return { server, url: url.toString() };
}
