import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitWorktrees } from '../../../src/git/worktrees';
import { BINARY, sandbox, type Sandbox } from './gitFixture';

describe('GitWorktrees: patches, diffs and files', function () {
  let sb: Sandbox;
  let repo: string;
  let base: string;
  let wt: GitWorktrees;
  beforeEach(() => {
    sb = sandbox();
    repo = sb.repo('project', { '.gitignore': 'node_modules/\n*.log\n', 'a.txt': 'one\ntwo\nthree\n', 'src/b.txt': 'bee\n' });
    // Nothing in the repository's configuration may be needed for scratch commits: no
    // identity, and git told not to guess one.
    sb.git(repo, 'config', 'user.useConfigOnly', 'true');
    base = sb.git(repo, 'rev-parse', 'HEAD');
    wt = new GitWorktrees(repo, { env: sb.env });
  });
  afterEach(() => sb.remove());

  it("savePatch saves what a failed job left, untracked and binary files included, and it applies on the slot's commit", async () => {
    // Configuration that would spoil a patch made naively.
    for (const [k, v] of [['color.ui', 'always'], ['diff.noprefix', 'true'], ['diff.mnemonicPrefix', 'true'], ['diff.external', '/bin/false'], ['diff.suppressBlankEmpty', 'true']]) {
      sb.git(repo, 'config', k, v);
    }
    const { slot } = await wt.prepareSlot(1, base);
    const patches = await wt.patchFolder('run-1');
    const none = join(patches, 'none.patch');
    assert.equal(await wt.savePatch(slot, none), false);
    assert.equal(existsSync(none), false);

    writeFileSync(join(slot.path, 'a.txt'), 'one\n\ntwo changed\nthree\n');
    writeFileSync(join(slot.path, 'fresh.txt'), 'brand new\n');
    writeFileSync(join(slot.path, 'blob.bin'), BINARY);
    rmSync(join(slot.path, 'src', 'b.txt'));
    writeFileSync(join(slot.path, 'ignored.log'), 'no\n');
    const file = join(patches, 'thread.patch');
    assert.equal(await wt.savePatch(slot, file), true);
    const text = readFileSync(file, 'latin1');
    assert.ok(!text.includes('\x1b['), 'no colour codes');
    assert.match(text, /^diff --git a\/fresh\.txt b\/fresh\.txt$/m);
    assert.ok(!text.includes('ignored.log'));
    assert.deepEqual(readdirSync(patches), ['thread.patch'], 'no temporary file left');

    const check = join(sb.dir, 'check');
    sb.git(sb.dir, 'clone', '-q', repo, check);
    sb.git(check, 'checkout', '-q', '--detach', base);
    sb.git(check, 'apply', '--index', file);
    assert.equal(readFileSync(join(check, 'a.txt'), 'utf8'), 'one\n\ntwo changed\nthree\n');
    assert.equal(readFileSync(join(check, 'fresh.txt'), 'utf8'), 'brand new\n');
    assert.deepEqual(readFileSync(join(check, 'blob.bin')), BINARY);
    assert.equal(existsSync(join(check, 'src', 'b.txt')), false);
  });

  it('saveCommitPatch writes a patch that git am applies, binary included', async () => {
    const { slot } = await wt.prepareSlot(1, base);
    writeFileSync(join(slot.path, 'blob.bin'), BINARY);
    writeFileSync(join(slot.path, 'a.txt'), 'changed\n');
    const made = await wt.commitSlot(slot, 'Address review: a.txt:1');
    const file = join(await wt.patchFolder('run-2'), 'fix.patch');
    await wt.saveCommitPatch(made!.commit, file);
    const check = join(sb.dir, 'check');
    sb.git(sb.dir, 'clone', '-q', repo, check);
    sb.git(check, 'am', '-q', file);
    assert.equal(sb.git(check, 'rev-parse', 'HEAD^{tree}'), sb.git(repo, 'rev-parse', `${made!.commit}^{tree}`));
    assert.equal(sb.git(check, 'log', '-1', '--format=%s'), 'Address review: a.txt:1');
  });

  it('diffText is git diff --stat --patch of a commit against a base, coloured only when asked', async () => {
    const { slot } = await wt.prepareSlot(1, base);
    writeFileSync(join(slot.path, 'a.txt'), 'one\nTWO\nthree\n');
    const made = await wt.commitSlot(slot, 'fix');
    const plain = await wt.diffText(base, made!.commit);
    assert.match(plain, /^ a\.txt \| 2 \+-\n 1 file changed, 1 insertion\(\+\), 1 deletion\(-\)\n/);
    assert.match(plain, /^-two\n\+TWO$/m);
    assert.ok(!plain.includes('\x1b['));
    assert.ok((await wt.diffText(base, made!.commit, { color: true })).includes('\x1b['));
  });

  it('fileAt reads a file at a commit as bytes, undefined when no file is there', async () => {
    const { slot } = await wt.prepareSlot(1, base);
    writeFileSync(join(slot.path, 'src', 'blob.bin'), BINARY);
    writeFileSync(join(slot.path, 'src', 'star*.txt'), 'literal\n');
    const made = await wt.commitSlot(slot, 'binary');
    assert.deepEqual(await wt.fileAt(made!.commit, 'src/blob.bin'), BINARY);
    assert.equal((await wt.fileAt(made!.commit, 'a.txt'))?.toString(), 'one\ntwo\nthree\n');
    assert.equal((await wt.fileAt(made!.commit, 'src/star*.txt'))?.toString(), 'literal\n');
    assert.equal(await wt.fileAt(base, 'src/blob.bin'), undefined, 'not there yet');
    assert.equal(await wt.fileAt(base, 'src'), undefined, 'a folder');
    assert.equal(await wt.fileAt(base, 'src/*.txt'), undefined, 'no glob');
    assert.equal(await wt.fileAt(base, ''), undefined);
    await assert.rejects(wt.fileAt('0'.repeat(40), 'a.txt'), /ls-tree/);
  });

  it('patchFolder is <git common dir>/prt/patches/<run id>, private to the user', async () => {
    const dir = await wt.patchFolder('2024-01-01T00-00-00-abc');
    assert.equal(dir, join(realpathSync(join(repo, '.git')), 'prt', 'patches', '2024-01-01T00-00-00-abc'));
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    await assert.rejects(wt.patchFolder('../escape'), /not a run id/);
  });
});
