import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isUserFacingError } from '../../../../src/common/errors';
import { isPathOutsideRepoError, resolveInRepo } from '../../../../src/engine/fix/repoPath';

describe('resolveInRepo', () => {
  let base: string;
  let repo: string;
  let outside: string;

  beforeEach(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'prt-repopath-')));
    repo = path.join(base, 'repo');
    outside = path.join(base, 'outside');
    await mkdir(path.join(repo, 'src', 'deep'), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(repo, 'src', 'a.ts'), 'a\n');
    await writeFile(path.join(outside, 'secret.txt'), 'secret\n');
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  async function assertRefused(threadPath: string) {
    await assert.rejects(resolveInRepo(repo, threadPath), (e: unknown) => {
      assert.ok(isPathOutsideRepoError(e), `not a PathOutsideRepoError: ${String(e)}`);
      assert.ok(isUserFacingError(e));
      assert.equal(e.message, `thread path ${JSON.stringify(threadPath)} is outside the repository: refusing to touch it`);
      return true;
    });
  }

  it('returns the absolute path of files inside, existing or not', async () => {
    assert.equal(await resolveInRepo(repo, 'src/a.ts'), path.join(repo, 'src', 'a.ts'));
    assert.equal(await resolveInRepo(repo, 'src/new/dir/b.ts'), path.join(repo, 'src', 'new', 'dir', 'b.ts'));
    assert.equal(await resolveInRepo(repo, 'src/deep/../a.ts'), path.join(repo, 'src', 'a.ts'));
    assert.equal(await resolveInRepo(repo, './src//a.ts'), path.join(repo, 'src', 'a.ts'));
  });

  it('refuses absolute paths, .. escapes, NUL bytes and backslashes', async () => {
    for (const p of ['../x', '/etc/passwd', 'a/../../x', '..', 'src/../../outside/secret.txt', 'a\0b', '..\\x', 'src\\a.ts', 'C:/x', 'c:x']) {
      await assertRefused(p);
    }
  });

  it('refuses paths that name no file', async () => {
    for (const p of ['', '.', 'src/', 'src/..']) await assertRefused(p);
  });

  it('refuses a folder symlink that points outside', async () => {
    await symlink(outside, path.join(repo, 'link'));
    await assertRefused('link/secret.txt');
    await assertRefused('link/new.txt');
  });

  it('refuses a file symlink that points outside, even a dangling one', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(repo, 'src', 'secret.ts'));
    await assertRefused('src/secret.ts');
    await symlink('../../outside/not-yet.txt', path.join(repo, 'src', 'dangling.ts'));
    await assertRefused('src/dangling.ts');
  });

  it('refuses a symlink loop', async () => {
    await symlink('loop2', path.join(repo, 'loop1'));
    await symlink('loop1', path.join(repo, 'loop2'));
    await assertRefused('loop1/x');
  });

  it('follows symlinks that stay inside and returns the real path', async () => {
    await symlink('src', path.join(repo, 'alias'));
    await symlink('a.ts', path.join(repo, 'src', 'b.ts'));
    assert.equal(await resolveInRepo(repo, 'alias/a.ts'), path.join(repo, 'src', 'a.ts'));
    assert.equal(await resolveInRepo(repo, 'src/b.ts'), path.join(repo, 'src', 'a.ts'));
    // A link whose target leaves and comes back is judged by where it lands.
    await symlink(path.join('..', '..', '..', 'repo', 'src'), path.join(repo, 'src', 'deep', 'back'));
    assert.equal(await resolveInRepo(repo, 'src/deep/back/a.ts'), path.join(repo, 'src', 'a.ts'));
  });

  it('accepts a repository root reached through a symlink', async () => {
    const viaLink = path.join(base, 'repo-link');
    await symlink(repo, viaLink);
    assert.equal(await resolveInRepo(viaLink, 'src/a.ts'), path.join(repo, 'src', 'a.ts'));
    await assert.rejects(resolveInRepo(viaLink, '../outside/secret.txt'), isPathOutsideRepoError);
  });

  it('escapes control characters of a hostile path in its message', async () => {
    await assert.rejects(resolveInRepo(repo, '../x\n$(rm -rf /)'), (e: Error) => {
      assert.ok(!e.message.includes('\n'));
      assert.ok(e.message.includes('"../x\\n$(rm -rf /)"'));
      return true;
    });
  });

  describe('the git directory', () => {
    async function assertGitDir(threadPath: string) {
      await assert.rejects(resolveInRepo(repo, threadPath), (e: unknown) => {
        assert.ok(isPathOutsideRepoError(e), `not a PathOutsideRepoError: ${String(e)}`);
        assert.equal(e.into, 'gitDir');
        assert.equal(e.message, `thread path ${JSON.stringify(threadPath)} leads into the git directory: refusing to touch it`);
        return true;
      });
    }

    beforeEach(async () => {
      await mkdir(path.join(repo, '.git', 'hooks'), { recursive: true });
      await writeFile(path.join(repo, '.git', 'config'), '[core]\n');
    });

    it('refuses .git and its files in any case, and the names other filesystems read as .git', async () => {
      for (const p of ['.git/config', '.GIT/config', '.Git/hooks/pre-commit', 'src/../.git/config', './.git/hooks/x', '.git', 'sub/.git/config', '.git./config', '.git /config', 'git~1/config', '.g\u200cit/config']) {
        await assertGitDir(p);
      }
    });

    it('refuses a symlink in the repository that leads into .git (a folder link and a file link)', async () => {
      await symlink('.git/hooks', path.join(repo, 'hooks'));
      await assertGitDir('hooks/pre-commit');
      await symlink(path.join(repo, '.git', 'config'), path.join(repo, 'src', 'settings.ini'));
      await assertGitDir('src/settings.ini');
    });

    it('still accepts names that only look alike', async () => {
      for (const p of ['.github/workflows/ci.yml', '.gitignore', 'src/.gitkeep', 'docs/git/x.md']) assert.ok(await resolveInRepo(repo, p));
    });
  });
});
