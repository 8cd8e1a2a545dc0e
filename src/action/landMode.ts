import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from '../cli/io';
import { main } from '../cli/main';
import { runReportJson } from '../cli/report';
import type { ReportedRun } from '../cli/reportObserver';
import { REPORT_FILE } from '../engine/shard/shardManifest';
import { isFailedState } from '../model/status';
import { runHeadline } from '../pipeline/runSummary';
import { integrateArgs, runArgs, type ActionInputs } from './actionInputs';
import { answerComment } from './commentAnswer';
import { markdownCell } from './markdown';
import { reportAnnotations, reportMarkdown } from './reportMedia';
import { annotation, appendSummary, setOutput } from './workflowCommands';

/**
 * The fix and integrate jobs: `prt run` (with `shard` and `emit`: one shard) or `prt
 * integrate`, in this process, from the inputs; then the report as a file (`report` output),
 * the timing summary as a Markdown table in the job summary, failures as `::error`
 * annotations on the threads' lines, the resolved and failed counts as outputs — and for
 * integrate, the outcome as a comment on the pull request that the `/prt` comment started.
 * @returns prt's exit code (0, 1 a thread failed, 2 an error, 130 stopped).
 */
export async function landMode(mode: 'run' | 'integrate', inputs: ActionInputs, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const argv = mode === 'run' ? runArgs(inputs) : integrateArgs(inputs);
  let reported: ReportedRun | undefined;
  let lastError: string | undefined;
  // prt's own error line (`prt: …`) is kept for the annotation when no report comes; the
  // stream is otherwise the runner's stderr (a view over it, its other members inherited).
  const stderr = Object.assign(Object.create(io.stderr) as CliIo['stderr'], {
    write: (chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      const m = /^prt: (.*)$/m.exec(text);
      if (m) lastError = m[1];
      return (io.stderr.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    },
  });
  const code = await main(argv, { ...io, stderr, env, onDidReport: (r) => (reported = r) });
  const reportPath = inputs.get('report') || (reported?.shard ? path.join(reported.shard.dir, REPORT_FILE) : path.join(env.RUNNER_TEMP || process.cwd(), `prt-${mode}-report.json`));
  if (reported) {
    // A shard's report is beside its manifest already.
    if (!reported.shard || reportPath !== path.join(reported.shard.dir, REPORT_FILE)) writeFileSync(reportPath, `${runReportJson(reported.report)}\n`);
    for (const line of reportAnnotations(reported, env.GITHUB_WORKSPACE)) io.stdout.write(`${line}\n`);
    appendSummary(env.GITHUB_STEP_SUMMARY, reportMarkdown(reported));
  } else {
    io.stdout.write(`${annotation('error', `prt: ${lastError ?? `exited ${code} before a run began`}`, { title: 'PR Thread Runner' })}\n`);
    appendSummary(env.GITHUB_STEP_SUMMARY, `### PR Thread Runner\n\nprt could not start: see the job's log.\n`);
  }
  const threads = reported?.report.threads ?? [];
  setOutput(env.GITHUB_OUTPUT, 'report', reported ? reportPath : '');
  setOutput(env.GITHUB_OUTPUT, 'resolved', String(threads.filter((t) => t.status === 'resolved').length));
  setOutput(env.GITHUB_OUTPUT, 'failed', String(threads.filter((t) => isFailedState(t.status)).length));
  setOutput(env.GITHUB_OUTPUT, 'exit-code', String(code));
  if (mode === 'integrate' && inputs.bool('comment', true)) await answerComment(io, env, outcomeText(reported, lastError));
  return code;
}

/** What the answer on the `/prt` comment says of a run that ended (or could not start). */
function outcomeText(reported: ReportedRun | undefined, lastError: string | undefined): string {
  const threads = reported?.report.threads ?? [];
  const resolved = threads.filter((t) => t.status === 'resolved').length;
  const failed = threads.filter((t) => isFailedState(t.status)).length;
  return reported && !reported.report.error
    ? `${resolved} resolved, ${failed} failed (of ${threads.length} threads). ${runHeadline(reported.report)}`
    : `the run failed: ${markdownCell(reported?.report.error ?? lastError ?? 'see the log', 1000)}`;
}
