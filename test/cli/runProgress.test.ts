import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { CLI_PATH } from './harness/prtProcess';
import { seedSample, Workspace } from './harness/workspace';

const shellWord = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// a fails at once; b finishes only once a has failed.
const EXEC = 'if [ "$PRT_PATH" = a.txt ]; then touch "$PRT_TEST_OUT/a.failed"; exit 1; fi; while [ ! -f "$PRT_TEST_OUT/a.failed" ]; do sleep 0.02; done';

describe('prt run progress on stderr', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
    await seedSample(ws, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, [
      { path: 'a.txt', line: 1, body: 'fails' },
      { path: 'b.txt', line: 1, body: 'waits for a' },
    ]);
  });
  afterEach(async () => {
    await ws.dispose();
  });

  it('not on a terminal: one line per event', async () => {
    const r = await ws.prt(['run', '--exec', EXEC, '--workers', '2', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\x1b\[/, 'no terminal escapes in a log');
    assert.match(r.stderr, /^start {2}worker-\d PRRT_\S+ a\.txt:1$/m);
    assert.match(r.stderr, /^failed worker-\d PRRT_\S+ a\.txt:1 .*exit code 1$/m);
    assert.match(r.stderr, /^fixed {2}worker-\d PRRT_\S+ b\.txt:1 /m);
    assert.match(r.stderr, /^resolved PRRT_\S+ b\.txt:1$/m);
  });

  it('on a terminal (a pty from `script`): a redrawn bar with done/total, running, failed and ETA', async () => {
    const command = [process.execPath, CLI_PATH, 'run', '--exec', EXEC, '--workers', '2', '--write-interval', '0'].map(shellWord).join(' ');
    // `script` (util-linux) gives the CLI a pseudo-terminal of unknown size (0 columns).
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = execFile('script', ['-qec', command, '/dev/null'], { cwd: ws.repo, env: ws.env() }, (err, out) => {
        if (err && typeof err.code !== 'number') reject(err);
        else resolve({ code: child.exitCode, stdout: String(out) });
      });
    });
    assert.equal(code, 1, stdout);
    // Which job the CLI sees end first is a race; either way the bar is drawn at 1/2.
    assert.match(stdout, /\r\x1b\[2K\[#{12}\.{12}\] 1\/2 done · 1 running · [01] failed · ETA /);
    assert.match(stdout, /\r\x1b\[2K\[#{24}\] 2\/2 done · 0 running · 1 failed/);
    assert.doesNotMatch(stdout, /^start /m, 'no per-job start lines on a terminal');
    assert.match(stdout, /failed worker-\d PRRT_\S+ a\.txt:1 .*exit code 1\r\n/, 'failures still get their own line');
  });
});
