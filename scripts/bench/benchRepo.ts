// Temporary git repositories for the isolation figures, each in a sandbox of its own with a
// private HOME and cache folder: prt's worktrees go to `$XDG_CACHE_HOME/pr-thread-runner`,
// which must never be the user's real cache, and the user's git configuration never applies.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BenchError } from './benchError';

/** A temporary folder holding the bench's repositories, its HOME and its cache folder. */
export interface BenchSandbox {
  readonly dir: string;
  /** This process's environment with HOME, XDG_CACHE_HOME and XDG_CONFIG_HOME in the sandbox. */
  readonly env: NodeJS.ProcessEnv;
  /** The cache folder prt's worktrees go in (`$XDG_CACHE_HOME`). */
  readonly cache: string;
  remove(): Promise<void>;
}

/**
 * Variables that would point git at another repository or index, or carry a token, whatever
 * the working folder: none of them reaches the bench's git.
 */
const DROPPED = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES', 'GIT_PREFIX', 'GIT_CONFIG', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'];

/** `base` with the sandbox's HOME, cache and config folders, and no system git configuration. */
export function sandboxEnv(base: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of DROPPED) delete env[name];
  return {
    ...env,
    HOME: path.join(dir, 'home'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
}

export async function benchSandbox(name: string): Promise<BenchSandbox> {
  const dir = await mkdtemp(path.join(tmpdir(), `prt-bench-${name}-`));
  const env = sandboxEnv(process.env, dir);
  await Promise.all([env.HOME!, env.XDG_CACHE_HOME!, env.XDG_CONFIG_HOME!].map((d) => mkdir(d, { recursive: true })));
  return { dir, env, cache: env.XDG_CACHE_HOME!, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * git with arguments in `cwd`; its stdout, trimmed.
 * @throws BenchError with git's last words when it fails.
 */
export function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new BenchError(`git ${args.join(' ')} failed in ${cwd}: ${String(stderr).trim().split('\n').pop() || err.message}`));
      else resolve(String(stdout).trim());
    });
  });
}

/** The path of file `n` of a repository of `perFolder` files a folder: `dir12/file034.txt`. */
export function repoFilePath(n: number, perFolder = 100): string {
  return `dir${String(Math.floor(n / perFolder)).padStart(2, '0')}/file${String(n % perFolder).padStart(3, '0')}.txt`;
}

/** Lines in each file of a bench repository; threads point at lines within it. */
export const FILE_LINES = 20;

/** File `n`'s content: `FILE_LINES` numbered lines. */
export function repoFileContent(n: number): string {
  return Array.from({ length: FILE_LINES }, (_, l) => `file ${n} line ${l + 1}\n`).join('');
}

/**
 * A repository at `root` with `files` files (`repoFilePath`, `repoFileContent`), an ignore
 * file, a committer identity of its own, and one commit.
 * @returns the commit.
 */
export async function createRepo(root: string, files: number, env: NodeJS.ProcessEnv): Promise<string> {
  await mkdir(root, { recursive: true });
  await git(root, ['init', '-q', '-b', 'main'], env);
  await git(root, ['config', 'user.name', 'Bench'], env);
  await git(root, ['config', 'user.email', 'bench@example.invalid'], env);
  await writeFile(path.join(root, '.gitignore'), 'node_modules/\n');
  const folders = new Set<string>();
  for (let n = 0; n < files; n++) folders.add(path.dirname(repoFilePath(n)));
  await Promise.all([...folders].map((f) => mkdir(path.join(root, f), { recursive: true })));
  // In batches: thousands of writes at once would only queue in libuv's pool.
  for (let n = 0; n < files; n += 500) {
    await Promise.all(Array.from({ length: Math.min(500, files - n) }, (_, k) => writeFile(path.join(root, repoFilePath(n + k)), repoFileContent(n + k))));
  }
  await git(root, ['add', '-A'], env);
  await git(root, ['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', `bench: ${files} files`], env);
  return git(root, ['rev-parse', 'HEAD'], env);
}

/**
 * Commits new contents of the repository's files `changed` (by number) on HEAD.
 * @returns the commit.
 */
export async function commitChanges(root: string, changed: readonly number[], env: NodeJS.ProcessEnv): Promise<string> {
  await Promise.all(changed.map((n) => writeFile(path.join(root, repoFilePath(n)), `changed file ${n}\n${repoFileContent(n)}`)));
  await git(root, ['add', '-A'], env);
  await git(root, ['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', `bench: ${changed.length} files changed`], env);
  return git(root, ['rev-parse', 'HEAD'], env);
}

/** Where one thread points. */
export interface ThreadSpot {
  readonly path: string;
  readonly line: number;
}

/**
 * `threads` threads over `files` files of a repository of `repoFiles`: thread `i` on file `i
 * mod files` (so the first `threads - files` files carry two threads or more, which by-file
 * planning keeps in one lane, the later one seeing the earlier fix), at lines 10 apart; the
 * files spread over the repository (file `k` is repository file `k × 71 mod repoFiles`).
 * @throws BenchError when the lines would not fit in a file or the files would repeat.
 */
export function threadMix(threads: number, files: number, repoFiles: number): ThreadSpot[] {
  if (files > repoFiles || files < 1) throw new BenchError(`${files} files of a repository of ${repoFiles}`);
  if (Math.ceil(threads / files) * 10 - 9 > FILE_LINES) throw new BenchError(`${threads} threads on ${files} files do not fit in ${FILE_LINES} lines a file`);
  const stride = gcd(71, repoFiles) === 1 ? 71 : 1;
  return Array.from({ length: threads }, (_, i) => ({
    path: repoFilePath(((i % files) * stride) % repoFiles),
    line: 1 + 10 * Math.floor(i / files),
  }));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The `--exec` command of an editing job: it rewrites the thread's line (`PRT_LINE` of
 * `PRT_PATH`) in place, as a fix does, with POSIX awk.
 */
export const EDIT_LINE_COMMAND = `awk -v n="$PRT_LINE" -v id="$PRT_THREAD_ID" 'NR == n { $0 = $0 " // fixed by " id } { print }' "$PRT_PATH" > "$PRT_PATH.prt-tmp" && mv "$PRT_PATH.prt-tmp" "$PRT_PATH"`;
