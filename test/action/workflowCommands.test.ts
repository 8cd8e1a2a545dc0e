import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expandShardFolders, integrateArgs, runArgs, ActionInputs, cliEnv } from '../../src/action/actionInputs';
import { markdownCell, markdownTable } from '../../src/action/markdown';
import { annotation, setOutput } from '../../src/action/workflowCommands';
import { parseOutputs } from './workflowPlayer';

// What the runner reads from the action: workflow commands on stdout (hostile text stays
// one command), outputs in $GITHUB_OUTPUT (heredocs), Markdown cells that show text as it is.

describe('action: workflow commands, outputs, Markdown and inputs', () => {
  it('writes ::error file=PATH,line=N,title=T::message with every value escaped', () => {
    assert.equal(annotation('error', 'failed: 100%\nsure', { file: 'src/a,b:c.ts', line: 12, title: 'PR Thread Runner: a.ts:12' }), '::error file=src/a%2Cb%3Ac.ts,line=12,title=PR Thread Runner%3A a.ts%3A12::failed: 100%25%0Asure');
    assert.equal(annotation('warning', 'x'), '::warning::x');
    assert.equal(annotation('error', 'outdated', { file: 'a.ts', line: 0 }), '::error file=a.ts::outdated', 'no line for a thread without one');
  });

  it('sets outputs as heredocs that a hostile value cannot end early', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'prt-output-'));
    try {
      const file = path.join(dir, 'output');
      await writeFile(file, '');
      setOutput(file, 'reason', 'two\nlines\nghadelimiter_x\nfake=1');
      setOutput(file, 'run', 'false');
      assert.deepEqual(parseOutputs(await readFile(file, 'utf8')), { reason: 'two\nlines\nghadelimiter_x\nfake=1', run: 'false' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows a cell as one line of text: pipes, markup and HTML escaped, long text cut', () => {
    assert.equal(markdownCell('a | b\n<img src=x> *bold* [link](u) @team #1'), 'a \\| b &lt;img src=x&gt; \\*bold\\* \\[link\\](u) \\@team \\#1');
    assert.equal(markdownCell('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
    assert.equal(markdownTable(['A', 'B'], [['1', '2']]), '| A | B |\n| --- | --- |\n| 1 | 2 |');
  });

  it('maps inputs to prt run and prt integrate arguments, the plan job\'s args last', async () => {
    const inputs = new ActionInputs({ INPUT_PR: '7', INPUT_SHARD: '2/3', INPUT_EMIT: '/tmp/e', INPUT_ARGS: '["--exec", "fix it"]', INPUT_RESOLVE: 'true', INPUT_COMMIT: 'off', 'INPUT_APPLY-SUGGESTIONS': 'true' });
    assert.deepEqual(runArgs(inputs), ['run', '--pr', '7', '--shard', '2/3', '--emit', '/tmp/e', '--apply-suggestions', '--exec', 'fix it']);
    const dir = await mkdtemp(path.join(tmpdir(), 'prt-dirs-'));
    try {
      for (const n of ['prt-shard-2', 'prt-shard-1']) {
        await mkdir(path.join(dir, n));
        await writeFile(path.join(dir, n, 'manifest.json'), '{}');
      }
      const i2 = new ActionInputs({ INPUT_DIRS: `${dir}\n`, INPUT_COMMIT: 'per-thread', INPUT_PUSH: 'true', INPUT_RESOLVE: 'false' });
      assert.deepEqual(integrateArgs(i2), ['integrate', path.join(dir, 'prt-shard-1'), path.join(dir, 'prt-shard-2'), '--no-resolve', '--commit-per-thread', '--push']);
      assert.deepEqual(expandShardFolders(path.join(dir, 'prt-shard-1')), [path.join(dir, 'prt-shard-1')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    assert.throws(() => runArgs(new ActionInputs({ INPUT_PUSH: 'yes' })), /input push must be true or false/);
    assert.throws(() => runArgs(new ActionInputs({ INPUT_COMMIT: 'all' })), /input commit must be off, one or per-thread/);
    assert.throws(() => runArgs(new ActionInputs({ INPUT_ARGS: '--exec x' })), /input args must be a JSON array of strings/);
    assert.throws(() => integrateArgs(new ActionInputs({ INPUT_DIRS: ' \n ' })), /input dirs names no shard folder/);
  });

  it('keeps the inputs and the runner\'s credentials out of prt\'s environment, and gives it the token', () => {
    const env = cliEnv({ PATH: '/bin', 'INPUT_GITHUB-TOKEN': 'ghs_x', ACTIONS_RUNTIME_TOKEN: 'r', ACTIONS_ID_TOKEN_REQUEST_URL: 'u', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't', GITHUB_ACTIONS: 'true' }, 'ghs_x');
    assert.deepEqual(env, { PATH: '/bin', GITHUB_ACTIONS: 'true', GITHUB_TOKEN: 'ghs_x' });
  });
});
