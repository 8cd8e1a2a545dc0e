import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isUserFacingError } from '../../../src/common/errors';
import { parseWorktreeList } from '../../../src/git/scratchRepo';
import { GitWorktrees } from '../../../src/git/worktrees';
import { BINARY, sandbox, writeHook, type Sandbox } from './gitFixture';

describe('GitWorktrees: slots', function () {
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

  const expectedFolder = () => {
    const common = realpathSync(join(repo, '.git'));
    const id = `project-${createHash('sha256').update(common).digest('hex').slice(0, 12)}`;
    return join(sb.cache, 'pr-thread-runner', 'worktrees', id);
  };
  const listed = () => sb.git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice(9));
  const status = (tree: string) => sb.git(tree, 'status', '--porcelain', '--untracked-files=all');

  it('creates a slot in the cache folder, then reuses it: nothing is made again and ignored files survive', async () => {
    const first = await wt.prepareSlot(1, base);
    assert.equal(first.created, true);
    assert.deepEqual(first.slot, { index: 1, path: join(expectedFolder(), 'slot-1') });
    assert.ok(listed().includes(first.slot.path));
    assert.equal(readFileSync(join(first.slot.path, 'a.txt'), 'utf8'), 'one\ntwo\nthree\n');
    assert.equal(sb.git(first.slot.path, 'rev-parse', 'HEAD'), base);
    assert.equal(sb.git(first.slot.path, 'rev-parse', '--abbrev-ref', 'HEAD'), 'HEAD', 'detached');
    // What a setup command would install.
    mkdirSync(join(first.slot.path, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(first.slot.path, 'node_modules', 'dep', 'marker'), 'installed\n');
    const inode = statSync(first.slot.path).ino;

    const again = await wt.prepareSlot(1, base);
    assert.equal(again.created, false);
    assert.deepEqual(again.slot, first.slot);
    assert.equal(statSync(again.slot.path).ino, inode, 'the same folder');
    assert.equal(readFileSync(join(again.slot.path, 'node_modules', 'dep', 'marker'), 'utf8'), 'installed\n');
  });

  it('a reused slot is reset: tracked files restored, untracked removed, ignored kept, HEAD at the new commit', async () => {
    const { slot } = await wt.prepareSlot(2, base);
    writeFileSync(join(slot.path, 'a.txt'), 'scribbled\n');
    rmSync(join(slot.path, 'src', 'b.txt'));
    writeFileSync(join(slot.path, 'untracked.txt'), 'x\n');
    mkdirSync(join(slot.path, 'newdir', 'deep'), { recursive: true });
    writeFileSync(join(slot.path, 'newdir', 'deep', 'f.txt'), 'x\n');
    // A nested repository a job made: `clean -fd` alone would leave it.
    sb.git(slot.path, 'init', '-q', 'nested');
    writeFileSync(join(slot.path, 'build.log'), 'ignored\n');
    mkdirSync(join(slot.path, 'node_modules'));
    writeFileSync(join(slot.path, 'node_modules', 'm'), 'ignored\n');
    const next = sb.commit(repo, 'second', { 'a.txt': 'one\n2\nthree\n', 'c.txt': 'sea\n' });

    await wt.resetSlot(slot, next);
    assert.equal(sb.git(slot.path, 'rev-parse', 'HEAD'), next);
    assert.equal(readFileSync(join(slot.path, 'a.txt'), 'utf8'), 'one\n2\nthree\n');
    assert.equal(readFileSync(join(slot.path, 'src', 'b.txt'), 'utf8'), 'bee\n');
    assert.equal(readFileSync(join(slot.path, 'c.txt'), 'utf8'), 'sea\n');
    for (const gone of ['untracked.txt', 'newdir', 'nested']) assert.equal(existsSync(join(slot.path, gone)), false, gone);
    assert.ok(existsSync(join(slot.path, 'build.log')));
    assert.ok(existsSync(join(slot.path, 'node_modules', 'm')));
    assert.equal(status(slot.path), '');

    // prepareSlot on a listed slot resets the same way.
    writeFileSync(join(slot.path, 'untracked.txt'), 'x\n');
    const again = await wt.prepareSlot(2, base);
    assert.equal(again.created, false);
    assert.equal(sb.git(slot.path, 'rev-parse', 'HEAD'), base);
    assert.equal(existsSync(join(slot.path, 'untracked.txt')), false);
    assert.equal(existsSync(join(slot.path, 'c.txt')), false);
    assert.ok(existsSync(join(slot.path, 'node_modules', 'm')));
  });

  it('commitSlot with no change (or only ignored files changed) commits nothing', async () => {
    const { slot } = await wt.prepareSlot(1, base);
    assert.equal(await wt.commitSlot(slot, 'nothing'), undefined);
    writeFileSync(join(slot.path, 'debug.log'), 'ignored\n');
    assert.equal(await wt.commitSlot(slot, 'nothing'), undefined);
    assert.equal(sb.git(slot.path, 'rev-parse', 'HEAD'), base);
  });

  it('commitSlot makes one scratch commit and counts files and lines, a binary and a new file included', async () => {
    // None of the user's commit machinery may run or be needed: hooks that fail, signing
    // that would fail, no identity.
    const ran = join(sb.dir, 'hook-ran');
    for (const hook of ['pre-commit', 'commit-msg', 'prepare-commit-msg', 'post-commit', 'post-checkout']) {
      writeHook(repo, hook, `echo ${hook} >> '${ran}'\nexit 1`);
    }
    sb.git(repo, 'config', 'commit.gpgsign', 'true');
    sb.git(repo, 'config', 'gpg.program', '/bin/false');
    const { slot } = await wt.prepareSlot(1, base);
    writeFileSync(join(slot.path, 'a.txt'), 'one\nTWO\nthree\nfour\n'); // +2 -1
    writeFileSync(join(slot.path, 'new.txt'), 'n1\nn2\nn3\n'); // +3, untracked
    writeFileSync(join(slot.path, 'image.bin'), BINARY); // binary: a file, no lines
    writeFileSync(join(slot.path, 'x.log'), 'ignored\n');
    const message = 'Address review: a.txt:2\n\n# not a comment: kept\n$(touch pwned) `id`\n';

    const made = await wt.commitSlot(slot, message);
    assert.ok(made);
    assert.deepEqual(made.changes, { files: 3, insertions: 5, deletions: 1 });
    assert.equal(sb.git(slot.path, 'rev-parse', 'HEAD'), made.commit);
    assert.equal(sb.git(slot.path, 'rev-parse', `${made.commit}^`), base);
    assert.equal(sb.git(repo, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', made.commit), 'PR Thread Runner <pr-thread-runner@localhost>|PR Thread Runner <pr-thread-runner@localhost>');
    assert.equal(sb.git(repo, 'log', '-1', '--format=%B', made.commit), message.trim());
    assert.equal(sb.git(repo, 'log', '-1', '--format=%G?', made.commit), 'N', 'unsigned');
    assert.deepEqual((await wt.changedFiles(made.commit)).sort(), ['a.txt', 'image.bin', 'new.txt']);
    assert.equal(existsSync(ran), false, 'no hook ran');
    assert.equal(existsSync(join(slot.path, 'pwned')), false);
    assert.equal(status(slot.path), '', 'everything is committed; the ignored file stays out');
  });

  it("a job that committed on its own still yields one commit on the slot's base", async () => {
    const { slot } = await wt.prepareSlot(1, base);
    writeFileSync(join(slot.path, 'a.txt'), 'job commit\n');
    sb.git(slot.path, 'commit', '-qam', 'the job committed');
    writeFileSync(join(slot.path, 'later.txt'), 'uncommitted\n');
    const made = await wt.commitSlot(slot, 'fix');
    assert.ok(made);
    assert.equal(sb.git(repo, 'rev-parse', `${made.commit}^`), base);
    assert.deepEqual((await wt.changedFiles(made.commit)).sort(), ['a.txt', 'later.txt']);
    // The lane goes on from there: the next commit in the slot sits on this one.
    writeFileSync(join(slot.path, 'more.txt'), 'm\n');
    const next = await wt.commitSlot(slot, 'next');
    assert.equal(sb.git(repo, 'rev-parse', `${next!.commit}^`), made.commit);
  });

  it('slots live outside the repository and outside any .git, and a cache folder inside the repository is refused', async () => {
    const { slot } = await wt.prepareSlot(3, base);
    const common = realpathSync(join(repo, '.git'));
    for (const dir of [repo, common]) assert.ok(relative(dir, slot.path).startsWith('..'), `${slot.path} is outside ${dir}`);
    assert.ok(!slot.path.split('/').some((p) => p.toLowerCase() === '.git'));
    assert.equal(sb.git(repo, 'status', '--porcelain', '--untracked-files=all'), '', "the user's tree sees nothing");

    const inside = new GitWorktrees(repo, { env: { ...sb.env, XDG_CACHE_HOME: join(repo, '.cache') } });
    await assert.rejects(inside.prepareSlot(1, base), (e: unknown) => isUserFacingError(e) && /inside .*XDG_CACHE_HOME/.test((e as Error).message));
    const inGit = new GitWorktrees(repo, { cacheDir: join(sb.dir, 'x', '.git', 'cache'), env: sb.env });
    await assert.rejects(inGit.prepareSlot(1, base), (e: unknown) => isUserFacingError(e) && /\.git/.test((e as Error).message));
    assert.equal(existsSync(join(repo, '.cache')), false, 'nothing was made there');
  });

  it('a relative XDG_CACHE_HOME is ignored for $HOME/.cache, as the XDG spec says', async () => {
    const w = new GitWorktrees(repo, { env: { ...sb.env, XDG_CACHE_HOME: 'relative/cache' } });
    const { slot } = await w.prepareSlot(1, base);
    assert.ok(slot.path.startsWith(join(sb.home, '.cache', 'pr-thread-runner', 'worktrees') + '/'), slot.path);
  });

  it('a slot folder git no longer lists (metadata pruned, repository cloned again) is made again', async () => {
    const { slot } = await wt.prepareSlot(1, base);
    writeFileSync(join(slot.path, 'node_modules-stale-marker'), 'x\n');
    // What a fresh clone or a pruned worktree list looks like: git knows nothing of the folder.
    rmSync(join(repo, '.git', 'worktrees'), { recursive: true, force: true });
    assert.ok(!listed().includes(slot.path));
    const again = await wt.prepareSlot(1, base);
    assert.equal(again.created, true);
    assert.ok(listed().includes(slot.path));
    assert.equal(existsSync(join(slot.path, 'node_modules-stale-marker')), false);
    assert.equal(status(slot.path), '');

    // A folder that was never a worktree at all.
    const other = join(expectedFolder(), 'slot-4');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'junk'), 'x\n');
    const fresh = await wt.prepareSlot(4, base);
    assert.equal(fresh.created, true);
    assert.equal(existsSync(join(other, 'junk')), false);
    assert.equal(readFileSync(join(other, 'a.txt'), 'utf8'), 'one\ntwo\nthree\n');
  });

  it('a slot whose .git file a job deleted is made again, and git there never reaches a repository further up', async () => {
    // The worst case: the whole cache lives inside another repository (a dotfiles home).
    sb.git(sb.dir, 'init', '-q', sb.cache);
    const { slot } = await wt.prepareSlot(1, base);
    rmSync(join(slot.path, '.git'));
    await assert.rejects(wt.resetSlot(slot, base), /not a git repository/);
    const again = await wt.prepareSlot(1, base);
    assert.equal(again.created, true);
    assert.equal(sb.git(slot.path, 'rev-parse', 'HEAD'), base);
    assert.equal(sb.git(sb.cache, 'rev-list', '--all').length, 0, 'the outer repository is untouched');
  });

  it('a stale index.lock left by a killed git does not stop the reset', async () => {
    const { slot } = await wt.prepareSlot(1, base);
    const gitDir = sb.git(slot.path, 'rev-parse', '--absolute-git-dir');
    writeFileSync(join(gitDir, 'index.lock'), '');
    writeFileSync(join(slot.path, 'a.txt'), 'dirty\n');
    await wt.resetSlot(slot, base);
    assert.equal(readFileSync(join(slot.path, 'a.txt'), 'utf8'), 'one\ntwo\nthree\n');
  });

  it("never resets a folder that is not one of this repository's slots", async () => {
    writeFileSync(join(repo, 'mine.txt'), 'user work\n');
    await assert.rejects(wt.resetSlot({ index: 1, path: repo }, base), /not a slot of this repository/);
    await assert.rejects(wt.commitSlot({ index: 1, path: repo }, 'm'), /not a slot of this repository/);
    await assert.rejects(wt.savePatch({ index: 1, path: repo }, join(sb.dir, 'p')), /not a slot of this repository/);
    assert.equal(readFileSync(join(repo, 'mine.txt'), 'utf8'), 'user work\n');
  });

  it('clean removes every slot, the integration tree and every saved patch of the repository, and nothing else', async () => {
    writeFileSync(join(repo, 'untracked-user-file.txt'), 'mine\n');
    const userTree = join(sb.dir, 'user-worktree');
    sb.git(repo, 'worktree', 'add', '-q', '--detach', userTree, base);
    const otherRepo = sb.repo('other');
    const otherWt = new GitWorktrees(otherRepo, { env: sb.env });
    const { slot: otherSlot } = await otherWt.prepareSlot(1, sb.git(otherRepo, 'rev-parse', 'HEAD'));

    await wt.prepareSlot(1, base);
    await wt.prepareSlot(2, base);
    await (await wt.openIntegration(base)).close();
    mkdirSync(join(expectedFolder(), 'slot-9')); // stale: git does not list it
    const p1 = await wt.patchFolder('run-a');
    const p2 = await wt.patchFolder('run-b');
    writeFileSync(join(p1, 'x.patch'), 'x');
    writeFileSync(join(p1, 'y.patch'), 'y');
    writeFileSync(join(p2, 'z.patch'), 'z');
    const lock = join(repo, '.git', 'prt', 'run.lock');
    writeFileSync(lock, '{}');

    assert.deepEqual(await wt.clean(), { worktrees: 4, patches: 3 });
    assert.equal(existsSync(expectedFolder()), false);
    assert.equal(existsSync(join(repo, '.git', 'prt', 'patches')), false);
    assert.ok(existsSync(lock), 'the run lock is not a patch');
    assert.deepEqual(listed().sort(), [repo, userTree].sort());
    assert.equal(readFileSync(join(repo, 'untracked-user-file.txt'), 'utf8'), 'mine\n');
    assert.ok(existsSync(join(userTree, 'a.txt')));
    assert.ok(existsSync(join(otherSlot.path, 'README.md')), "another repository's slot is kept");
    assert.deepEqual(await wt.clean(), { worktrees: 0, patches: 0 }, 'a second clean finds nothing');
    assert.equal((await wt.prepareSlot(1, base)).created, true, 'slots can be made again');
  });

  it('slots asked for at once are all made, each once', async () => {
    const made = await Promise.all([1, 2, 3, 4].map((i) => wt.prepareSlot(i, base)));
    assert.deepEqual(made.map((m) => m.created), [true, true, true, true]);
    for (const { slot } of made) assert.ok(listed().includes(slot.path), slot.path);
    const again = await Promise.all([1, 2, 3, 4].map((i) => wt.prepareSlot(i, base)));
    assert.deepEqual(again.map((m) => m.created), [false, false, false, false]);
  });

  it('a slot in a folder with a space, a quote, a backslash and non-ASCII in its name is still found and reused', async () => {
    const odd = new GitWorktrees(repo, { env: { ...sb.env, XDG_CACHE_HOME: join(sb.dir, 'my "cache" \\ é') } });
    assert.equal((await odd.prepareSlot(1, base)).created, true);
    assert.equal((await odd.prepareSlot(1, base)).created, false);
    assert.equal((await odd.clean()).worktrees, 1);
  });

  it('a listed slot git cannot reset (its index damaged) is made again', async () => {
    const { slot } = await wt.prepareSlot(1, base);
    writeFileSync(join(sb.git(slot.path, 'rev-parse', '--absolute-git-dir'), 'index'), 'not an index');
    await assert.rejects(wt.resetSlot(slot, base), /index/);
    const again = await wt.prepareSlot(1, base);
    assert.equal(again.created, true);
    assert.equal(status(slot.path), '');
  });

  it('the repository id names the main work tree from a linked worktree too', async () => {
    const linked = join(sb.dir, 'linked');
    sb.git(repo, 'worktree', 'add', '-q', '--detach', linked, base);
    const fromLinked = new GitWorktrees(linked, { env: sb.env });
    assert.equal(await fromLinked.worktreeFolder(), expectedFolder());
    assert.equal(basename(await wt.worktreeFolder()), basename(expectedFolder()));
  });
});

