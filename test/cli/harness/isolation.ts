import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { waitUntil } from './processes';
import { CLI_PATH, type PrtResult } from './prtProcess';
import { git, type Workspace } from './workspace';

const execFileAsync = promisify(execFile);

/** One thread of `prt run --json` (SPEC §3). */
export interface ThreadJson {
  readonly id: string;
  readonly worker: string;
  readonly status: string;
  readonly attempts: number;
  readonly exitCode: number | null;
  readonly error: string | null;
  readonly replied: boolean;
  readonly resolved: boolean;
  readonly changes: { readonly files: number; readonly insertions: number; readonly deletions: number } | null;
  readonly commit: string | null;
  readonly patch: string | null;
}

/** `prt run --json`. */
export interface RunJson {
  readonly error?: string;
  readonly threads: readonly ThreadJson[];
  readonly commit?: string;
  readonly pushed?: boolean;
  readonly cancelled?: boolean;
  readonly notResolved?: { readonly kind: string; readonly reason: string };
  readonly verify?: { readonly ok: boolean; readonly exitCode: number | null };
}

/** The report a run printed, and one of its threads by id. */
export function reportOf(r: PrtResult): RunJson & { thread(id: string): ThreadJson } {
  let report: RunJson;
  try {
    report = JSON.parse(r.stdout) as RunJson;
  } catch {
    throw new Error(`not a JSON report:\n${r.stdout}\n--- stderr:\n${r.stderr}`);
  }
  return {
    ...report,
    thread: (id: string) => {
      const t = report.threads.find((x) => x.id === id);
      assert.ok(t, `thread ${id} in the report`);
      return t;
    },
  };
}

/** Where prt keeps the worktrees for the workspace's HOME (no XDG_CACHE_HOME is set). */
export function worktreeCache(ws: Workspace): string {
  return path.join(ws.home, '.cache', 'pr-thread-runner', 'worktrees');
}

/** One entry of `git worktree list --porcelain`. */
export interface WorktreeListing {
  readonly path: string;
  /** Attribute lines other than `worktree` / `HEAD`: `detached`, `locked …`, `prunable …`, `branch …`. */
  readonly attributes: readonly string[];
}

/** `git worktree list --porcelain` of the repository, the main work tree first. */
export async function worktreeList(repo: string): Promise<WorktreeListing[]> {
  const out = await git(repo, ['worktree', 'list', '--porcelain']);
  const entries: { path: string; attributes: string[] }[] = [];
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) entries.push({ path: line.slice('worktree '.length), attributes: [] });
    else if (line && !line.startsWith('HEAD ') && entries.length) entries[entries.length - 1].attributes.push(line);
  }
  return entries;
}

/** Asserts that no worktree of the repository is locked or prunable (broken). */
export async function assertNoBrokenWorktrees(repo: string): Promise<void> {
  for (const e of await worktreeList(repo)) {
    const bad = e.attributes.filter((a) => /^(locked|prunable)\b/.test(a));
    assert.deepEqual(bad, [], `worktree ${e.path}: ${bad.join(', ')}`);
  }
}

/**
 * Writes a job script into the workspace's `outside` folder and returns the `--exec` that
 * runs it (sh, with the thread's PRT_* variables).
 */
export async function script(ws: Workspace, name: string, text: string): Promise<string> {
  await writeFile(path.join(ws.outside, name), `set -e\n${text}\n`);
  return `sh "$PRT_TEST_OUT/${name}"`;
}

/** What `prt threads --json` says of each thread: its URL by id. */
export async function threadUrls(ws: Workspace): Promise<Map<string, string>> {
  const r = await ws.prt(['threads', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return new Map((JSON.parse(r.stdout) as { id: string; url: string }[]).map((t) => [t.id, t.url]));
}

/**
 * A fresh clone of the repository checked out at `commit`, where `git apply PATCH` (or
 * `git am`) is tried; returns the clone's folder.
 */
export async function checkoutAt(ws: Workspace, commit: string): Promise<string> {
  const dir = await mkdtemp(path.join(ws.root, 'apply-'));
  await git(ws.root, ['clone', '--quiet', '--no-checkout', ws.repo, dir]);
  await git(dir, ['checkout', '--quiet', '--detach', commit]);
  return dir;
}

/** `git apply PATCH` in `dir`; resolves with git's exit code and stderr. */
export async function gitApply(dir: string, patch: string, args: readonly string[] = []): Promise<{ code: number; stderr: string }> {
  try {
    await execFileAsync('git', ['apply', ...args, patch], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
    return { code: 0, stderr: '' };
  } catch (e) {
    return { code: (e as { code?: number }).code ?? -1, stderr: String((e as { stderr?: string }).stderr ?? '') };
  }
}

/** The commits `base..HEAD`, oldest first, with their subject, body and changed files. */
export async function commitsSince(repo: string, base: string): Promise<{ sha: string; subject: string; body: string; trailer: string; files: string[] }[]> {
  const shas = (await git(repo, ['rev-list', '--reverse', `${base}..HEAD`])).split('\n').filter(Boolean);
  return Promise.all(
    shas.map(async (sha) => ({
      sha,
      subject: await git(repo, ['log', '-1', '--format=%s', sha]),
      body: await git(repo, ['log', '-1', '--format=%b', sha]),
      trailer: await git(repo, ['log', '-1', '--format=%(trailers:key=Review-Thread,valueonly)', sha]),
      files: (await git(repo, ['show', '--name-only', '--format=', sha])).split('\n').filter(Boolean),
    })),
  );
}

/** Lines of a file in the workspace's `outside` folder. */
export async function outsideLines(ws: Workspace, name: string): Promise<string[]> {
  const file = path.join(ws.outside, name);
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
}

const shellWord = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A `prt` running on a pseudo-terminal (util-linux `script`), answered line by line. */
export interface PtyPrt {
  /** Everything the terminal showed so far. */
  output(): string;
  /** Types a line (and Enter) on the terminal. */
  type(line: string): void;
  /** Types `keys` as they are (e.g. `\x03`, Ctrl-C). */
  press(keys: string): void;
  /** Waits until the terminal has shown `pattern` `count` times. */
  waitFor(pattern: RegExp, count?: number): Promise<void>;
  readonly done: Promise<{ code: number | null; output: string }>;
}

/**
 * Runs `prt ARGS` in the repository on a pty: `script -qfec CMD /dev/null`, whose stdin is
 * the terminal's keyboard and whose stdout is what the terminal shows. With `stdoutFile`,
 * prt's stdout goes there instead (its stdin and stderr stay the terminal).
 */
export function prtOnPty(ws: Workspace, args: readonly string[], stdoutFile?: string): PtyPrt {
  const command = [process.execPath, CLI_PATH, ...args].map(shellWord).join(' ') + (stdoutFile ? ` > ${shellWord(stdoutFile)}` : '');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ws.repo, env: ws.env(), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const done = new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
  return {
    output: () => output,
    type: (line) => child.stdin.write(`${line}\r`),
    press: (keys) => child.stdin.write(keys),
    waitFor: (pattern, count = 1) =>
      waitUntil(() => (output.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? []).length >= count, () => `${pattern} ×${count} on the terminal; it shows:\n${output}`),
    done,
  };
}
