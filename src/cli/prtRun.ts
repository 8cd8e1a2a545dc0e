import { runCommand } from '../engine/fix/command';
import { runProcess } from '../engine/fix/processRunner';
import { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { GitVcs } from '../git/gitVcs';
import { GitWorktrees } from '../git/worktrees';
import { GitHubThreads } from '../github/githubThreads';
import type { RunOptions } from '../model/options';
import { executeRun } from '../pipeline/executeRun';
import type { RunReport } from '../pipeline/report';
import { Run } from '../pipeline/run';
import { runHeadline, runSummaryLines } from '../pipeline/runSummary';
import { CliIo, writeLines } from './io';
import { formatPlan } from './planCommand';
import { attachProgress } from './progressBar';
import { runExitCode, runReportJson } from './report';
import type { ObservedIo } from './reportObserver';
import { parseRunOptions, parseShardOptions, parseShardSpec, parseWriteOptions, type ShardOptions } from './runOptions';
import { GitFixBundles } from '../git/fixBundles';
import { MANIFEST_FILE, REPORT_FILE } from '../engine/shard/shardManifest';
import { shardSummaryLines } from '../pipeline/shardSummary';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { openSession, parsePrNumber, resolvePullRequestNumber } from './session';
import { TerminalReviewer } from './terminalReview';
import { oneTerminalLine } from './terminalText';
import { UsageError } from './usageError';

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

function dryRunLines(report: RunReport, run: Run): string[] {
  const out = formatPlan(run.plan, run.threads);
  out.push('', 'Jobs (dry run: nothing runs, nothing is written):');
  for (const j of report.planned) {
    const what = j.skipReason
      ? `skip: ${j.skipReason}`
      : [j.applySuggestion ? 'apply suggestion' : '', j.command ? `run: ${j.command}` : ''].filter(Boolean).join('; then ');
    out.push(`  ${j.worker}  ${j.threadId}  ${oneTerminalLine(what, 200)}`);
  }
  return out;
}

/** Progress lines are plain (no bar) on GitHub Actions, whose log is no terminal even under a pty. */
export function plainProgress(io: CliIo): boolean {
  return io.env.GITHUB_ACTIONS === 'true';
}

/** `prt run`. */
export async function prtRun(values: Values, io: ObservedIo): Promise<number> {
  parseShardSpec(values);
  const options = parseRunOptions(values);
  const shard = parseShardOptions(values, options);
  const writeOptions = parseWriteOptions(values);
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
      throw new UsageError(`prt run works in a git work tree of the repository: run it there or pass --cwd DIR (${session.cwd} is not one)`);
    }
    // Without --pr the branch's pull request is looked up by the run, after the checks that
    // need no request: a run they refuse (a missing git identity, a held lock) sends nothing.
    const prArg = values.pr as string | undefined;
    let number = prArg === undefined ? undefined : parsePrNumber(prArg);
    const pr = number !== undefined
      ? { owner: session.owner, repo: session.repo, number }
      : {
          owner: session.owner,
          repo: session.repo,
          findNumber: async (signal?: AbortSignal) => (number = await resolvePullRequestNumber(session, undefined, signal)),
        };
    const github = new GitHubThreads(session.client, writeOptions);
    const worktrees = options.isolation === 'worktree' ? new GitWorktrees(session.repoRoot, { env: io.env }) : undefined;
    // A cache folder that would put the worktrees inside the repository is a configuration
    // error, told before any request like the other checks that need none.
    if (worktrees && !options.dryRun) await worktrees.worktreeFolder();
    const reviewer = options.review ? terminalReviewer(io, worktrees!) : undefined;
    const progress = options.dryRun ? undefined : attachProgress(run, io.stderr, { plain: plainProgress(io) });
    const emit = shard && { ...shard, bundles: new GitFixBundles(session.repoRoot, { env: io.env }) };
    let report: RunReport;
    try {
      report = await executeRun(
        run,
        {
          pr,
          source: github,
          writer: github,
          vcs: new GitVcs(session.repoRoot, { registry }),
          runCommand,
          runProcess,
          worktrees,
          reviewer,
          baseEnv: io.env,
          registry,
        },
        options,
        io.signal,
        emit,
      );
    } finally {
      progress?.dispose();
    }
    const prName = `${session.owner}/${session.repo}#${number ?? '?'}`;
    // The shard's report goes beside its manifest, for the artifact (prt integrate reads the manifest).
    if (shard && existsSync(path.join(shard.dir, MANIFEST_FILE))) await writeFile(path.join(shard.dir, REPORT_FILE), `${runReportJson(report)}\n`);
    io.onDidReport?.({ command: 'run', report, threads: run.threads, repoRoot: session.repoRoot, pullRequest: prName, ...(shard ? { shard } : {}) });
    return printReport(report, run, values, io, prName, options, shard);
  } finally {
    if (!io.registry) registry.dispose();
    run.dispose();
    session.client.dispose();
  }
}

/**
 * The terminal prompt of --review.
 * @throws UsageError when stdin or stderr is not a terminal: nobody could answer.
 */
function terminalReviewer(io: CliIo, worktrees: GitWorktrees): TerminalReviewer {
  if (!io.stdin?.isTTY || io.stderr.isTTY !== true) {
    throw new UsageError('--review asks about each fix on a terminal, and this is not one: run prt in a terminal, or drop --review');
  }
  return new TerminalReviewer(io.stdin, io.stderr, worktrees);
}

/** Prints the report (`--json` on stdout, the summary for people) and returns the exit code. */
export function printReport(report: RunReport, run: Run, values: Values, io: CliIo, pr: string, options: RunOptions, shard?: ShardOptions): number {
  const json = values.json === true;
  if (json) io.stdout.write(`${runReportJson(report)}\n`);
  const human = json ? io.stderr : io.stdout;
  if (report.error) {
    // Once jobs ran (GitHub refused the writes afterwards), what they did must be told too:
    // the fixes are in the work tree and the threads fixed but not resolved. On stdout, so
    // that stderr keeps its one error line; --json says it in the report.
    if (!json && report.threads.length > 0) writeLines(io.stdout, runSummaryLines(report, run.threads));
    io.stderr.write(`prt: ${oneTerminalLine(report.error, 400)}\n`);
    return runExitCode(report, io.stoppedBy?.() !== undefined);
  }
  if (options.dryRun) {
    if (!json) writeLines(io.stdout, dryRunLines(report, run));
    return 0;
  }
  // A shard with no lane of its own still says so (its folder is needed by prt integrate).
  if (report.threads.length === 0 && !report.cancelled && !shard) {
    // SPEC §4: no unresolved threads is not an error, but the user must be told why nothing ran.
    const why = options.resumeFailed
      ? `nothing to do: no unresolved thread of ${pr} failed in or is missing from ${options.joblogPath}`
      : `nothing to do: ${pr} has no unresolved review threads`;
    writeLines(human, [why]);
    return 0;
  }
  if (shard) writeLines(human, shardSummaryLines(report, run.threads, shard.shard, shard.dir));
  else writeLines(human, [...runSummaryLines(report, run.threads), runHeadline(report)]);
  return runExitCode(report, io.stoppedBy?.() !== undefined);
}

