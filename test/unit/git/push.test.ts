import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isCancellationError, isUserFacingError, oneLine } from '../../../src/common/errors';
import { ProcessGroupRegistry } from '../../../src/engine/fix/processGroupRegistry';
import { findMarkedProcesses } from '../../../src/engine/fix/markedProcesses';
import { isGitError } from '../../../src/git/git';
import { isDetachedHeadError, isPushTimeoutError, pushHead } from '../../../src/git/push';
import { baseEnv, tempDir } from '../engine/fix/commandTestUtil';
import { allGone, checkNoProcessLeft, eventually } from '../engine/fix/processLeaks';

describe('pushHead: git push, bounded and killable', function () {
  // Hermetic: no global or system git configuration (credential helpers, hooks paths…).
  const env = checkNoProcessLeft({ ...baseEnv(), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
  let tmp: ReturnType<typeof tempDir>;
  let registry: ProcessGroupRegistry;
  let work: string;
  let remote: string;
  beforeEach(() => {
    tmp = tempDir();
    registry = new ProcessGroupRegistry();
    remote = join(tmp.dir, 'remote.git');
    work = join(tmp.dir, 'work');
    git(tmp.dir, 'init', '-q', '--bare', remote);
    git(tmp.dir, 'init', '-q', '-b', 'feature', work);
    git(work, 'config', 'user.name', 'Test');
    git(work, 'config', 'user.email', 'test@example.com');
    commit('first');
    git(work, 'remote', 'add', 'origin', remote);
  });
  afterEach(() => {
    registry.dispose();
    tmp.remove();
  });

  function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
  }
  function commit(text: string): string {
    writeFileSync(join(work, 'file.txt'), `${text}\n`);
    git(work, 'add', 'file.txt');
    git(work, 'commit', '-q', '-m', text);
    return git(work, 'rev-parse', 'HEAD');
  }
  const push = (more: Parameters<typeof pushHead>[1] = {}) => pushHead(work, { env, registry, killGraceMs: 100, ...more });
  /** Nothing git started for this run still runs: checked before the registry could kill it. */
  const nothingOfTheRunLeft = () => eventually(() => findMarkedProcesses({ run: registry.runId }).length === 0);

  /** Points origin at an ssh URL whose "ssh" records its pids, then hangs with a child and an escaped grandchild. */
  function hangingTransport(): string {
    const pids = join(tmp.dir, 'pids');
    const fakeSsh = join(tmp.dir, 'fake-ssh');
    writeFileSync(fakeSsh, `#!/bin/sh\necho "pid=$$" >> '${pids}'\nsleep 600 &\necho "pid=$!" >> '${pids}'\nsetsid sleep 600 &\necho "pid=$!" >> '${pids}'\nwait\n`);
    chmodSync(fakeSsh, 0o755);
    git(work, 'config', 'core.sshCommand', fakeSsh);
    git(work, 'config', 'ssh.variant', 'simple');
    git(work, 'remote', 'set-url', 'origin', 'ssh://git@prt.invalid/repo.git');
    return pids;
  }
  const recordedPids = (file: string): number[] =>
    existsSync(file) ? [...readFileSync(file, 'utf8').matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])) : [];

  it('pushes a branch without upstream to origin under its name, then to its upstream', async () => {
    await push();
    assert.equal(git(remote, 'rev-parse', 'feature'), git(work, 'rev-parse', 'HEAD'));
    assert.equal(git(work, 'rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{u}'), 'origin/feature');
    const second = commit('second');
    await push();
    assert.equal(git(remote, 'rev-parse', 'feature'), second);
  });

  it('refuses a detached HEAD before pushing anything', async () => {
    git(work, 'checkout', '-q', '--detach');
    await assert.rejects(push(), (e: unknown) => {
      assert.ok(isDetachedHeadError(e) && isUserFacingError(e));
      assert.equal((e as Error).message, 'cannot push: HEAD is detached; check out the pull request branch first');
      return true;
    });
    assert.equal(git(remote, 'for-each-ref'), '', 'the remote is untouched');
  });

  it("fails with git's own reason, in one line, when the remote refuses", async () => {
    await push();
    // Someone else pushed meanwhile: ours is no longer a fast-forward.
    const other = join(tmp.dir, 'other');
    git(tmp.dir, 'clone', '-q', '-b', 'feature', remote, other);
    writeFileSync(join(other, 'theirs.txt'), 'x\n');
    git(other, 'add', 'theirs.txt');
    git(other, '-c', 'user.name=O', '-c', 'user.email=o@example.com', 'commit', '-q', '-m', 'theirs');
    git(other, 'push', '-q');
    commit('ours');
    await assert.rejects(push(), (e: unknown) => {
      assert.ok(isGitError(e) && isUserFacingError(e) && !isPushTimeoutError(e));
      assert.equal((e as Error).message, oneLine(e));
      assert.match((e as Error).message, /^git push failed: ! \[rejected\] feature -> feature \(fetch first\)$/);
      return true;
    });
  });

  it('never prompts for credentials: no terminal, no askpass program', async () => {
    const asked = join(tmp.dir, 'asked');
    const askpass = join(tmp.dir, 'askpass');
    writeFileSync(askpass, `#!/bin/sh\ntouch '${asked}'\necho secret\n`);
    chmodSync(askpass, 0o755);
    git(work, 'config', 'core.askPass', askpass);
    const server = await listen401();
    try {
      git(work, 'remote', 'set-url', 'origin', `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo.git`);
      await assert.rejects(push({ env: { ...env, GIT_ASKPASS: askpass, SSH_ASKPASS: askpass } }), (e: unknown) => {
        assert.ok(isGitError(e), String(e));
        assert.match((e as Error).message, /^git push failed: fatal: could not read Username .*terminal prompts disabled/);
        return true;
      });
      assert.equal(existsSync(asked), false, 'no askpass program was run');
    } finally {
      server.close();
    }
  });

  it('kills a hung transport with its children at the timeout', async () => {
    const pids = hangingTransport();
    await assert.rejects(push({ timeoutMs: 500 }), (e: unknown) => {
      assert.ok(isPushTimeoutError(e) && isUserFacingError(e));
      assert.equal(e.timeoutMs, 500);
      assert.match(e.message, /^git push did not finish within 500ms and was stopped: .*--push-timeout$/);
      return true;
    });
    assert.ok(await nothingOfTheRunLeft(), 'git, the fake ssh, its child and its setsid grandchild are gone');
    assert.ok(await allGone(recordedPids(pids)));
  });

  it('a cancel mid-push is a CancellationError, never "push failed", and leaves nothing running', async () => {
    const pids = hangingTransport();
    const controller = new AbortController();
    const pushed = push({ signal: controller.signal });
    assert.ok(await eventually(() => recordedPids(pids).length === 3), 'the transport is up');
    controller.abort();
    await assert.rejects(pushed, (e: unknown) => isCancellationError(e) && !isUserFacingError(e));
    assert.ok(await nothingOfTheRunLeft());
    assert.ok(await allGone(recordedPids(pids)));
  });

  it('starts nothing when already cancelled or the registry is disposed', async () => {
    const pids = hangingTransport();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(push({ signal: controller.signal }), (e: unknown) => isCancellationError(e));
    registry.dispose();
    await assert.rejects(push(), (e: unknown) => isCancellationError(e));
    assert.deepEqual(recordedPids(pids), []);
  });
});

/** A smart-HTTP "remote" that wants a password for everything. */
function listen401(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="prt test"' });
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
