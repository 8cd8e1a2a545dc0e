import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A sandbox for tests against real git: a private HOME and XDG_CACHE_HOME (the real cache
 * is never touched), no global or system git configuration, and no variable that could
 * point git at another repository.
 */
export interface Sandbox {
  readonly dir: string;
  readonly home: string;
  readonly cache: string;
  /** The environment for the code under test: no git identity in it. */
  readonly env: Record<string, string>;
  /** Runs git in `cwd` (with a test identity, for the fixtures' own commits); stdout without trailing white space. */
  git(cwd: string, ...args: string[]): string;
  /** A new repository with `files` committed (`main`); returns its path. */
  repo(name: string, files?: Record<string, string | Buffer>): string;
  /** Writes files (folders made), stages everything and commits (no hooks); returns the commit. */
  commit(repo: string, message: string, files: Record<string, string | Buffer>): string;
  remove(): void;
}

/** A binary file: NUL bytes and every byte value, so no text conversion can pass it through unharmed. */
export const BINARY = Buffer.from([0, 1, 2, 255, 254, 0, 10, 13, ...Array.from({ length: 256 }, (_, i) => i)]);

const LOCATING = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES'];

export function sandbox(): Sandbox {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'prt-git-')));
  const home = join(dir, 'home');
  const cache = join(dir, 'cache');
  mkdirSync(home);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !LOCATING.includes(k) && !/^GIT_(AUTHOR|COMMITTER)_/.test(k)) env[k] = v;
  }
  Object.assign(env, { HOME: home, XDG_CACHE_HOME: cache, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
  const testIdentity = {
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, { cwd, env: { ...env, ...testIdentity }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trimEnd();
  const commit = (repo: string, message: string, files: Record<string, string | Buffer>): string => {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(repo, name)), { recursive: true });
      writeFileSync(join(repo, name), content);
    }
    git(repo, 'add', '-A');
    // The fixture's own commits: the hooks a test installs are for the code under test.
    git(repo, '-c', 'core.hooksPath=/dev/null', 'commit', '-q', '--allow-empty', '-m', message);
    return git(repo, 'rev-parse', 'HEAD');
  };
  const repo = (name: string, files: Record<string, string | Buffer> = { 'README.md': 'hello\n' }): string => {
    const root = join(dir, name);
    git(dir, 'init', '-q', '-b', 'main', root);
    commit(root, 'first', files);
    return root;
  };
  return { dir, home, cache, env, git, repo, commit, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Installs an executable hook script in a repository. */
export function writeHook(repo: string, name: string, script: string): void {
  mkdirSync(join(repo, '.git', 'hooks'), { recursive: true });
  writeFileSync(join(repo, '.git', 'hooks', name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
}
