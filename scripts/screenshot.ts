// `npm run screenshot`: the README's picture. The demo PR in a real VS Code (code-server,
// the packaged extension installed), Run All started, photographed mid-run in headless
// chromium: lanes with live counts, threads queued, running, resolved and failed.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { screenshot } from '../test/host/browser';
import { createDemoRepo, seedDemo } from '../test/github/demoScenario';
import { startTestGitHub } from '../test/github/testGitHub';
import { startDemoVsCode } from './demo/vscodeSession';

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, 'docs', 'screenshot.png');

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'prt-shot-'));
  const gh = await startTestGitHub({ token: 'demo-token' });
  seedDemo(gh.store);
  const repo = path.join(work, 'widgets');
  await createDemoRepo(repo);
  await promisify(execFile)('mkdir', ['-p', path.dirname(out)]);
  const { server } = await startDemoVsCode({ root, repo, gh, agentScale: 4 });
  try {
    await screenshot({
      server,
      folder: repo,
      out,
      viewport: { width: 1400, height: 860 },
      before: async (page) => {
        await page.getByRole('tab', { name: /PR Thread Runner/ }).first().click({ timeout: 60_000 });
        await page.getByText('worker-1').first().waitFor({ timeout: 60_000 });
        // Widen the side bar so thread rows show author and comment.
        const sash = page.locator('.part.sidebar').first();
        const box = await sash.boundingBox();
        if (box) {
          await page.mouse.move(box.x + box.width + 1, box.y + 300);
          await page.mouse.down();
          await page.mouse.move(box.x + box.width + 260, box.y + 300, { steps: 8 });
          await page.mouse.up();
        }
        // Open a file so the editor shows a thread's diagnostic.
        await page.getByText('src/httpClient.js:7', { exact: false }).first().click();
        await page.waitForTimeout(1500);
        await page.keyboard.press('F1');
        await page.keyboard.type('PR Thread Runner: Run All');
        await page.waitForTimeout(400);
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: 'Run', exact: true }).click({ timeout: 30_000 });
        // Caught mid-run: some done, some running, some queued.
        await page.waitForTimeout(9000);
      },
    });
    console.log(`screenshot: ${path.relative(root, out)}`);
  } finally {
    await server.stop();
    await gh.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`screenshot: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
