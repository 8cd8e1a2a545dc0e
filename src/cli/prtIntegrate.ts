import { BugIndicatingError } from '../common/errors';
import { runCommand } from '../engine/fix/command';
import { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { GitFixBundles } from '../git/fixBundles';
import { GitVcs } from '../git/gitVcs';
import { GitWorktrees } from '../git/worktrees';
import { GitHubThreads } from '../github/githubThreads';
import { executeIntegrate, validateIntegrateOptions } from '../pipeline/executeIntegrate';
import { Run } from '../pipeline/run';
import { attachProgress } from './progressBar';
import { plainProgress, printReport } from './prtRun';
import type { ObservedIo } from './reportObserver';
import { parseIntegrateOptions, parseWriteOptions } from './runOptions';
import { openSession, parsePrNumber } from './session';
import { UsageError } from './usageError';

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

/**
 * `prt integrate DIR…`: lands a sharded run's fixes in the repository prt runs in, as the
 * single writer (SPEC §6).
 */
export async function prtIntegrate(values: Values, dirs: readonly string[], io: ObservedIo): Promise<number> {
  const options = parseIntegrateOptions(values);
  validateIntegrateOptions(options);
  const writeOptions = parseWriteOptions(values);
  if (dirs.length === 0) throw new UsageError('prt integrate needs the shards\' folders: prt integrate DIR… (one per shard, as prt run --shard I/N --emit DIR wrote them)');
  const prArg = values.pr as string | undefined;
  const number = prArg === undefined ? undefined : parsePrNumber(prArg);
  const session = await openSession({
    repo: values.repo as string | undefined,
    cwd: values.cwd as string | undefined,
    graphqlUrl: values['graphql-url'] as string | undefined,
    env: io.env,
  });
  const registry = io.registry ?? new ProcessGroupRegistry();
  const run = new Run();
  try {
    if (!session.repoRoot) {
      throw new UsageError(`prt integrate works in a git work tree of the repository: run it there or pass --cwd DIR (${session.cwd} is not one)`);
    }
    const github = new GitHubThreads(session.client, writeOptions);
    const worktrees = new GitWorktrees(session.repoRoot, { env: io.env });
    await worktrees.worktreeFolder();
    const progress = attachProgress(run, io.stderr, { plain: plainProgress(io) });
    let report;
    try {
      report = await executeIntegrate(
        run,
        {
          // The pull request is the shards': their manifests name it.
          pr: { owner: session.owner, repo: session.repo, findNumber: () => Promise.reject(new BugIndicatingError('prt integrate takes the pull request from the shards')) },
          source: github,
          writer: github,
          vcs: new GitVcs(session.repoRoot, { registry }),
          runCommand,
          worktrees,
          baseEnv: io.env,
          registry,
        },
        options,
        { dirs, bundles: new GitFixBundles(session.repoRoot, { env: io.env }), worktrees, ...(number !== undefined ? { pr: number } : {}) },
        io.signal,
      );
    } finally {
      progress.dispose();
    }
    const prName = `${session.owner}/${session.repo}#${run.pullRequest?.number ?? number ?? '?'}`;
    io.onDidReport?.({ command: 'integrate', report, threads: run.threads, repoRoot: session.repoRoot, pullRequest: prName });
    return printReport(report, run, values, io, prName, options);
  } finally {
    if (!io.registry) registry.dispose();
    run.dispose();
    session.client.dispose();
  }
}
