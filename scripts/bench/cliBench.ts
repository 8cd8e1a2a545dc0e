import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { seedBigPullRequest } from '../../test/github/scenarios';
import { startTestGitHub, TestGitHub } from '../../test/github/testGitHub';
import { BenchError } from './benchError';
import { timeProcess } from './timeProcess';

export interface CliBenchOptions {
  /** `dist/cli.js`. */
  readonly cli: string;
  /** Unresolved threads of each PR. */
  readonly threads: number;
  /** Files they are spread over (by-file planning keeps a file in one lane). */
  readonly files: number;
  /** The `--exec` command. */
  readonly command: string;
  /** `--workers` and `--jobs` of the parallel run; the sequential one uses 1 and 1. */
  readonly parallel: number;
  /** `--isolation`; absent: prt's default (worktrees whenever a command runs). */
  readonly isolation?: 'worktree' | 'none';
}

export interface CliRun {
  readonly workers: number;
  readonly jobs: number;
  /** From spawning `node dist/cli.js` to its exit: what a user waits. */
  readonly wallMs: number;
  /** `wallMs` of the JSON report (the pipeline, without Node's start-up). */
  readonly reportWallMs: number;
  readonly mutations: number;
}

export interface CliBenchResult {
  readonly parallel: CliRun;
  readonly sequential: CliRun;
}

const OWNER = 'bench';
const NAME = 'cli';

interface JsonReport {
  threads: { id: string; status: string; error: string | null }[];
  wallMs: number;
  requests: { queries: number; mutations: number };
}

/**
 * A git repository with one commit (worktrees, prt's default isolation, start from HEAD)
 * whose origin names bench/cli on GitHub; the jobs never touch its files.
 */
async function createRepo(dir: string): Promise<void> {
  const git = (args: string[]) => promisify(execFile)('git', args, { cwd: dir });
  await git(['init', '--quiet']);
  await git(['config', 'user.name', 'Bench']);
  await git(['config', 'user.email', 'bench@example.invalid']);
  await git(['-c', 'commit.gpgsign=false', 'commit', '--quiet', '--allow-empty', '--no-verify', '-m', 'bench: first commit']);
  await git(['remote', 'add', 'origin', `https://github.com/${OWNER}/${NAME}.git`]);
}

/** One `prt run --json` on PR `pr`, which must end with every thread resolved. */
async function runPrt(o: CliBenchOptions, gh: TestGitHub, repo: string, cache: string, pr: number, workers: number): Promise<CliRun> {
  const args = [o.cli, 'run', '--pr', String(pr), '--exec', o.command, '--workers', String(workers), '--jobs', String(workers), '--write-interval', '0', '--json'];
  if (o.isolation) args.push('--isolation', o.isolation);
  // The worktrees go to a cache folder of the bench's own, removed with it.
  const env = { ...process.env, GITHUB_TOKEN: gh.token, GITHUB_GRAPHQL_URL: gh.url, GH_TOKEN: '', XDG_CACHE_HOME: cache };
  const r = await timeProcess(process.execPath, args, { cwd: repo, env });
  if (r.exitCode !== 0) throw new BenchError(`prt run --workers ${workers} exited ${r.exitCode ?? r.signal}: ${r.stderrTail || 'no message'}`);
  let report: JsonReport;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch (e) {
    throw new BenchError(`prt run --json printed no JSON report: ${r.stdout.slice(0, 200)}`, { cause: e });
  }
  const notResolved = report.threads.filter((t) => t.status !== 'resolved');
  if (report.threads.length !== o.threads || notResolved.length > 0) {
    throw new BenchError(`prt run --workers ${workers}: ${o.threads - notResolved.length} of ${o.threads} threads resolved (first other: ${notResolved[0]?.status ?? 'missing'} ${notResolved[0]?.error ?? ''})`);
  }
  return { workers, jobs: workers, wallMs: r.wallMs, reportWallMs: report.wallMs, mutations: report.requests.mutations };
}

/**
 * The whole `prt run` (fetch, plan, fix, resolve) via `node dist/cli.js` against the test
 * GitHub, on two identical fresh PRs: once with `--workers N --jobs N`, once with 1 and 1
 * (one thread at a time); worktrees (when isolated) in a cache folder removed afterwards.
 * @throws BenchError when the CLI bundle is missing or a run does not resolve every thread.
 */
export async function runCliBench(o: CliBenchOptions): Promise<CliBenchResult> {
  try {
    await access(o.cli);
  } catch (e) {
    throw new BenchError(`${o.cli} is missing: build it with \`node esbuild.mjs\` (npm run bench does)`, { cause: e });
  }
  const work = await mkdtemp(path.join(tmpdir(), 'prt-bench-'));
  const gh = await startTestGitHub({ token: 'bench-token' });
  try {
    const repo = path.join(work, NAME);
    await mkdir(repo);
    await createRepo(repo);
    for (const number of [1, 2]) {
      seedBigPullRequest(gh.store, { owner: OWNER, name: NAME, number, threads: o.threads, files: o.files, resolved: 0, outdated: 0, headRefName: `feature/bench-${number}` });
    }
    const cache = path.join(work, 'cache');
    await mkdir(cache);
    const parallel = await runPrt(o, gh, repo, cache, 1, o.parallel);
    const sequential = await runPrt(o, gh, repo, cache, 2, 1);
    return { parallel, sequential };
  } finally {
    await gh.close();
    await rm(work, { recursive: true, force: true });
  }
}
