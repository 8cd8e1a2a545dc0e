// `node out/test/host/main.js [--timeout MS] [--grep PATTERN] [--keep]` — what `npm test`
// runs after building: the integration suite in a real VS Code (code-server + headless
// chromium), offline. Its last line is always `integration: P passed, F failed`; it exits 0
// only when at least one test ran and none failed.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isUserFacingError, oneLine, UserFacingError } from '../../src/common/errors';
import { runExtensionTests, workbenchUrl } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { isHostError } from './hostError';
import { repoRoot, setupTestHost } from './hostInstall';
import { formatClosingLine, isSuiteProgress, parseSuiteResult, type SuiteResult } from './suiteResult';
import { createDevelopmentExtensions, createTestWorkspace, type DevelopmentExtensions, type TestWorkspace } from './testWorkspace';

interface Options {
  timeoutMs: number;
  keep: boolean;
  grep?: string;
  /** Another extension than this repository (used to test the harness itself). */
  extensionPath?: string;
  testsPath?: string;
}

const USAGE = 'usage: node out/test/host/main.js [--timeout MS] [--grep PATTERN] [--keep] [--extension-path DIR --tests-path FILE]';

/** @throws UserFacingError on a bad argument. */
function parseArgs(argv: string[]): Options {
  const opts: Options = { timeoutMs: 300_000, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UserFacingError(`${arg} needs a value; ${USAGE}`);
      return v;
    };
    switch (arg) {
      case '--timeout': {
        const ms = Number(value());
        if (!Number.isInteger(ms) || ms <= 0) throw new UserFacingError(`--timeout takes milliseconds, e.g. --timeout 120000`);
        opts.timeoutMs = ms;
        break;
      }
      case '--keep': opts.keep = true; break;
      case '--grep': {
        const pattern = value();
        try {
          new RegExp(pattern);
        } catch (e) {
          throw new UserFacingError(`--grep ${JSON.stringify(pattern)} is not a regular expression: ${oneLine(e)}`);
        }
        opts.grep = pattern;
        break;
      }
      case '--extension-path': opts.extensionPath = resolve(value()); break;
      case '--tests-path': opts.testsPath = resolve(value()); break;
      default: throw new UserFacingError(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
    }
  }
  return opts;
}

/** @throws UserFacingError when the extension or its tests have not been built. */
function checkBuilt(extensionPath: string, testsPath: string): void {
  const pkgFile = join(extensionPath, 'package.json');
  if (!existsSync(pkgFile)) throw new UserFacingError(`${extensionPath} has no package.json: --extension-path must name an extension folder`);
  const main = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { main?: string }).main;
  if (main && !existsSync(join(extensionPath, main)) && !existsSync(join(extensionPath, `${main}.js`))) {
    throw new UserFacingError(`${join(extensionPath, main)} is missing: build first with \`node esbuild.mjs --tests\``);
  }
  if (!existsSync(testsPath)) throw new UserFacingError(`${testsPath} is missing: build first with \`node esbuild.mjs --tests\``);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(argv: string[]): Promise<{ result: SuiteResult; ok: boolean }> {
  const opts = parseArgs(argv);
  const root = repoRoot();
  const extensionPath = opts.extensionPath ?? root;
  const testsPath = opts.testsPath ?? join(root, 'out', 'test', 'integration', 'index.js');
  checkBuilt(extensionPath, testsPath);
  // The suite's own runs load the scripted language model (test/fixtures/fake-lm) beside the extension.
  const fakeLm = opts.extensionPath ? undefined : join(root, 'out', 'fake-lm');
  if (fakeLm && !existsSync(join(fakeLm, 'extension.js'))) throw new UserFacingError(`${join(fakeLm, 'extension.js')} is missing: build first with \`node esbuild.mjs --tests\``);

  const install = await setupTestHost(root);
  // Two sessions: a trusted workspace for everything but the @untrusted tests, then a folder
  // in Restricted Mode (as a freshly cloned repository opens) for those. --grep: one session.
  const sessions: Session[] = opts.grep
    ? [{ trusted: true, grep: opts.grep, invert: false }]
    : [
        { trusted: true, grep: UNTRUSTED_TAG, invert: true },
        { trusted: false, grep: UNTRUSTED_TAG, invert: false },
      ];
  let passed = 0;
  let failed = 0;
  let ok = true;
  for (const session of sessions) {
    const r = await runSession(opts, session, extensionPath, fakeLm, testsPath, install);
    passed += r.result.passed;
    failed += r.result.failed;
    ok = ok && r.ok;
    if (opts.keep) break;
  }
  return { result: { passed, failed }, ok };
}

