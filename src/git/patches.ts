import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { BugIndicatingError } from '../common/errors';
import { GitError, gitFailed } from './git';

/**
 * Options that make `git diff` and `git format-patch` write a patch that `git apply` and
 * `git am` take whatever the user's configuration says: no colour codes, no external
 * diff program or textconv filter, the usual a/ b/ prefixes (not diff.noprefix or
 * mnemonic ones), paths from the top (not diff.relative), and blank context lines kept.
 */
export const PATCH_OPTIONS: readonly string[] = [
  '--binary',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--submodule=short',
];

/** Global options that go with PATCH_OPTIONS (set before the subcommand). */
export const PATCH_CONFIG: readonly string[] = ['-c', 'diff.suppressBlankEmpty=false', '-c', 'diff.relative=false'];

/**
 * Runs git with its stdout going straight into `file`, replaced atomically: the output is
 * written to a temporary file beside it, flushed, then renamed over `file`, so a reader
 * never sees half a patch and a crash leaves no torn file. An empty output writes nothing.
 * @returns the bytes written; 0 when git printed nothing (no file then).
 * @throws GitError when git fails (no file then).
 */
export async function writeGitOutput(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, file: string): Promise<number> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  let size = 0;
  let renamed = false;
  try {
    try {
      const { exitCode, stderr } = await runToFd(cwd, args, env, handle.fd);
      if (exitCode !== 0) throw gitFailed(cwd, args, { exitCode, stderr, stdout: '' });
      size = (await handle.stat()).size;
      if (size > 0) await handle.sync();
    } finally {
      await handle.close();
    }
    if (size > 0) {
      await rename(temp, file);
      renamed = true;
    }
  } finally {
    // Cleanup only: an error on the way is what the caller hears about.
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
  return size;
}

function runToFd(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, fd: number): Promise<{ exitCode: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd, env: { ...env, GIT_TERMINAL_PROMPT: '0' }, stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new GitError(`could not run git in ${cwd}: check that the folder exists and git is installed and on PATH`, null, '') : e),
    );
    child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), stderr }));
  });
}

/** `<commonDir>/prt/patches`: where patches of fixes that did not land are kept. */
export function patchesRoot(commonDir: string): string {
  return path.join(commonDir, 'prt', 'patches');
}

/**
 * `<commonDir>/prt/patches/<runId>`, created, readable by the user alone (patches may hold
 * whatever a job wrote).
 * @throws BugIndicatingError when `runId` is not a plain folder name.
 */
export async function makePatchFolder(commonDir: string, runId: string): Promise<string> {
  if (!runId || runId === '.' || runId === '..' || /[/\\\0]/.test(runId)) {
    throw new BugIndicatingError(`not a run id: ${JSON.stringify(runId)}`);
  }
  const root = patchesRoot(commonDir);
  const dir = path.join(root, runId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing folder's mode alone and applies the umask to new ones.
  await chmod(root, 0o700);
  await chmod(dir, 0o700);
  return dir;
}

/** Removes every saved patch. @returns how many files were removed. */
export async function removePatches(commonDir: string): Promise<number> {
  const root = patchesRoot(commonDir);
  const count = await countFiles(root);
  await rm(root, { recursive: true, force: true });
  return count;
}

async function countFiles(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  let n = 0;
  for (const e of entries) n += e.isDirectory() ? await countFiles(path.join(dir, e.name)) : 1;
  return n;
}
