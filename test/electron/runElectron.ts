// `npm run test:electron` — the integration suite in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (or have one: set
// VSCODE_EXECUTABLE_PATH). Offline, use `npm test`, which runs the same suite in code-server.
// Usage: node out/test/electron/runElectron.js [--grep PATTERN]
import { join } from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { oneLine } from '../../src/common/errors';
import { repoRoot } from '../host/hostInstall';
import { createTestWorkspace } from '../host/testWorkspace';

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--grep');
  const grep = at >= 0 ? argv[at + 1] : undefined;
  const root = repoRoot();
  const workspace = await createTestWorkspace();
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
      extensionTestsEnv: grep ? { PRT_TEST_GREP: grep } : {},
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      version: process.env.VSCODE_TEST_VERSION || undefined,
      cachePath: join(root, '.vscode-test'),
      // The folder must come first: test-electron opens the first argument. Every other
      // extension is off, so that only ours (the development extension) is loaded.
      launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    console.log('electron: integration suite passed');
    return 0;
  } catch (e) {
    if (e instanceof TestRunFailedError) {
      console.error(`electron: integration suite failed (VS Code exited with ${e.code ?? e.signal})`);
    } else {
      // Anything before the tests ran: VS Code could not be downloaded, unpacked or started.
      console.error(`electron: could not get or start VS Code (${oneLine(e)}); offline, run \`npm test\` (code-server), or set VSCODE_EXECUTABLE_PATH to a desktop VS Code`);
    }
    return 1;
  } finally {
    workspace.dispose();
  }
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
