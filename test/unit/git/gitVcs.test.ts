import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUserFacingError, oneLine } from '../../../src/common/errors';
import { isGitError } from '../../../src/git/git';
import { GitVcs } from '../../../src/git/gitVcs';
import { sandbox, writeHook, type Sandbox } from './gitFixture';

describe('GitVcs: the tree moves of integration and the user\'s commits', function () {
  let sb: Sandbox;
  let repo: string;
  let base: string;
  let fixed: string;
  let vcs: GitVcs;
  beforeEach(() => {
    sb = sandbox();
    repo = sb.repo('project', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    sb.git(repo, 'config', 'user.name', 'The User');
    sb.git(repo, 'config', 'user.email', 'user@example.com');
    base = sb.git(repo, 'rev-parse', 'HEAD');
    // The integrated fixes: a commit on base, as the integration tree makes it, with the user's tree left at base.
    fixed = sb.commit(repo, 'scratch', { 'a.txt': 'a fixed\n', 'new.txt': 'new\n' });
    sb.git(repo, 'reset', '-q', '--hard', base);
    vcs = new GitVcs(repo, { env: sb.env });
  });
  afterEach(() => sb.remove());

  const status = () => sb.git(repo, 'status', '--porcelain', '--untracked-files=all');

  it('headCommit is the commit HEAD names', async () => {
    assert.equal(await vcs.headCommit(), base);
    const empty = join(sb.dir, 'empty');
    sb.git(sb.dir, 'init', '-q', empty);
    await assert.rejects(new GitVcs(empty, { env: sb.env }).headCommit(), (e: unknown) => isGitError(e) && /no commit yet/.test(e.message));
  });

  it("checkoutTree puts the fixes' tree into the clean work tree and index, HEAD unchanged", async () => {
    await vcs.checkoutTree(base, fixed);
    assert.equal(await vcs.headCommit(), base);
    assert.equal(readFileSync(join(repo, 'a.txt'), 'utf8'), 'a fixed\n');
    assert.equal(readFileSync(join(repo, 'new.txt'), 'utf8'), 'new\n');
    assert.equal(sb.git(repo, 'write-tree'), sb.git(repo, 'rev-parse', `${fixed}^{tree}`));
    assert.equal(status(), 'M  a.txt\nA  new.txt');
  });

  it('checkoutTree refuses when an untracked file is in the way, in one clear line, and changes nothing', async () => {
    writeFileSync(join(repo, 'new.txt'), 'the user\'s own\n');
    await assert.rejects(vcs.checkoutTree(base, fixed), (e: unknown) => {
      assert.ok(isGitError(e) && isUserFacingError(e));
      assert.equal(e.message, oneLine(e));
      assert.equal(
        e.message,
        "cannot put the fixes into the work tree: Untracked working tree file 'new.txt' would be overwritten by merge. Move, commit or stash what is in the way, then run again.",
      );
      return true;
    });
    assert.equal(readFileSync(join(repo, 'new.txt'), 'utf8'), 'the user\'s own\n');
    assert.equal(readFileSync(join(repo, 'a.txt'), 'utf8'), 'a\n');
    assert.equal(status(), '?? new.txt');
  });

  it("commitTree commits exactly the commit's tree onto HEAD, running the pre-commit hook with the user's identity", async () => {
    const ran = join(sb.dir, 'pre-commit-ran');
    writeHook(repo, 'pre-commit', `echo ran > '${ran}'`);
    await vcs.checkoutTree(base, fixed);
    writeFileSync(join(repo, 'b.txt'), 'an unstaged edit stays out\n');
    const message = 'Address review: a.txt:1\n\nReview-Thread: https://example.com/t/1\n';
    const sha = await vcs.commitTree(fixed, message);
    assert.ok(existsSync(ran), 'the hook ran');
    assert.equal(sha, await vcs.headCommit());
    assert.equal(sb.git(repo, 'rev-parse', `${sha}^`), base);
    assert.equal(sb.git(repo, 'rev-parse', `${sha}^{tree}`), sb.git(repo, 'rev-parse', `${fixed}^{tree}`));
    assert.equal(sb.git(repo, 'log', '-1', '--format=%an <%ae>', sha), 'The User <user@example.com>');
    assert.equal(sb.git(repo, 'log', '-1', '--format=%B', sha), message.trim());
    assert.equal(readFileSync(join(repo, 'b.txt'), 'utf8'), 'an unstaged edit stays out\n', 'the work tree is not touched');
    assert.equal(status(), ' M b.txt');
  });

  it("a failing pre-commit hook is a UserFacingError with the hook's words; HEAD and the index stay as they were", async () => {
    writeHook(repo, 'pre-commit', 'echo "lint: a.txt breaks the style rules" >&2\necho "second line" >&2\nexit 1');
    await vcs.checkoutTree(base, fixed);
    const indexBefore = sb.git(repo, 'write-tree');
    await assert.rejects(vcs.commitTree(fixed, 'msg'), (e: unknown) => {
      assert.ok(isGitError(e) && isUserFacingError(e));
      assert.match(e.message, /^git commit failed in .*: lint: a\.txt breaks the style rules$/);
      return true;
    });
    assert.equal(await vcs.headCommit(), base);
    assert.equal(sb.git(repo, 'write-tree'), indexBefore);
    assert.equal(readFileSync(join(repo, 'a.txt'), 'utf8'), 'a fixed\n', 'the fixes stay in the work tree');
  });

  it('commitTree one commit per thread: each commit holds exactly its own tree', async () => {
    // The integration tip after a second fix, on top of the first.
    sb.git(repo, 'checkout', '-q', '--detach', fixed);
    const third = sb.commit(repo, 'scratch 2', { 'b.txt': 'b fixed\n' });
    sb.git(repo, 'checkout', '-q', 'main');
    await vcs.checkoutTree(base, third);
    const c1 = await vcs.commitTree(fixed, 'thread 1');
    const c2 = await vcs.commitTree(third, 'thread 2');
    assert.equal(sb.git(repo, 'rev-parse', `${c2}^`), c1);
    assert.deepEqual(sb.git(repo, 'diff', '--name-only', c1, c2), 'b.txt');
    assert.equal(status(), '');
  });

  it('resetTo moves HEAD and the index, the work tree left as it is', async () => {
    await vcs.checkoutTree(base, fixed);
    const sha = await vcs.commitTree(fixed, 'fixes');
    await vcs.resetTo(base);
    assert.equal(await vcs.headCommit(), base);
    assert.equal(sb.git(repo, 'write-tree'), sb.git(repo, 'rev-parse', `${base}^{tree}`));
    assert.equal(readFileSync(join(repo, 'a.txt'), 'utf8'), 'a fixed\n');
    assert.equal(status(), ' M a.txt\n?? new.txt');
    assert.notEqual(sha, base);
  });
});
