// End to end through the real host: code-server, headless chromium, the suite runner.
// Needs the host installed (the first run installs it, ~2.5 minutes) and
// out/test/integration/index.js built (`node esbuild.mjs --tests --only test/host --only test/integration/index.ts`).
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtensionTests } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { repoRoot, setupTestHost, type HostInstall } from './hostInstall';
import { isGroupAlive } from './processGroup';
import { parseSuiteResult } from './suiteResult';

/** A throwaway extension with two tests: one passes, one fails; both print what they saw. */
function writeFixtureExtension(dir: string): { extension: string; tests: string } {
  const root = repoRoot();
  const runner = join(root, 'out', 'test', 'integration', 'index.js');
  assert.ok(existsSync(runner), `${runner} is missing: build it with --only test/integration/index.ts`);
  const extension = join(dir, 'ext');
  const tests = join(extension, 'out', 'test', 'integration');
  mkdirSync(tests, { recursive: true });
  writeFileSync(join(extension, 'package.json'), JSON.stringify({ name: 'fixture', publisher: 'prt-test', version: '0.0.1', engines: { vscode: '^1.96.0' }, main: './extension.js' }));
  writeFileSync(join(extension, 'extension.js'), `exports.activate = () => ({ answer: 42 });\n`);
  // The suite runner requires mocha from the extension's folder, as the real one does.
  symlinkSync(join(root, 'node_modules'), join(extension, 'node_modules'));
  copyFileSync(runner, join(tests, 'index.js'));
  writeFileSync(join(tests, 'fixture.test.js'), `
    const assert = require('assert'); const vscode = require('vscode');
    describe('fixture', () => {
      it('runs in the extension host with our extension and environment', async () => {
        const api = await vscode.extensions.getExtension('prt-test.fixture').activate();
        assert.equal(api.answer, 42);
        console.log('env FIXTURE_VALUE=' + process.env.FIXTURE_VALUE + ' trusted=' + vscode.workspace.isTrusted);
      });
      it('fails on purpose', () => assert.equal(1, 2));
    });`);
  return { extension, tests: join(tests, 'index.js') };
}

describe('code-server test host', function () {
  this.timeout(120_000);
  let install: HostInstall;
  let dir: string;

  before(async function () {
    this.timeout(600_000);
    install = await setupTestHost();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prt-host-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function withServer(trusted: boolean, body: (server: CodeServer) => Promise<void>): Promise<CodeServer> {
    const server = await startCodeServer({ workspace: dir, install, trusted });
    try {
      await body(server);
    } finally {
      await server.stop();
    }
    return server;
  }

  it('starts trusted, answers /healthz, and stop() ends its whole process group and run dir', async () => {
    let pid = 0;
    const server = await withServer(true, async (s) => {
      assert.equal((await fetch(new URL('healthz', s.url))).status, 200);
      const settings = JSON.parse(readFileSync(join(s.runDir, 'user-data', 'User', 'settings.json'), 'utf8'));
      assert.equal(settings['security.workspace.trust.enabled'], false);
      pid = findServerPid(s);
      assert.equal(readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[4], String(pid), 'leads its own process group');
      assert.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /--disable-workspace-trust/);
    });
    assert.equal(isGroupAlive(pid), false);
    assert.equal(existsSync(server.runDir), false);
    await assert.rejects(fetch(new URL('healthz', server.url)));
  });

  it('starts untrusted on request: trust enabled and no --disable-workspace-trust', async () => {
    await withServer(false, async (s) => {
      const settings = JSON.parse(readFileSync(join(s.runDir, 'user-data', 'User', 'settings.json'), 'utf8'));
      assert.equal(settings['security.workspace.trust.enabled'], true);
      assert.doesNotMatch(readFileSync(`/proc/${findServerPid(s)}/cmdline`, 'utf8'), /--disable-workspace-trust/);
    });
  });

  it('runs a suite in the workbench: counts, exit code, output and extension environment come back', async () => {
    const { extension, tests } = writeFixtureExtension(dir);
    const lines: string[] = [];
    await withServer(true, async (server) => {
      const run = await runExtensionTests({
        server, extensionDevelopmentPath: extension, extensionTestsPath: tests, folder: dir,
        extensionEnvironment: { FIXTURE_VALUE: 'from-payload' }, timeoutMs: 100_000, onLine: (l) => lines.push(l),
      });
      assert.equal(run.timedOut, false);
      assert.equal(run.exitCode, 1);
      assert.deepEqual(parseSuiteResult(run.output), { passed: 1, failed: 1, complete: true });
      assert.ok(lines.includes('env FIXTURE_VALUE=from-payload trusted=true'), lines.join('\n'));
      // Only the suite's own lines are passed on, not the workbench's chatter.
      assert.ok(lines.every((l) => !l.includes('[prt:')));
      assert.ok(run.log.split('\n').length > lines.length);
    });
  });

  it('gives up at the timeout and reports it', async () => {
    const { extension, tests } = writeFixtureExtension(dir);
    await withServer(true, async (server) => {
      const run = await runExtensionTests({ server, extensionDevelopmentPath: extension, extensionTestsPath: tests, folder: dir, timeoutMs: 500, onLine: () => undefined });
      assert.equal(run.timedOut, true);
      assert.equal(run.exitCode, -1);
    });
  });
});

/** The code-server process started for `server` (the leader of its process group). */
function findServerPid(server: CodeServer): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(server.runDir) && cmdline.includes('--bind-addr')) return Number(entry);
    } catch {
      // The process ended between readdir and read.
    }
  }
  assert.fail(`no process for ${server.runDir}`);
}
