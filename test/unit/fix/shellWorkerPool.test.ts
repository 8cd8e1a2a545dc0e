import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCancellationError, isUserFacingError } from '../../../src/core/common/errors';
import { CommandOptions, isCommandStartError, runCommand } from '../../../src/core/fix/command';
import { ProcessGroupRegistry } from '../../../src/core/fix/processGroupRegistry';
import { isShellWorkerLostError, ShellWorkerPool } from '../../../src/core/fix/shellWorkerPool';
import { baseEnv, groupGone, pidAlive, printed, started, tempDir } from './commandTestUtil';

/** Waits until process `pid` is gone (reaping may lag in containers; this waits, it does not time). */
async function pidGone(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 15_000; waited += 25) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !pidAlive(pid);
}

/** What the job's `sh` process was started with, read from /proc (Linux): environment, ignored and blocked signals, open fds. */
// Signals are read from grep's own status: the shell's (/proc/$$) shows everything blocked
// while dash is inside its vfork for grep, a race that made this test flaky.
const PROBE = 'cat /proc/$$/environ > environ; grep -E "^Sig(Ign|Blk)" /proc/self/status > signals; ls /proc/$$/fd > fds';

describe('ShellWorkerPool', function () {
  let tmp: ReturnType<typeof tempDir>;
  let registry: ProcessGroupRegistry;
  let pool: ShellWorkerPool;
  beforeEach(() => {
    tmp = tempDir();
    registry = new ProcessGroupRegistry();
    pool = new ShellWorkerPool({ size: 2 });
  });
  afterEach(() => {
    pool.dispose();
    assert.deepEqual(registry.groups, [], 'no process group left tracked');
    registry.dispose();
    tmp.remove();
  });

  const opts = (command: string, extra: Partial<CommandOptions> = {}): CommandOptions => ({ command, cwd: tmp.dir, env: baseEnv(), registry, ...extra });

  async function probe(run: (o: CommandOptions) => Promise<unknown>, o: CommandOptions) {
    await run(o);
    const read = (f: string) => readFileSync(join(tmp.dir, f), 'utf8');
    return { environ: read('environ').split('\0').filter(Boolean).sort(), signals: read('signals'), fds: read('fds') };
  }

  it('finishes hundreds of instant jobs, 4 at once, without a worker losing track of one', async function () {
    // Regression: bash 5.2's `wait -f` could spin forever when a job was reaped first.
    this.timeout(120_000);
    const big = new ShellWorkerPool({ size: 4, registry });
    try {
      let done = 0;
      await Promise.all(
        [0, 1, 2, 3].map(async () => {
          for (let i = 0; i < 100; i++) {
            const r = await big.run(opts(i % 2 ? 'true' : 'exit 3'));
            assert.equal(r.exitCode, i % 2 ? 0 : 3);
            done++;
          }
        }),
      );
      assert.equal(done, 400);
      assert.equal(big.workersStarted, 4);
    } finally {
      big.dispose();
    }
  });

  it('many jobs reuse as many workers as run at once', async () => {
    const lanes = await Promise.all(
      [0, 1].map(async () => {
        const pids = new Set<string>();
        for (let i = 0; i < 15; i++) {
          const r = await pool.run(opts('echo "$PPID"'));
          assert.equal(r.exitCode, 0);
          pids.add(r.output.trim());
        }
        return pids;
      }),
    );
    assert.equal(pool.workersStarted, 2);
    assert.equal(pool.fallbacks, 0);
    assert.equal(new Set([...lanes[0], ...lanes[1]]).size, 2, 'the commands ran as children of two workers');
  });

  it('gives the command exactly the environment, signals and descriptors runCommand gives it', async () => {
    const hostile = ["it's", '$(touch pwned_subst)', '`touch pwned_tick`', '"; touch pwned_dq; "', 'a\nb\n', '() { :; }; touch pwned_fn', '\\', ''];
    const env: Record<string, string> = { ...baseEnv(), _: '/usr/bin/node', SHLVL: '4', PWD: '/nowhere', OLDPWD: '/before' };
    hostile.forEach((v, i) => (env[`PRT_HOSTILE_${i}`] = v));
    const viaPool = await probe((o) => pool.run(o), opts(PROBE, { env }));
    const viaSpawn = await probe(runCommand, opts(PROBE, { env }));
    assert.equal(pool.fallbacks, 0, 'the pool ran it itself');
    assert.deepEqual(viaPool, viaSpawn);
    assert.deepEqual(viaPool.environ, Object.entries(env).map(([k, v]) => `${k}=${v}`).sort());
    // A second job on the same worker, with variables removed and changed, is exact too.
    const { PRT_HOSTILE_0: _removed, SHLVL: _shlvl, _: _u, OLDPWD: _o, ...fewer } = env;
    const second = await probe((o) => pool.run(o), opts(PROBE, { env: { ...fewer, PRT_HOSTILE_1: 'changed' } }));
    assert.deepEqual(second.environ, Object.entries({ ...fewer, PRT_HOSTILE_1: 'changed' }).map(([k, v]) => `${k}=${v}`).sort());
    assert.equal(pool.workersStarted, 1);
    assert.deepEqual(readFileSync(join(tmp.dir, 'fds'), 'utf8'), viaSpawn.fds);
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.startsWith('pwned')), [], 'nothing in a value was executed');
  });

  it('carries variables that bash resets or acts on (IFS, PS4, TMOUT, BASH_ENV…) exactly, without affecting the worker', async () => {
    const sourced = join(tmp.dir, 'bash_env_was_sourced');
    const env: Record<string, string> = {
      ...baseEnv(),
      IFS: 'x',
      PS4: 'zz',
      OPTERR: '0',
      TMOUT: '1',
      BASH_ENV: join(tmp.dir, 'rc'),
      ENV: join(tmp.dir, 'rc'),
      POSIXLY_CORRECT: '',
      CDPATH: '/',
      HISTSIZE: '5',
      MAIL: '/var/mail/x',
    };
    writeFileSync(join(tmp.dir, 'rc'), `touch ${sourced}\n`);
    const viaPool = await probe((o) => pool.run(o), opts(PROBE, { env }));
    assert.equal(pool.fallbacks, 0);
    assert.deepEqual(viaPool.environ, Object.entries(env).map(([k, v]) => `${k}=${v}`).sort());
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f === 'bash_env_was_sourced'), [], 'the worker never sourced BASH_ENV');
  });

  it('hands an environment bash would change to runCommand, which keeps it exact', async () => {
    const env: Record<string, string> = { ...baseEnv(), PPID: '1', 'BASH_FUNC_f%%': '() { echo hi; }', 'odd-name': 'v' };
    const viaPool = await probe((o) => pool.run(o), opts(PROBE, { env }));
    assert.equal(pool.fallbacks, 1);
    assert.deepEqual(viaPool.environ, Object.entries(env).map(([k, v]) => `${k}=${v}`).sort());
  });

  it('delivers a 2 MB stdin byte for byte, also without a final newline', async () => {
    const big = `${'{"x":"ü\\n'.repeat(200_000)}\n${'y'.repeat(100)}`;
    const r = await pool.run(opts('cat > got; wc -c < got', { stdin: big }));
    assert.equal(r.exitCode, 0, r.output);
    assert.equal(readFileSync(join(tmp.dir, 'got'), 'utf8'), big);
    assert.equal(pool.fallbacks, 0);
    const empty = await pool.run(opts('wc -c', { stdin: '' }));
    assert.equal(empty.output.trim(), '0');
  });

  it('delivers a small stdin exactly through a pipe, whatever lines it holds', async () => {
    const tricky = "EOF\nPRT_STDIN_\n$(touch pwned) `touch pwned2` ${HOME}\r\n\\\n'\"\n\tindented\n\n";
    for (const stdin of [tricky, '', '\n', 'no newline at the end']) {
      const r = await pool.run(opts('cat > got; if [ -p /dev/stdin ]; then echo pipe; elif [ -c /dev/stdin ]; then echo device; else echo file; fi', { stdin }));
      assert.equal(readFileSync(join(tmp.dir, 'got'), 'utf8'), stdin);
      // Empty: bash gives /dev/null; no final newline: a private file (see canInlineStdin).
      assert.equal(r.output, stdin === '' ? 'device\n' : stdin.endsWith('end') ? 'file\n' : 'pipe\n');
    }
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.startsWith('pwned')), []);
    assert.equal(pool.fallbacks, 0);
  });

  it('without a usable bash, hands its jobs to runCommand (which then says sh cannot start)', async () => {
    const noShell = { PATH: join(tmp.dir, 'empty') };
    await assert.rejects(pool.run(opts('true', { env: noShell })), (e: unknown) => isCommandStartError(e));
    await assert.rejects(pool.run(opts('true', { env: noShell })), (e: unknown) => isCommandStartError(e));
    assert.equal(pool.fallbacks, 2);
    assert.equal(pool.workersStarted, 1, 'one worker was tried; then the pool knew');
  });

  it('reports a signal as the signal and an exit code as the exit code', async () => {
    assert.deepEqual([(await pool.run(opts('kill -USR1 $$'))).signal, (await pool.run(opts('exit 7'))).exitCode], ['SIGUSR1', 7]);
    const killed = await pool.run(opts('kill -KILL $$'));
    assert.equal(killed.exitCode, null);
    assert.equal(killed.signal, 'SIGKILL');
  });

  it('a command that exits while a grandchild runs does not hang the worker and leaves no process', async () => {
    const r = await pool.run(opts('sleep 1000 & echo child=$!; echo pgid=$$'));
    assert.equal(r.exitCode, 0);
    const pgid = printed(r.output, 'pgid');
    assert.ok(await groupGone(pgid), 'the grandchild was killed with what was left of the group');
    assert.ok(!pidAlive(printed(r.output, 'child')));
    const next = await pool.run(opts('echo next'));
    assert.equal(next.output, 'next\n', 'nothing of the previous command reached the next one');
    assert.equal(pool.workersStarted, 1);
  });

  it('a worker killed from outside fails its command clearly and the next command works', async () => {
    const s = started(opts('echo worker=$PPID; echo pgid=$$; sleep 1000 & echo ready; wait'), (o) => pool.run(o));
    await s.waitFor('ready');
    const worker = printed(s.output(), 'worker');
    const pgid = printed(s.output(), 'pgid');
    process.kill(worker, 'SIGKILL');
    await assert.rejects(s.result, (e: unknown) => {
      assert.ok(isShellWorkerLostError(e) && isUserFacingError(e));
      assert.match((e as Error).message, /shell worker was killed by SIGKILL.*run the thread again/);
      return true;
    });
    assert.ok(await groupGone(pgid), 'the orphaned command was killed');
    const next = await pool.run(opts('echo again'));
    assert.equal(next.output, 'again\n');
    assert.equal(pool.workersStarted, 2);
  });

  it('disposing the registry kills the running commands and the workers', async () => {
    const tracked = new ShellWorkerPool({ size: 1, registry });
    const s = started(opts('echo worker=$PPID; echo pgid=$$; sleep 1000 & echo ready; wait'), (o) => tracked.run(o));
    await s.waitFor('ready');
    const worker = printed(s.output(), 'worker');
    const pgid = printed(s.output(), 'pgid');
    assert.deepEqual([...registry.groups].sort(), [worker, pgid].sort());
    registry.dispose();
    const r = await s.result;
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(await groupGone(pgid));
    assert.ok(await pidGone(worker), 'the worker is gone');
    tracked.dispose();
    registry = new ProcessGroupRegistry();
  });

  it('disposing the pool kills the running commands and the workers; then it refuses work', async () => {
    const s = started(opts('echo worker=$PPID; echo pgid=$$; sleep 1000 & echo ready; wait'), (o) => pool.run(o));
    await s.waitFor('ready');
    const worker = printed(s.output(), 'worker');
    const pgid = printed(s.output(), 'pgid');
    pool.dispose();
    const r = await s.result;
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(await groupGone(pgid));
    assert.ok(await pidGone(worker));
    await assert.rejects(pool.run(opts('true')), (e: unknown) => isCancellationError(e));
  });

  it('an abort before the command has started still kills it', async () => {
    const controller = new AbortController();
    const s = started(opts('echo pgid=$$; sleep 1000', { signal: controller.signal, killGraceMs: 50 }), (o) => pool.run(o));
    controller.abort();
    const r = await s.result;
    assert.equal(r.aborted, true);
    if (s.output().includes('pgid=')) assert.ok(await groupGone(printed(s.output(), 'pgid')));
    assert.equal((await pool.run(opts('echo fine'))).output, 'fine\n');
  });
});
