import { parseDuration } from '../common/duration';
import { oneLine } from '../common/errors';
import { runCommand } from '../engine/fix/command';
import { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { GitVcs } from '../git/gitVcs';
import { parseContentRate } from '../github/contentRate';
import { GitHubThreads } from '../github/githubThreads';
import { HALT_NEVER, parseHaltPolicy } from '../model/haltPolicy';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONTENT_RATE,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_PUSH_TIMEOUT_MS,
  DEFAULT_REPLY_TEMPLATE,
  DEFAULT_RETRIES,
  DEFAULT_RETRY_DELAY_MS,
  DEFAULT_WRITE_INTERVAL_MS,
  RunOptions,
  validateRunOptions,
} from '../model/options';
import { executeRun } from '../pipeline/executeRun';
import type { RunReport } from '../pipeline/report';
import { Run } from '../pipeline/run';
import { runHeadline, runSummaryLines } from '../pipeline/runSummary';
import { intOption } from './args';
import { CliIo, writeLines } from './io';
import { formatPlan } from './planCommand';
import { attachProgress } from './progressBar';
import { parsePlanOptions } from './readCommands';
import { runExitCode, runReportJson } from './report';
import { openSession, parsePrNumber, resolvePullRequestNumber } from './session';
import { oneTerminalLine } from './terminalText';
import { UsageError } from './usageError';

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

function durationOption(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(String(value));
  } catch (e) {
    throw new UsageError(`--${flag}: ${oneLine(e)}`);
  }
}

/**
 * Reads `prt run`'s flags into run options; every check that needs no network is here.
 * @throws UserFacingError (exit 2)
 */
export function parseRunOptions(v: Values): RunOptions {
  const plan = parsePlanOptions(v);
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const command = str('exec');
  if (command !== undefined && !command.trim()) throw new UsageError('--exec needs a command, e.g. --exec \'./fix-thread.sh {path}\'');
  const options: RunOptions = {
    ...plan,
    maxConcurrency: intOption(v.jobs, 'jobs', 'maxConcurrency', DEFAULT_MAX_CONCURRENCY),
    command,
    applySuggestions: v['apply-suggestions'] === true,
    verifyCommand: str('verify'),
    replyTemplate: str('reply') ?? DEFAULT_REPLY_TEMPLATE,
    resolve: v['no-resolve'] !== true,
    retries: intOption(v.retries, 'retries', 'retries', DEFAULT_RETRIES),
    retryDelayMs: intOption(v['retry-delay'], 'retry-delay', 'retryDelayMs', DEFAULT_RETRY_DELAY_MS),
    halt: v.halt === undefined ? HALT_NEVER : parseHaltPolicy(String(v.halt)),
    timeoutMs: durationOption(v.timeout, 'timeout'),
    commit: v.commit === true,
    commitMessage: str('commit-message'),
    push: v.push === true,
    pushTimeoutMs: durationOption(v['push-timeout'], 'push-timeout') ?? DEFAULT_PUSH_TIMEOUT_MS,
    dryRun: v['dry-run'] === true,
    joblogPath: str('joblog'),
    resumeFailed: v['resume-failed'] === true,
  };
  validateRunOptions(options);
  return options;
}

/** The write lane's options from the flags `prt run` and `prt resolve` share. */
export function parseWriteOptions(v: Values) {
  return {
    batchSize: intOption(v['batch-size'], 'batch-size', 'batchSize', DEFAULT_BATCH_SIZE),
    intervalMs: intOption(v['write-interval'], 'write-interval', 'writeIntervalMs', DEFAULT_WRITE_INTERVAL_MS),
    contentRate: parseContentRate(typeof v['content-rate'] === 'string' ? v['content-rate'] : DEFAULT_CONTENT_RATE),
  };
}

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

/** `prt run`. */
export async function prtRun(values: Values, io: CliIo): Promise<number> {
  const options = parseRunOptions(values);
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
    const progress = options.dryRun ? undefined : attachProgress(run, io.stderr);
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
          baseEnv: io.env,
          registry,
        },
        options,
        io.signal,
      );
    } finally {
      progress?.dispose();
    }
    return printReport(report, run, values, io, `${session.owner}/${session.repo}#${number ?? '?'}`, options);
  } finally {
    if (!io.registry) registry.dispose();
    run.dispose();
    session.client.dispose();
  }
}

function printReport(report: RunReport, run: Run, values: Values, io: CliIo, pr: string, options: RunOptions): number {
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
  if (report.threads.length === 0 && !report.cancelled) {
    // SPEC §4: no unresolved threads is not an error, but the user must be told why nothing ran.
    const why = options.resumeFailed
      ? `nothing to do: no unresolved thread of ${pr} failed in or is missing from ${options.joblogPath}`
      : `nothing to do: ${pr} has no unresolved review threads`;
    writeLines(human, [why]);
    return 0;
  }
  writeLines(human, [...runSummaryLines(report, run.threads), runHeadline(report)]);
  return runExitCode(report, io.stoppedBy?.() !== undefined);
}

