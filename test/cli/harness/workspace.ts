import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createDemoRepo, DEMO, seedDemo } from '../../github/demoScenario';
import { startTestGitHub, type TestGitHub, type TestGitHubOptions } from '../../github/testGitHub';
import { addSimpleThread, seedPullRequest, type SimpleThread } from '../../github/scenarios';
import type { StoredPullRequest, StoredThread } from '../../github/storeModel';
import { prtEnv, runPrt, type PrtOptions, type PrtResult } from './prtProcess';

const execFileAsync = promisify(execFile);

/** Runs git in `cwd` without the caller's global config; returns trimmed stdout. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', ['-c', 'core.hooksPath=/dev/null', ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  return stdout.trim();
}

export interface SampleRepoOptions {
  readonly owner?: string;
  readonly name?: string;
  readonly branch?: string;
  readonly files: Readonly<Record<string, string>>;
}

/** A git repository with one commit of `files` on `branch`, `origin` at github.com/OWNER/NAME. */
export async function createSampleRepo(dir: string, o: SampleRepoOptions): Promise<void> {
  await mkdir(dir, { recursive: true });
  await git(dir, ['init', '--quiet', '--initial-branch', o.branch ?? 'feature/x']);
  await git(dir, ['config', 'user.name', 'Test Dev']);
  await git(dir, ['config', 'user.email', 'test-dev@example.invalid']);
  await git(dir, ['config', 'commit.gpgsign', 'false']);
  for (const [p, text] of Object.entries(o.files)) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await writeFile(path.join(dir, p), text);
  }
  await git(dir, ['add', '--all']);
  await git(dir, ['commit', '--quiet', '--no-verify', '-m', 'initial']);
  await git(dir, ['remote', 'add', 'origin', `https://github.com/${o.owner ?? 'acme'}/${o.name ?? 'app'}.git`]);
}

/**
 * One test's world: a test GitHub, a temporary folder (`root`) with a private HOME and an
 * `outside` folder next to the repository, and helpers to run `prt` in the repository.
 */
export class Workspace {
  /** Where the repository is created (`root/repo`). */
  readonly repo: string;
  /** A folder outside the repository where commands may leave evidence. */
  readonly outside: string;
  readonly home: string;

  private constructor(
    readonly gh: TestGitHub,
    readonly root: string,
  ) {
    this.repo = path.join(root, 'repo');
    this.outside = path.join(root, 'outside');
    this.home = path.join(root, 'home');
  }

  /** @throws Error when the test GitHub cannot start. */
  static async create(options: TestGitHubOptions = {}): Promise<Workspace> {
    const root = await mkdtemp(path.join(tmpdir(), 'prt-cli-test-'));
    const gh = await startTestGitHub(options);
    const ws = new Workspace(gh, root);
    await mkdir(ws.outside);
    await mkdir(ws.home);
    return ws;
  }

  /** Seeds the demo PR acme/widgets#42 and writes its repository. */
  async demo(): Promise<StoredPullRequest> {
    const pr = seedDemo(this.gh.store);
    await createDemoRepo(this.repo);
    return pr;
  }

  /** The child environment: test GitHub credentials plus `extra`. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return prtEnv(this.gh, this.home, { PRT_TEST_OUT: this.outside, ...extra });
  }

  /** Runs `prt ARGS` in the repository (or `opts.cwd`). */
  prt(args: readonly string[], opts: Partial<PrtOptions> = {}): Promise<PrtResult> {
    return runPrt(args, { cwd: this.repo, env: this.env(), ...opts });
  }

  async dispose(): Promise<void> {
    await this.gh.close();
    await rm(this.root, { recursive: true, force: true });
  }
}

export { DEMO };

/** The small sample PR of the run tests: acme/app#1 on `feature/x`. */
export const SAMPLE = Object.freeze({ owner: 'acme', name: 'app', number: 1, branch: 'feature/x' });

/**
 * Seeds acme/app#1 with `files` at head and one thread per entry of `threads`, and writes
 * the matching repository into `ws.repo`.
 * @returns the stored threads, in order.
 */
export async function seedSample(ws: Workspace, files: Record<string, string>, threads: readonly SimpleThread[]): Promise<StoredThread[]> {
  const pr = seedPullRequest(ws.gh.store, { ...SAMPLE, files });
  const stored = threads.map((t) => addSimpleThread(ws.gh.store, pr, t));
  await createSampleRepo(ws.repo, { files, owner: SAMPLE.owner, name: SAMPLE.name, branch: SAMPLE.branch });
  return stored;
}
