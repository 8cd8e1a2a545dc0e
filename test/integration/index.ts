// The integration suite's entry point, loaded by a real VS Code extension host as
// `extensionTestsPath`: by code-server through test/host (npm test) or by desktop VS Code
// through @vscode/test-electron (npm run test:electron). It knows neither launcher.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { LOG_MARK_VARIABLE, markConsole } from '../host/logMark';
import { formatSuiteProgress, formatSuiteResult } from '../host/suiteResult';

/** Every `*.test.js` below `dir`, sorted so that the order is the same on every machine. */
function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(path);
  }
  return found.sort();
}

/**
 * Runs the mocha suite bundled next to this file (out/test/integration/**\/*.test.js),
 * filtered by the regular expression in `PRT_TEST_GREP` when set, and prints its counts as
 * a `PRT-RESULT {"passed":P,"failed":F}` line for the launcher.
 * @throws Error when any test failed or a test file could not be loaded.
 */
export async function run(): Promise<void> {
  const mark = process.env[LOG_MARK_VARIABLE];
  const unmark = mark ? markConsole(mark) : () => undefined;
  // Mocha's reporters write through the console.log they found when mocha loaded: point
  // them at whatever `console` is now.
  const reporterLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(...args);
  try {
    await runSuite();
  } finally {
    Mocha.reporters.Base.consoleLog = reporterLog;
    unmark();
  }
}

async function runSuite(): Promise<void> {
  const grep = process.env.PRT_TEST_GREP;
  // PRT_TEST_GREP_INVERT=1 runs what does NOT match (the trusted session skips @untrusted).
  const invert = process.env.PRT_TEST_GREP_INVERT === '1';
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(grep ? { grep: new RegExp(grep), invert } : {}) });
  for (const file of findTests(__dirname)) mocha.addFile(file);

  const stats = await new Promise<{ passed: number; failed: number }>((resolve, reject) => {
    try {
      const counts = () => ({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 });
      const runner = mocha.run(() => resolve(counts()));
      // After each test (and each failed hook), so that a launcher whose suite hangs still has counts.
      runner.on('test end', () => console.log(formatSuiteProgress(counts())));
      runner.on('hook end', (hook: Mocha.Hook) => hook.state === 'failed' && console.log(formatSuiteProgress(counts())));
    } catch (e) {
      // A test file that throws while loading stops the suite before any test: count it as a failure.
      console.error(e);
      console.log(formatSuiteResult({ passed: 0, failed: 1 }));
      reject(e);
    }
  });
  console.log(formatSuiteResult(stats));
  if (stats.failed > 0) throw new Error(`${stats.failed} integration test${stats.failed === 1 ? '' : 's'} failed`);
}
