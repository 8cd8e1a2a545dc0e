import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isCancellationError, isUserFacingError } from '../../../../src/common/errors';
import { commandOutcome, isCommandStartError } from '../../../../src/engine/fix/command';
import { ProcessGroupRegistry } from '../../../../src/engine/fix/processGroupRegistry';
import { isProcessStartError } from '../../../../src/engine/fix/processRunner';
import { baseEnv, CommandRunner, groupGone, printed, RUNNERS, started as startedWith, tempDir } from './commandTestUtil';
import { allGone, checkNoProcessLeft } from './processLeaks';

for (const impl of RUNNERS) describe(`${impl.name}: the runCommand contract`, function () {
  let tmp: ReturnType<typeof tempDir>;
  let registry: ProcessGroupRegistry;
  let runner: ReturnType<typeof impl.create>;
  const env = checkNoProcessLeft(baseEnv());
  const runCommand: CommandRunner = (o) => runner.run(o);
  const started = (o: Parameters<typeof startedWith>[0]) => startedWith(o, runCommand);
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

  const opts = (command: string) => ({ command, cwd: tmp.dir, env, registry });

  it('reports a non-zero exit code, which the scheduler sees as a failure', async () => {
    const r = await runCommand(opts('echo partial; exit 3'));
    assert.equal(r.exitCode, 3);
    assert.equal(r.signal, null);
    assert.equal(r.aborted, false);
    assert.equal(r.output, 'partial\n');
    assert.deepEqual(commandOutcome(r), { ok: false, exitCode: 3, signal: null, output: 'partial\n', error: 'exit code 3' });
    assert.equal(commandOutcome(await runCommand(opts('true'))).ok, true);
  });

  it('runs in cwd with exactly the given environment', async () => {
    const r = await runCommand({ ...opts('pwd; printf "%s|%s" "$ONLY_THIS" "${HOME-unset}"'), env: { PATH: env.PATH, ONLY_THIS: 'yes' } });
    const [pwd, rest] = r.output.split('\n');
    assert.equal(pwd.endsWith(tmp.dir.split('/').pop()!), true);
    assert.equal(rest, 'yes|unset');
  });

  it('feeds stdin to the command and closes it', async () => {
    const input = 'line 1\n{"a": "ü"}\n';
    const r = await runCommand({ ...opts('cat; echo "<eof>"'), stdin: input });
    assert.equal(r.output, `${input}<eof>\n`);
  });

  it('does not crash when the command ignores a large stdin (EPIPE)', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    for (let i = 0; i < 3; i++) {
      const r = await runCommand({ ...opts('exit 0'), stdin: big });
      assert.equal(r.exitCode, 0);
    }
  });

  it('streams stdout and stderr to onOutput and keeps only the output tail', async () => {
    const streams = { stdout: '', stderr: '' };
    const r = await runCommand({
      ...opts('echo out; echo err >&2; head -c 100000 /dev/zero | tr "\\0" a; printf END'),
      maxOutputBytes: 1000,
      onOutput: (stream, chunk) => (streams[stream] += chunk),
    });
    // Chunk boundaries depend on the machine's load: compare what each stream carried in all.
    const as = `${'a'.repeat(100000)}END`;
    if (impl.separateStreams) {
      assert.equal(streams.stdout, `out\n${as}`);
      assert.equal(streams.stderr, 'err\n');
    } else {
      assert.equal(streams.stdout, `out\nerr\n${as}`, 'one stream, in the order written');
      assert.equal(streams.stderr, '');
    }
    assert.equal(r.output.length, 1000);
    if (impl.separateStreams) {
      // Two pipes: where stderr's line lands in the tail depends on which pipe was read first.
      assert.ok(r.output.replace('err\n', '').endsWith(`${'a'.repeat(990)}END`), JSON.stringify(r.output.slice(-20)));
    } else {
      assert.equal(r.output, `${'a'.repeat(997)}END`);
    }
  });

  it('on abort kills the whole process group, grandchildren included', async () => {
    const controller = new AbortController();
    const s = started({ ...opts('echo pgid=$$; sleep 1000 & echo child=$!; echo ready; wait'), signal: controller.signal });
    await s.waitFor('ready');
    const pgid = printed(s.output(), 'pgid');
    assert.deepEqual(registry.groups, [pgid]);
    controller.abort();
    const r = await s.result;
    assert.equal(r.aborted, true);
    assert.equal(r.exitCode, null);
    assert.equal(r.signal, 'SIGTERM');
    assert.ok(await groupGone(pgid), 'no process of the group remains');
  });

  it('sends SIGKILL after the grace period to a group that ignores SIGTERM', async () => {
    const controller = new AbortController();
    const s = started({ ...opts("trap '' TERM; echo pgid=$$; sleep 1000 & echo ready; wait"), signal: controller.signal, killGraceMs: 50 });
    await s.waitFor('ready');
    controller.abort();
    const r = await s.result;
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(await groupGone(printed(s.output(), 'pgid')));
  });

  it('does not hang when a process that left the group keeps the pipes open, and kills it too', async () => {
    const controller = new AbortController();
    const s = started({ ...opts('setsid sleep 1000 & echo escaped=$!; echo ready; wait'), signal: controller.signal, killGraceMs: 50 });
    await s.waitFor('ready');
    controller.abort();
    const r = await s.result;
    assert.equal(r.aborted, true);
    assert.ok(await allGone([printed(s.output(), 'escaped')]), 'the escaped process carried the job\'s marker');
  });

  it('disposing the registry kills every running group, and the jobs end cancelled', async () => {
    const a = started({ ...opts('echo pgid=$$; sleep 1000 & echo ready; wait') });
    const b = started({ ...opts('echo pgid=$$; echo ready; sleep 1000') });
    await Promise.all([a.waitFor('ready'), b.waitFor('ready')]);
    const pgids = [printed(a.output(), 'pgid'), printed(b.output(), 'pgid')];
    assert.deepEqual([...registry.groups].sort(), [...pgids].sort());
    registry.dispose();
    // A shutdown is no failure of the command: the scheduler reports such a job cancelled.
    for (const s of [a, b]) await assert.rejects(s.result, (e) => isCancellationError(e));
    for (const pgid of pgids) assert.ok(await groupGone(pgid));
  });

  it('starts nothing once the registry is disposed or the signal aborted', async () => {
    const marker = join(tmp.dir, 'ran');
    const controller = new AbortController();
    controller.abort();
    const r = await runCommand({ ...opts(`touch ${marker}`), signal: controller.signal });
    assert.equal(r.aborted, true);
    registry.dispose();
    await assert.rejects(runCommand(opts(`touch ${marker}`)), (e) => isCancellationError(e));
    assert.equal(existsSync(marker), false);
  });

  it('rejects with a user-facing error when the shell cannot start', async () => {
    await assert.rejects(runCommand({ ...opts('true'), cwd: join(tmp.dir, 'missing') }), (e: unknown) => {
      assert.ok(isProcessStartError(e) && isUserFacingError(e));
      if (impl.name === 'runCommand') assert.ok(isCommandStartError(e));
      assert.match((e as Error).message, /^could not start .* \(ENOENT\): check that the folder exists and sh is installed$/);
      assert.equal((e as { code?: string }).code, 'ENOENT');
      return true;
    });
  });
});
