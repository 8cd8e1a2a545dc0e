import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// The layering of STYLE.md is a lint rule; these cases check that the rule bites. Each
// lints a one-line module as if it were a file of the given folder.
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint: the layers of STYLE.md', function () {
  this.timeout(60_000);

  const wrongWay: [string, string, string][] = [
    ['src/engine/probe.ts', "import { GitHubClient } from '../github/client';\nexport const x = GitHubClient;\n", 'the engine importing the GitHub adapter'],
    ['src/engine/probe.ts', "import { git } from '../git/git';\nexport const x = git;\n", 'the engine importing the git adapter'],
    ['src/pipeline/probe.ts', "import { replyAndResolve } from '../github/writes';\nexport const x = replyAndResolve;\n", 'the pipeline importing an adapter instead of a port'],
    ['src/common/probe.ts', "import { firstLine } from '../model/thread';\nexport const x = firstLine;\n", 'common importing the model'],
    ['src/model/probe.ts', "import { planThreads } from '../engine/plan/planner';\nexport const x = planThreads;\n", 'the model importing the engine'],
    ['src/github/probe.ts', "import { git } from '../git/git';\nexport const x = git;\n", 'one adapter importing the other'],
    ['src/github/probe.ts', "import { Run } from '../pipeline/run';\nexport const x = Run;\n", 'an adapter importing the pipeline'],
    ['src/pipeline/probe.ts', "import { main } from '../cli/main';\nexport const x = main;\n", 'the pipeline importing a front end'],
    ['src/cli/probe.ts', "import { activate } from '../extension/extension';\nexport const x = activate;\n", 'one front end importing the other'],
  ];
  for (const [file, code, what] of wrongWay) {
    it(`fails on ${what}`, async () => {
      assert.ok((await ruleIds(file, code)).includes('import/no-restricted-paths'), `${file}: ${code}`);
    });
  }

  it('fails on vscode anywhere but src/extension', async () => {
    assert.ok((await ruleIds('src/pipeline/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).includes('no-restricted-imports'));
  });

  it('passes imports that go down the layers', async () => {
    const ok: [string, string][] = [
      ['src/engine/probe.ts', "import { firstLine } from '../model/thread';\nimport { oneLine } from '../common/errors';\nexport const x = [firstLine, oneLine];\n"],
      ['src/github/probe.ts', "import type { ThreadWriter } from '../engine/ports';\nexport type X = ThreadWriter;\n"],
      ['src/cli/probe.ts', "import { executeRun } from '../pipeline/executeRun';\nimport { GitVcs } from '../git/gitVcs';\nexport const x = [executeRun, GitVcs];\n"],
      ['src/extension/probe.ts', "import * as vscode from 'vscode';\nimport { Run } from '../pipeline/run';\nexport const x = [vscode, Run];\n"],
    ];
    for (const [file, code] of ok) assert.deepEqual(await ruleIds(file, code), [], file);
  });
});
