// The packaged extension as a person gets it: `npm run package` makes a small .vsix, which
// installs into code-server and activates, showing the demo PR's lanes in its view.
import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoVsCode } from '../../scripts/demo/vscodeSession';
import { createDemoRepo, seedDemo } from '../github/demoScenario';
import { startTestGitHub, type TestGitHub } from '../github/testGitHub';
import { screenshot } from './browser';
import type { CodeServer } from './codeServer';
import { repoRoot } from './hostInstall';

describe('the packaged extension (.vsix)', function () {
  this.timeout(240_000);
  let work: string;
  let gh: TestGitHub;
  let server: CodeServer | undefined;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'prt-vsix-'));
    gh = await startTestGitHub({ token: 'vsix-token' });
    seedDemo(gh.store);
    await createDemoRepo(path.join(work, 'widgets'));
  });

  after(async () => {
    await server?.stop();
    await gh?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('is under 1 MB, installs into code-server and shows the review threads', async () => {
    const repo = path.join(work, 'widgets');
    const started = await startDemoVsCode({ root: repoRoot(), repo, gh });
    server = started.server;
    const size = statSync(path.join(repoRoot(), 'pr-thread-runner.vsix')).size;
    assert.ok(size < 1024 * 1024, `vsix is ${size} bytes`);
    let sawLane = false;
    await screenshot({
      server,
      folder: repo,
      out: path.join(work, 'vsix.png'),
      before: async (page) => {
        await page.getByRole('tab', { name: /PR Thread Runner/ }).first().click({ timeout: 60_000 });
        await page.getByText('worker-1').first().waitFor({ timeout: 60_000 });
        sawLane = true;
      },
    });
    assert.ok(sawLane);
    assert.ok(gh.requests.some((r) => r.kind === 'query' && r.status === 200), 'the installed extension read the PR');
  });
});
