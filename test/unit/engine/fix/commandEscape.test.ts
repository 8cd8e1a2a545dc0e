import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCancellationError } from '../../../../src/common/errors';
import { ProcessGroupRegistry } from '../../../../src/engine/fix/processGroupRegistry';
import { baseEnv, CommandRunner, printed, RUNNERS, started as startedWith, tempDir } from './commandTestUtil';
import { allGone, checkNoProcessLeft, eventually, pidGone } from './processLeaks';

// Processes that leave the job's process group (setsid, a double fork, a daemon) and what
// the job and the run's registry do about them (SPEC §4: signals, daemons).
for (const impl of RUNNERS) describe(`${impl.name}: processes that escape the job's process group`, function () {
  const env = checkNoProcessLeft(baseEnv());
  let tmp: ReturnType<typeof tempDir>;
  let registry: ProcessGroupRegistry;
  let runner: ReturnType<typeof impl.create>;
  const run: CommandRunner = (o) => runner.run(o);
  const started = (o: Parameters<typeof startedWith>[0]) => startedWith(o, run);
  beforeEach(() => {
    tmp = tempDir();
    registry = new ProcessGroupRegistry();
    runner = impl.create();
  });
  afterEach(() => {
    runner.dispose();
    assert.deepEqual(registry.groups, [], 'no process group left tracked');
    registry.dispose();
    tmp.remove();
  });

  const opts = (command: string) => ({ command, cwd: tmp.dir, env, registry, killGraceMs: 100 });
  /** The pid a command wrote to `file` in the temp folder, once it is there. */
  const pidIn = async (file: string): Promise<number> => {
    let text = '';
    await eventually(() => /\d+\n/.test((text = readOr(join(tmp.dir, file)))));
    return printed(text, 'pid');
  };

  it('ends when its process exits, though a daemon it started keeps stdout and stderr open', async () => {
    const r = await run(opts('setsid sleep 1000 & echo daemon=$!; echo done; echo also >&2'));
    assert.equal(r.exitCode, 0);
    assert.equal(r.aborted, false);
    assert.equal(r.output.replace('also\n', ''), `daemon=${printed(r.output, 'daemon')}\ndone\n`);
    assert.match(r.output, /also\n/);
    const daemon = printed(r.output, 'daemon');
    assert.equal(pidGone(daemon), false, 'the job did not wait for the daemon (nor kill it)');
    registry.dispose();
    assert.ok(await allGone([daemon]), 'the run kills it when it ends');
  });

  it('keeps what was written before the exit while a daemon holds the pipes', async () => {
    let streamed = '';
    const r = await run({
      ...opts('setsid sleep 1000 & head -c 300000 /dev/zero | tr "\\0" a; printf END'),
      maxOutputBytes: 1_000_000,
      onOutput: (_s, chunk) => (streamed += chunk),
    });
    const all = `${'a'.repeat(300000)}END`;
    assert.equal(streamed.length, all.length);
    assert.equal(streamed, all);
    assert.equal(r.output, all);
  });

  it('the registry kills a double-forked setsid process of a finished job when disposed', async () => {
    const r = await run(opts("(setsid sh -c 'echo pid=$$ > escaped; exec sleep 1000' </dev/null >/dev/null 2>&1 &); echo started"));
    assert.equal(r.exitCode, 0);
    const escaped = await pidIn('escaped');
    assert.equal(pidGone(escaped), false, 'it escaped the job');
    registry.dispose();
    assert.ok(await allGone([escaped]), 'no process of the job is left after the registry is disposed');
  });

  it('the registry kills a running job together with the processes it moved to sessions of their own', async () => {
    const s = started(opts("echo pgid=$$; (setsid sh -c 'echo pid=$$ > escaped; trap \"\" TERM; exec sleep 1000' >/dev/null 2>&1 &); echo ready; sleep 1000"));
    await s.waitFor('ready');
    const escaped = await pidIn('escaped');
    registry.dispose();
    await assert.rejects(s.result, (e) => isCancellationError(e), 'a shutdown cancels the job; it did not fail');
    assert.ok(await allGone([escaped, printed(s.output(), 'pgid')]));
  });

  it('a killed job takes the processes it moved out of its group along', async () => {
    const controller = new AbortController();
    const s = started({ ...opts("setsid sh -c 'trap \"\" TERM; sleep 1000' & echo escaped=$!; echo ready; wait"), signal: controller.signal });
    await s.waitFor('ready');
    controller.abort();
    const r = await s.result;
    assert.equal(r.aborted, true);
    assert.ok(await allGone([printed(s.output(), 'escaped')]), 'aborting the job kills what it started, wherever it went');
  });

  it('a timed-out job takes them along too', async () => {
    const s = started({ ...opts('setsid sleep 1000 & echo escaped=$!; echo ready; wait'), timeoutMs: 200 });
    const r = await s.result;
    assert.equal(r.timedOut, true);
    assert.equal(r.aborted, false);
    assert.ok(await allGone([printed(s.output(), 'escaped')]));
  });

  it("disposing one run's registry leaves another run's processes alone", async () => {
    const other = new ProcessGroupRegistry();
    try {
      const r = await run({ ...opts('setsid sleep 1000 & echo daemon=$!'), registry: other });
      const daemon = printed(r.output, 'daemon');
      registry.dispose();
      assert.equal(pidGone(daemon), false);
      other.dispose();
      assert.ok(await allGone([daemon]));
    } finally {
      other.dispose();
    }
  });
});

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
