import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canFindMarkedProcesses,
  findMarkedProcesses,
  jobToken,
  markEnv,
  RUN_MARKER_VARIABLE,
  signalMarkedProcesses,
} from '../../../../src/engine/fix/markedProcesses';
import { baseEnv, tempDir } from './commandTestUtil';
import { allGone, eventually } from './processLeaks';

describe('markedProcesses: finding a run\'s processes by their environment', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  /** A fake /proc: `<pid>/environ` files; pids far above pid_max, so no real process is named. */
  function fakeProc(environs: Record<number, string[]>): string {
    for (const [pid, vars] of Object.entries(environs)) {
      mkdirSync(join(tmp.dir, pid));
      writeFileSync(join(tmp.dir, pid, 'environ'), vars.map((v) => `${v}\0`).join(''));
    }
    mkdirSync(join(tmp.dir, 'self'));
    writeFileSync(join(tmp.dir, 'self', 'environ'), '');
    return tmp.dir;
  }

  it('matches by whole variable and token, the job or the whole run', () => {
    const M = RUN_MARKER_VARIABLE;
    const proc = fakeProc({
      90000001: ['PATH=/bin', `${M}=run1.1`],
      90000002: [`${M}=run1.2 outer.4`],
      90000003: [`${M}=run2.1 run1.3`], // nested in a job of run1
      90000004: [`FOO=x${M}=run1.1`], // only text inside another variable
      90000005: [`${M}=run10.1`], // another run whose id starts alike
      90000006: [], // a zombie or kernel thread: no environment
      90000007: [`${M}=outer.4`],
    });
    assert.equal(canFindMarkedProcesses(proc), true);
    assert.deepEqual(findMarkedProcesses({ run: 'run1' }, proc).sort(), [90000001, 90000002, 90000003]);
    assert.deepEqual(findMarkedProcesses({ job: 'run1.1' }, proc), [90000001]);
    assert.deepEqual(findMarkedProcesses({ job: 'outer.4' }, proc).sort(), [90000002, 90000007]);
    assert.deepEqual(findMarkedProcesses({ run: 'run2' }, proc), [90000003]);
  });

  it('finds nothing, and kills nothing, where there is no /proc (the registry then reaches groups only)', () => {
    const missing = join(tmp.dir, 'no-proc');
    assert.equal(canFindMarkedProcesses(missing), false);
    assert.deepEqual(findMarkedProcesses({ run: 'x' }, missing), []);
    assert.deepEqual(signalMarkedProcesses({ run: 'x' }, 'SIGKILL', missing), []);
  });

  it('puts the job token first and keeps a bounded list of inherited ones', () => {
    assert.deepEqual(markEnv({ A: '1' }, 'r.1'), { A: '1', [RUN_MARKER_VARIABLE]: 'r.1' });
    assert.equal(markEnv({ [RUN_MARKER_VARIABLE]: 'o.2  p.1' }, 'r.1')[RUN_MARKER_VARIABLE], 'r.1 o.2 p.1');
    const deep = Array.from({ length: 20 }, (_, i) => jobToken(`o${i}`, 1)).join(' ');
    assert.equal(markEnv({ [RUN_MARKER_VARIABLE]: deep }, 'r.1')[RUN_MARKER_VARIABLE].split(' ').length, 8);
  });

  it('on this system, finds and kills a marked process through the real /proc', async function () {
    if (!canFindMarkedProcesses()) this.skip();
    const token = jobToken(`test${process.pid}x${Date.now()}`, 1);
    const child = spawn('sleep', ['1000'], { env: markEnv(baseEnv(), token), stdio: 'ignore' });
    try {
      await eventually(() => findMarkedProcesses({ job: token }).length > 0);
      assert.deepEqual(findMarkedProcesses({ job: token }), [child.pid]);
      assert.deepEqual(signalMarkedProcesses({ job: token }, 'SIGKILL'), [child.pid]);
      assert.ok(await allGone([child.pid!]));
      assert.deepEqual(findMarkedProcesses({ job: token }), []);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
