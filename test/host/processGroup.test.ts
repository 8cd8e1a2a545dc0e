import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGroupAlive, stopGroup } from './processGroup';

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('processGroup', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'prt-host-test-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops the leader and its children, even one that ignores SIGTERM', async () => {
    const pidFile = join(dir, 'grandchild');
    // The grandchild ignores TERM, as a stuck extension host might: only KILL ends it.
    const child = spawn('sh', ['-c', `sh -c 'trap "" TERM; echo $$ > ${pidFile}; while :; do sleep 1; done' & wait`], { detached: true, stdio: 'ignore' });
    const pgid = child.pid!;
    while (!existsSync(pidFile) || !readFileSync(pidFile, 'utf8').trim()) await new Promise((r) => setTimeout(r, 20));
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(isGroupAlive(pgid), true);
    await stopGroup(pgid, 300);
    assert.equal(isGroupAlive(pgid), false);
    assert.throws(() => process.kill(grandchild, 0), { code: 'ESRCH' });
  });

  it('is a no-op for a group that is gone', async () => {
    const child = spawn('true', [], { detached: true, stdio: 'ignore' });
    await exited(child);
    await stopGroup(child.pid!);
    assert.equal(isGroupAlive(child.pid!), false);
  });
});

describe('exitGuard', () => {
  // The guard acts on process exit, so it is exercised in a child Node process.
  const guard = join(__dirname, 'exitGuard.js');
  const script = (file: string, tail: string) => `
    const { onProcessExit } = require(${JSON.stringify(guard)});
    const fs = require('fs');
    onProcessExit(() => fs.appendFileSync(${JSON.stringify(file)}, 'first\\n'));
    const kept = onProcessExit(() => fs.appendFileSync(${JSON.stringify(file)}, 'disposed\\n'));
    kept.dispose();
    onProcessExit(() => { throw new Error('one clean-up fails'); });
    onProcessExit(() => fs.appendFileSync(${JSON.stringify(file)}, 'last\\n'));
    ${tail}`;

  for (const [name, tail, expected] of [
    ['a signal', `process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`, { code: 143, signal: null }],
    ['a crash', `setTimeout(() => { throw new Error('crash'); }, 10);`, { code: 1, signal: null }],
  ] as const) {
    it(`runs the clean-ups (latest first) on ${name}, skipping disposed ones and surviving a failing one`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'prt-host-test-'));
      try {
        const file = join(dir, 'log');
        const child = spawn(process.execPath, ['-e', script(file, tail)], { stdio: ['ignore', 'pipe', 'pipe'] });
        if (name === 'a signal') {
          await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
          child.kill('SIGTERM');
        }
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        assert.deepEqual(await exited(child), expected);
        assert.equal(readFileSync(file, 'utf8'), 'last\nfirst\n');
        assert.match(stderr, /cleanup on exit failed: one clean-up fails/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
