import { DEFAULT_BATCH_SIZE, DEFAULT_MAX_CONCURRENCY, DEFAULT_REPLY_TEMPLATE, DEFAULT_RETRY_DELAY_MS, DEFAULT_WRITE_INTERVAL_MS } from '../model/defaults';
import { executeRun, validateRunOptions } from '../pipeline/pipeline';
import { HALT_NEVER, parseHaltPolicy } from '../engine/schedule/haltPolicy';
import { parseDuration } from '../common/duration';
import { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { Run } from '../pipeline/run';
import { RunOptions, RunReport } from '../pipeline/runTypes';
import { intOption } from './args';
import { CliIo, writeLines } from './io';
import { formatPlan } from './planCommand';
import { attachProgress } from './progressBar';
import { parsePlanOptions } from './readCommands';
import { formatRunReport, runExitCode, runReportJson } from './report';
import { openSession, resolvePullRequestNumber } from './session';
import { oneTerminalLine } from './terminalText';
import { UsageError } from './usageError';

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

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
    maxConcurrency: intOption(v.jobs, 'jobs', 1, 256, DEFAULT_MAX_CONCURRENCY),
    command,
    applySuggestions: v['apply-suggestions'] === true,
    verifyCommand: str('verify'),
    replyTemplate: str('reply') ?? DEFAULT_REPLY_TEMPLATE,
    resolve: v['no-resolve'] !== true,
    retries: intOption(v.retries, 'retries', 0, 100, 0),
    retryDelayMs: intOption(v['retry-delay'], 'retry-delay', 0, 3_600_000, DEFAULT_RETRY_DELAY_MS),
    halt: v.halt === undefined ? HALT_NEVER : parseHaltPolicy(String(v.halt)),
    timeoutMs: v.timeout === undefined ? undefined : parseDuration(String(v.timeout)),
    commit: v.commit === true,
    commitMessage: str('commit-message'),
    push: v.push === true,
    batchSize: intOption(v['batch-size'], 'batch-size', 1, 50, DEFAULT_BATCH_SIZE),
    writeIntervalMs: intOption(v['write-interval'], 'write-interval', 0, 600_000, DEFAULT_WRITE_INTERVAL_MS),
    dryRun: v['dry-run'] === true,
    joblogPath: str('joblog'),
    resumeFailed: v['resume-failed'] === true,
  };
  validateRunOptions(options);
  return options;
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
  const session = await openSession({
    repo: values.repo as string | undefined,
    cwd: values.cwd as string | undefined,
    graphqlUrl: values['graphql-url'] as string | undefined,
    env: io.env,
  });
  if (!session.repoRoot) {
    throw new UsageError(`prt run works in a git work tree of the repository: run it there or pass --cwd DIR (${session.cwd} is not one)`);
  }
  const number = await resolvePullRequestNumber(session, values.pr as string | undefined, io.signal);
  const registry = new ProcessGroupRegistry();
  const run = new Run();
  const progress = options.dryRun ? undefined : attachProgress(run, io.stderr);
  // Whatever happens (an error, a second Ctrl-C), no job's process group outlives prt.
  const killAll = () => registry.dispose();
  process.once('exit', killAll);
  try {
    const report = await executeRun(
      run,
      { client: session.client, owner: session.owner, repo: session.repo, number, repoRoot: session.repoRoot, baseEnv: io.env, registry },
      options,
      io.signal,
    );
    progress?.dispose();
    if (options.dryRun) {
      writeLines(io.stdout, values.json ? [JSON.stringify({ workers: run.plan.lanes.map((l) => ({ name: l.name, threads: l.threads })), jobs: report.planned }, null, 2)] : dryRunLines(report, run));
      return 0;
    }
    if (report.threads.length === 0) {
      // SPEC §4: no unresolved threads is not an error, but the user must be told why nothing ran.
      const pr = `${session.owner}/${session.repo}#${number}`;
      const why = options.resumeFailed
        ? `nothing to do: no unresolved thread of ${pr} failed in or is missing from ${options.joblogPath}`
        : `nothing to do: ${pr} has no unresolved review threads`;
      if (values.json) io.stdout.write(`${runReportJson(report)}\n`);
      writeLines(values.json ? io.stderr : io.stdout, [why]);
      return 0;
    }
    if (values.json) {
      io.stdout.write(`${runReportJson(report)}\n`);
      writeLines(io.stderr, formatRunReport(report, run.threads));
    } else {
      writeLines(io.stdout, formatRunReport(report, run.threads));
    }
    return runExitCode(report);
  } finally {
    progress?.dispose();
    process.removeListener('exit', killAll);
    registry.dispose();
    run.dispose();
    session.client.dispose();
  }
}
