// `npm run screenshot`: the README's pictures. The demo PR in a real VS Code (code-server,
// the packaged extension installed), Run All started, photographed in headless chromium:
// mid-run (lanes with live counts, threads queued, running, resolved and failed), and with
// review on, the run waiting with its fixes awaiting review and a fix's diff open.
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
type Page = Parameters<NonNullable<Parameters<typeof screenshot>[0]['before']>>[0];

/** Shows the view, wide enough for thread rows to show author and comment, and starts Run All. */
async function openAndRunAll(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /PR Thread Runner/ }).first().click({ timeout: 60_000 });
  await page.getByText('worker-1').first().waitFor({ timeout: 60_000 });
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
}

async function picture(name: string, settings: Record<string, unknown>, agentScale: number, pose: (page: Page) => Promise<void>): Promise<void> {
  const out = path.join(root, 'docs', name);
  const work = await mkdtemp(path.join(tmpdir(), 'prt-shot-'));
  const gh = await startTestGitHub({ token: 'demo-token' });
  seedDemo(gh.store);
  const repo = path.join(work, 'widgets');
  await createDemoRepo(repo);
  await promisify(execFile)('mkdir', ['-p', path.dirname(out)]);
  const { server } = await startDemoVsCode({ root, repo, gh, agentScale, settings: { ...settings, 'prThreads.isolation': 'worktree' } });
  try {
    await screenshot({ server, folder: repo, out, viewport: { width: 1400, height: 860 }, before: pose });
    console.log(`screenshot: ${path.relative(root, out)}`);
  } finally {
    await server.stop();
    await gh.close();
    await rm(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await picture('screenshot.png', {}, 4, async (page) => {
    await openAndRunAll(page);
    // Caught mid-run: some done, some running, some queued.
    await page.waitForTimeout(9000);
  });
  await picture('screenshot-review.png', { 'prThreads.review': 'always', 'prThreads.commit': 'perThread' }, 1, async (page) => {
    await openAndRunAll(page);
    await page.getByText(/fixes await review/).first().waitFor({ timeout: 90_000 });
    // A fix's changes, as Show Changes opens them from the thread's row.
    const row = page.getByText('src/backoff.js:14-16', { exact: false }).first();
    await row.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Show Changes' }).first().click({ timeout: 30_000 });
    await page.waitForTimeout(2500);
  });
}

main().catch((e) => {
  console.error(`screenshot: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