const UNTRUSTED_TAG = '@untrusted';

interface Session {
  readonly trusted: boolean;
  readonly grep: string;
  readonly invert: boolean;
}

async function runSession(
  opts: Options,
  session: Session,
  extensionPath: string,
  fakeLm: string | undefined,
  testsPath: string,
  install: Awaited<ReturnType<typeof setupTestHost>>,
): Promise<{ result: SuiteResult; ok: boolean }> {
  const t0 = Date.now();
  let workspace: TestWorkspace | undefined;
  let server: CodeServer | undefined;
  let extensions: DevelopmentExtensions | undefined;
  try {
    workspace = await createTestWorkspace();
    extensions = fakeLm ? createDevelopmentExtensions({ 'pr-thread-runner': extensionPath, 'prt-fake-lm': fakeLm }) : undefined;
    server = await startCodeServer({ workspace: workspace.folder, install, trusted: session.trusted });
    console.log(`integration: ${session.trusted ? 'trusted workspace' : 'Restricted Mode (untrusted workspace)'}, tests ${session.invert ? 'not ' : ''}matching ${session.grep}`);
    const t1 = Date.now();
    console.log(`integration: code-server ${install.codeServerVersion} up at ${server.url} in ${seconds(t1 - t0)}`);
    const run = await runExtensionTests({
      server,
      extensionDevelopmentPath: extensions?.folder ?? extensionPath,
      extensionTestsPath: testsPath,
      folder: workspace.folder,
      extensionEnvironment: { PRT_TEST_GREP: session.grep, PRT_TEST_GREP_INVERT: session.invert ? '1' : '0' },
      timeoutMs: opts.timeoutMs,
      onLine: (line) => isSuiteProgress(line) || process.stdout.write(`${line}\n`),
    });
    console.log(`integration: suite ${run.timedOut ? `timed out after ${seconds(opts.timeoutMs)}` : `ended with exit code ${run.exitCode} in ${seconds(Date.now() - t1)}`}`);
    const reported = parseSuiteResult(run.output);
    if (!reported?.complete) {
      const tail = run.log.split('\n').slice(-40).join('\n');
      console.log(`integration: the suite reported no final result (it hung, crashed or failed to load); the workbench log ends with:\n${tail}`);
    }
    // The test that hung or crashed the suite counts as failed, so that the closing line
    // never reads like a clean run.
    const result = reported?.complete ? reported : { passed: reported?.passed ?? 0, failed: (reported?.failed ?? 0) + 1 };
    const ok = run.exitCode === 0 && !run.timedOut && result.failed === 0 && result.passed > 0;
    console.log(`integration: ${session.trusted ? 'trusted' : 'untrusted'} session: ${result.passed} passed, ${result.failed} failed`);
    if (opts.keep) {
      console.log(`integration: --keep: code-server left running; open ${workbenchUrl(server, workspace.folder)} (Ctrl-C stops it and deletes ${workspace.folder})`);
    }
    return { result, ok };
  } finally {
    if (!opts.keep) {
      await server?.stop();
      workspace?.dispose();
      extensions?.dispose();
    }
  }
}

const argv = process.argv.slice(2);
main(argv).then(
  ({ result, ok }) => {
    console.log(formatClosingLine(result));
    process.exitCode = ok ? 0 : 1;
    // --keep: stay up until Ctrl-C; the exit guard then stops the server and deletes the workspace.
    if (argv.includes('--keep')) setInterval(() => undefined, 1 << 30);
  },
  (e: unknown) => {
    if (isHostError(e) && e.details) console.error(`integration: error: ${oneLine(e)}\n${e.details}`);
    else if (isUserFacingError(e)) console.error(`integration: error: ${oneLine(e)}`);
    else console.error('integration: error:', e);
    console.log(formatClosingLine({ passed: 0, failed: 0 }));
    process.exitCode = 1;
  },
);