describe('git worktree list --porcelain parsing', function () {
  it('reads entries, bare, prunable and locked marks, and paths as git prints them (never quoted)', () => {
    const out = [
      'worktree /repo', 'HEAD 1111111111111111111111111111111111111111', 'branch refs/heads/main', '',
      'worktree /cache/my "cache" \\ é', 'HEAD 2222222222222222222222222222222222222222', 'detached', '',
      'worktree /gone', 'HEAD 3333333333333333333333333333333333333333', 'detached', 'prunable gitdir file points to non-existent location', '',
      'worktree /bare.git', 'bare', '',
      'worktree /half', 'HEAD 4444444444444444444444444444444444444444', 'detached', 'locked initializing', '',
      'worktree /kept', 'HEAD 5555555555555555555555555555555555555555', 'detached', 'locked', '',
    ].join('\n');
    assert.deepEqual(parseWorktreeList(out), [
      { path: '/repo', bare: false, prunable: false, locked: false },
      { path: '/cache/my "cache" \\ é', bare: false, prunable: false, locked: false },
      { path: '/gone', bare: false, prunable: true, locked: false },
      { path: '/bare.git', bare: true, prunable: false, locked: false },
      { path: '/half', bare: false, prunable: false, locked: true },
      { path: '/kept', bare: false, prunable: false, locked: true },
    ]);
  });
});
