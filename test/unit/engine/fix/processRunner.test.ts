import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_TIMER_MS } from '../../../../src/common/timers';
import { RUN_MARKER_VARIABLE } from '../../../../src/engine/fix/markedProcesses';
import { ProcessGroupRegistry } from '../../../../src/engine/fix/processGroupRegistry';
import { isProcessStartError, ProcessOptions, ProcessResult, runProcess } from '../../../../src/engine/fix/processRunner';
import { isCommandStartError } from '../../../../src/engine/fix/command';
import { baseEnv, groupGone, printed, tempDir } from './commandTestUtil';
import { allGone, checkNoProcessLeft } from './processLeaks';

describe('runProcess: argv without a shell', function () {
  const env = checkNoProcessLeft(baseEnv());
  let tmp: ReturnType<typeof tempDir>;
  let registry: ProcessGroupRegistry;
  beforeEach(() => {
    tmp = tempDir();
    registry = new ProcessGroupRegistry();
  });
  afterEach(() => {
    assert.deepEqual(registry.groups, [], 'no process group left tracked');
    registry.dispose();
    tmp.remove();
  });

  const run = (file: string, args: string[], more: Partial<ProcessOptions> = {}): Promise<ProcessResult> =>
    runProcess({ file, args, cwd: tmp.dir, env, registry, killGraceMs: 100, ...more });

  it('passes arguments as they are: nothing is expanded, split or executed', async () => {
    const hostile = ['$(touch pwned)', '`touch pwned2`', "it's; touch pwned3", '*', 'two words', '', 'ü\n✓'];
    const r = await run('printf', ['[%s]', ...hostile]);
    assert.equal(r.exitCode, 0);
    assert.equal(r.output, hostile.map((a) => `[${a}]`).join(''));
    assert.deepEqual(readdirSync(tmp.dir), [], 'nothing ran');
  });

  it('marks the process with its run and job, keeping the marks of a run it is nested in', async () => {
    const show = ['-c', `printf '%s' "$${RUN_MARKER_VARIABLE}"`];
    const first = await run('sh', show);
    const second = await run('sh', show);
    assert.match(first.output, new RegExp(`^${registry.runId}\\.\\d+$`));
    assert.notEqual(first.output, second.output, 'one token per job');
    const nested = await run('sh', show, { env: { ...env, [RUN_MARKER_VARIABLE]: 'outer.3 outermost.1' } });
    assert.match(nested.output, new RegExp(`^${registry.runId}\\.\\d+ outer\\.3 outermost\\.1$`));
  });

  it('kills the whole process group at the timeout and says it timed out', async () => {
    const r = await run('sh', ['-c', 'echo pgid=$$; sleep 1000 & echo child=$!; wait'], { timeoutMs: 100 });
    assert.equal(r.timedOut, true);
    assert.equal(r.aborted, false);
    assert.equal(r.exitCode, null);
    assert.equal(r.signal, 'SIGTERM');
    assert.ok(await groupGone(printed(r.output, 'pgid')));
    assert.ok(await allGone([printed(r.output, 'child')]));
  });

  it('escalates to SIGKILL at the timeout for a process that ignores SIGTERM', async () => {
    const r = await run('sh', ['-c', "trap '' TERM; echo pgid=$$; sleep 1000"], { timeoutMs: 100 });
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(await groupGone(printed(r.output, 'pgid')));
  });

  it('without a registry, an abort still reaches the processes the job moved out of its group', async () => {
    const controller = new AbortController();
    let out = '';
    const result = runProcess({
      file: 'sh',
      args: ['-c', 'setsid sleep 1000 & echo escaped=$!; echo ready; wait'],
      cwd: tmp.dir,
      env,
      signal: controller.signal,
      killGraceMs: 100,
      onOutput: (_s, chunk) => {
        out += chunk;
        if (out.includes('ready')) controller.abort();
      },
    });
    const r = await result;
    assert.equal(r.aborted, true);
    assert.ok(await allGone([printed(out, 'escaped')]));
  });

  it('reports a program that cannot be started, naming it', async () => {
    await assert.rejects(run('prt-no-such-program', []), (e: unknown) => {
      assert.ok(isProcessStartError(e) && !isCommandStartError(e));
      assert.equal(e.code, 'ENOENT');
      assert.match(e.message, /^could not start prt-no-such-program in .* \(ENOENT\): check that the folder exists and prt-no-such-program is installed$/);
      return true;
    });
    await assert.rejects(run('sh', ['-c', 'true'], { cwd: join(tmp.dir, 'missing') }), (e: unknown) => isProcessStartError(e));
  });

  it('refuses a timeout a timer cannot hold, before starting anything', async () => {
    await assert.rejects(run('touch', ['started'], { timeoutMs: MAX_TIMER_MS + 1 }), (e: unknown) => (e as { isBugIndicatingError?: boolean }).isBugIndicatingError === true);
    assert.deepEqual(readdirSync(tmp.dir), []);
  });
});
