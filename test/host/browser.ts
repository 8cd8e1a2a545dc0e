import { format } from 'node:util';
import { oneLine } from '../../src/common/errors';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { HostError } from './hostError';
import { loadHostInstall } from './hostInstall';
import { LOG_MARK_VARIABLE, newLogMark } from './logMark';

// What a headless chromium needs in a container, minus everything that would phone home.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const VIEWPORT = { width: 1280, height: 800 };

export interface ExtensionTestRun {
  readonly server: CodeServer;
  /**
   * Absolute path of the folder holding the extension's package.json, or of a folder (with
   * no package.json) whose subfolders are the extensions: the payload names only one.
   */
  readonly extensionDevelopmentPath: string;
  /** Absolute path of a JS file exporting `run(): Promise<void>`. */
  readonly extensionTestsPath: string;
  /** The folder the workbench opens. */
  readonly folder: string;
  /** Added to the extension host's `process.env` (GITHUB_TOKEN included, unlike the server's env). */
  readonly extensionEnvironment?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /**
   * Called with each line of the suite's output; default: written to stdout. A suite run by
   * test/integration/index.ts marks its lines; only those are passed on, the workbench's own
   * log lines are kept for `log`. An unmarked suite is seen live only with `verbose`.
   */
  readonly onLine?: (line: string) => void;
  /** Pass on every line the workbench logs, not just the suite's. Default: PRT_HOST_VERBOSE is set. */
  readonly verbose?: boolean;
}

export interface ExtensionTestResult {
  /** What the extension host reported: 0 when `run()` resolved. -1 when it never reported. */
  readonly exitCode: number;
  /** What the suite printed (its marked lines, unmarked), or everything when it marks nothing. */
  readonly output: string;
  /** Every line the workbench logged during the run, the suite's included. */
  readonly log: string;
  /** True when `timeoutMs` passed without a report. */
  readonly timedOut: boolean;
}

/**
 * The workbench URL that loads `extensionDevelopmentPath` as a development extension and
 * runs `extensionTestsPath`. The payload's URIs must name the authority the browser uses.
 */
export function workbenchUrl(server: CodeServer, folder: string, payload: [string, string][] = []): string {
  const url = new URL(server.url);
  url.searchParams.set('folder', folder);
  if (payload.length) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** A `vscode-remote:` URI for an absolute path on the server's machine. */
export function remoteUri(server: CodeServer, absPath: string): string {
  const path = absPath.split('/').map(encodeURIComponent).join('/');
  return `vscode-remote://${server.host}:${server.port}${path}`;
}

/**
 * Opens the workbench in headless chromium with the extension and its tests in the URL
 * payload, and waits for the extension host to report the tests' exit code (or for the
 * timeout). The browser is always closed; the server is left to its owner.
 * @throws HostError when chromium cannot start or code-server dies during the run.
 */
export async function runExtensionTests(run: ExtensionTestRun): Promise<ExtensionTestResult> {
  const payload: [string, string][] = [
    ['extensionDevelopmentPath', remoteUri(run.server, run.extensionDevelopmentPath)],
    ['extensionTestsPath', remoteUri(run.server, run.extensionTestsPath)],
  ];
  const mark = newLogMark();
  payload.push(['extensionEnvironment', JSON.stringify({ ...run.extensionEnvironment, [LOG_MARK_VARIABLE]: mark })]);
  const verbose = run.verbose ?? Boolean(process.env.PRT_HOST_VERBOSE);
  const onLine = run.onLine ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log: string[] = [];
  const marked: string[] = [];
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    let report: (code: number) => void = () => {};
    const reported = new Promise<number>((resolve) => (report = resolve));
    await page.exposeFunction('codeAutomationExit', (code: unknown) => report(Number(code)));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
      const text = Array.isArray(args) ? format(...(args as unknown[])) : format(args);
      for (const line of text.split('\n')) {
        log.push(line);
        const at = line.indexOf(mark);
        if (at >= 0) marked.push(line.slice(at + mark.length));
        if (verbose) onLine(line);
        else if (at >= 0) onLine(line.slice(at + mark.length));
      }
    });
    if (verbose) {
      page.on('console', (m) => onLine(`[browser ${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => onLine(`[page error] ${e.message}`));
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), run.timeoutMs)));
    const serverDied = run.server.exited.then(() => 'server-exited' as const);
    try {
      await page.goto(workbenchUrl(run.server, run.folder, payload));
      const outcome = await Promise.race([reported, timedOut, serverDied]);
      if (outcome === 'server-exited') throw new HostError(`code-server exited during the test run; see ${run.server.logFile}`);
      const output = (marked.length ? marked : log).join('\n');
      return outcome === 'timeout'
        ? { exitCode: -1, output, log: log.join('\n'), timedOut: true }
        : { exitCode: outcome, output, log: log.join('\n'), timedOut: false };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
  }
}

export interface ScreenshotOptions {
  readonly server: CodeServer;
  readonly folder: string;
  /** Where the PNG goes. */
  readonly out: string;
  /** Text of an element to click once the workbench is up (e.g. a view's title). */
  readonly clickText?: string;
  /** Text to wait for before the shot. */
  readonly waitText?: string;
  /** Anything else to do on the page before the shot (run a command, hover a row…). */
  readonly before?: (page: Page) => Promise<void>;
  /** Per wait. Default 60 s. */
  readonly timeoutMs?: number;
  readonly viewport?: { width: number; height: number };
}

/**
 * Opens the workbench as a person would (no test payload) and saves a screenshot.
 * @throws HostError when chromium cannot start; playwright's TimeoutError when a text never shows.
 */
export async function screenshot(opts: ScreenshotOptions): Promise<void> {
  const timeout = opts.timeoutMs ?? 60_000;
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: opts.viewport ?? VIEWPORT });
    await page.goto(workbenchUrl(opts.server, opts.folder));
    await page.waitForSelector('.monaco-workbench', { timeout });
    if (opts.before) await opts.before(page);
    if (opts.clickText) await page.getByText(opts.clickText, { exact: true }).first().click({ timeout });
    if (opts.waitText) await page.getByText(opts.waitText).first().waitFor({ timeout });
    await page.screenshot({ path: opts.out });
  } finally {
    await browser.close();
  }
}

async function launch(): Promise<Browser> {
  const executablePath = loadHostInstall().chromium;
  try {
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch (e) {
    throw new HostError(`could not start chromium (${executablePath}): run \`bash scripts/setup-test-host.sh\``, oneLine(e), { cause: e });
  }
}
