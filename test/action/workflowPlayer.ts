import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { prtEnv } from '../cli/harness/prtProcess';
import type { TestGitHub } from '../github/testGitHub';
import { asString, condition, interpolate, type Contexts, type JobStatus } from './expressions';

const execFileAsync = promisify(execFile);

// Plays a workflow file on this machine as GitHub's runners would: the jobs in `needs` order,
// each `if:` evaluated, a matrix job as one runner per combination (each its own folders and
// clone), the steps in order — actions/checkout as the shallow fetch it makes, `run:` in bash,
// upload/download-artifact as folders, and this repository's action as `node action/prt.cjs`
// with the environment the runner sets. Nothing here knows what the jobs are for.

/** The repository's root (action.yml, action/prt.cjs), found above the compiled test. */
export const PROJECT_ROOT = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'action.yml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no action.yml above ${__dirname}`);
  }
})();

/** The `uses:` that means this repository's action. */
const THIS_ACTION = /^(\.\/?|pr-thread-runner\/pr-thread-runner@.+)$/;

interface WorkflowStep {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string | boolean;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly 'continue-on-error'?: boolean;
}
interface WorkflowJob {
  readonly needs?: string | readonly string[];
  readonly if?: string | boolean;
  readonly strategy?: { readonly matrix?: Readonly<Record<string, unknown>> };
  readonly outputs?: Readonly<Record<string, string>>;
  readonly steps: readonly WorkflowStep[];
}
export interface Workflow {
  readonly on: unknown;
  readonly permissions?: unknown;
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress'?: boolean };
  readonly jobs: Readonly<Record<string, WorkflowJob & { readonly permissions?: Readonly<Record<string, string>> }>>;
}

/** One step as it ran. */
export interface StepRun {
  readonly label: string;
  readonly skipped: boolean;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Readonly<Record<string, string>>;
  /** What the step appended to $GITHUB_STEP_SUMMARY. */
  readonly summary: string;
  /** The environment the action's process got (this repository's action only). */
  readonly env?: NodeJS.ProcessEnv;
}
/** One runner of a job (a matrix job has one per combination). */
export interface RunnerRun {
  readonly matrix: Readonly<Record<string, unknown>>;
  readonly workspace: string;
  readonly steps: readonly StepRun[];
  readonly failed: boolean;
}
export interface JobRun {
  readonly result: 'success' | 'failure' | 'skipped';
  readonly outputs: Readonly<Record<string, string>>;
  readonly runners: readonly RunnerRun[];
}

export interface PlayOptions {
  readonly gh: TestGitHub;
  /** A folder of the test's own: runners' folders and artifacts go below it. */
  readonly root: string;
  /** The bare repository the checkouts fetch from and the pushes go to (GitHub's copy). */
  readonly origin: string;
  readonly repository: string;
  readonly eventName: string;
  readonly event: object;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly runId?: string;
  /** Extra environment for every step (e.g. PRT_TEST_OUT). */
  readonly env?: NodeJS.ProcessEnv;
  /** Called when a job is done (or skipped), before the next starts. */
  readonly onJobDone?: (id: string, run: JobRun) => void;
}

export function loadWorkflow(file: string, text?: string): Promise<Workflow> {
  return (text !== undefined ? Promise.resolve(text) : readFile(file, 'utf8')).then((t) => load(t) as Workflow);
}

/** The action's inputs and their defaults, from action.yml. */
async function actionInputs(): Promise<Record<string, { default?: string }>> {
  const meta = load(await readFile(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  return meta.inputs;
}

/** `name=value` lines and `name<<DELIM` heredocs of a $GITHUB_OUTPUT file. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0) throw new Error(`unterminated ${heredoc[2]} in GITHUB_OUTPUT`);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
    }
  }
  return out;
}

/** Plays every job of `workflow`; returns each job's run by id. */
export async function playWorkflow(workflow: Workflow, o: PlayOptions): Promise<Record<string, JobRun>> {
  const jobs: Record<string, JobRun> = {};
  const runId = o.runId ?? '4242';
  await mkdir(path.join(o.root, 'artifacts'), { recursive: true });
  const eventPath = path.join(o.root, 'event.json');
  await writeFile(eventPath, JSON.stringify(o.event, null, 2));
  const github = { event: o.event, event_name: o.eventName, token: o.gh.token, repository: o.repository, run_id: runId, server_url: 'https://github.com' };
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const needs = ([] as string[]).concat(job.needs ?? []);
    const needsCtx = Object.fromEntries(needs.map((n) => [n, { result: jobs[n].result, outputs: jobs[n].outputs }]));
    const status: JobStatus = { cancelled: false, failed: needs.some((n) => jobs[n].result === 'failure') };
    const blocked = needs.some((n) => jobs[n].result === 'skipped');
    const ctx: Contexts = { github, needs: needsCtx, secrets: o.secrets ?? {}, inputs: {}, vars: {} };
    if ((blocked && !/\b(always|cancelled|failure)\(\)/.test(String(job.if ?? ''))) || !jobCondition(job.if, ctx, status)) {
      jobs[id] = { result: 'skipped', outputs: {}, runners: [] };
      o.onJobDone?.(id, jobs[id]);
      continue;
    }
    const matrix = job.strategy?.matrix ? combinations(job.strategy.matrix, ctx) : [{}];
    const runners = await Promise.all(matrix.map((m, i) => runJob(id, job, m, i, { ...o, runId, eventPath, github, needsCtx })));
    const failed = runners.some((r) => r.failed);
    const last = runners[runners.length - 1];
    const stepsCtx = stepsContext(job, last);
    const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, asString(interpolate(v, { ...ctx, steps: stepsCtx }))]));
    jobs[id] = { result: failed ? 'failure' : 'success', outputs, runners };
    o.onJobDone?.(id, jobs[id]);
  }
  return jobs;
}

/** A job's `if:`; without a status function in it, GitHub adds `success() &&`. */
function jobCondition(text: string | boolean | undefined, ctx: Contexts, status: JobStatus): boolean {
  if (typeof text === 'string' && !/\b(always|cancelled|success|failure)\(\)/.test(text) && (status.failed || status.cancelled)) return false;
  return condition(text, ctx, status);
}

function combinations(matrix: Readonly<Record<string, unknown>>, ctx: Contexts): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, raw] of Object.entries(matrix)) {
    const values = typeof raw === 'string' ? interpolate(raw, ctx) : raw;
    if (!Array.isArray(values)) throw new Error(`matrix.${k} is not a list: ${JSON.stringify(values)}`);
    out = out.flatMap((c) => values.map((v) => ({ ...c, [k]: v })));
  }
  return out;
}

function stepsContext(job: WorkflowJob, run: RunnerRun | undefined): Record<string, { outputs: Record<string, string>; outcome: string }> {
  const out: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  job.steps.forEach((s, i) => {
    const r = run?.steps[i];
    if (s.id && r) out[s.id] = { outputs: { ...r.outputs }, outcome: r.skipped ? 'skipped' : r.exitCode === 0 ? 'success' : 'failure' };
  });
  return out;
}

interface JobEnv extends PlayOptions {
  readonly runId: string;
  readonly eventPath: string;
  readonly github: Record<string, unknown>;
  readonly needsCtx: Record<string, unknown>;
}

async function runJob(id: string, job: WorkflowJob, matrix: Record<string, unknown>, index: number, o: JobEnv): Promise<RunnerRun> {
  const home = path.join(o.root, `runner-${id}-${index + 1}`);
  const workspace = path.join(home, 'work');
  const temp = path.join(home, 'temp');
  const bin = path.join(home, 'bin');
  for (const d of [workspace, temp, bin]) await mkdir(d, { recursive: true });
  // A runner has npm; here it only says what it was asked to install (no network in tests).
  await writeFile(path.join(bin, 'npm'), `#!/bin/sh\necho "npm $*" >> "${home}/npm-calls"\n`);
  await chmod(path.join(bin, 'npm'), 0o755);
  const steps: StepRun[] = [];
  let failed = false;
  for (const [i, step] of job.steps.entries()) {
    const ctx: Contexts = { github: { ...o.github, workspace, job: id }, needs: o.needsCtx, matrix, secrets: o.secrets ?? {}, runner: { temp, os: 'Linux' }, steps: stepsContext(job, { matrix, workspace, steps, failed }), env: {} };
    const label = step.id ?? step.name ?? step.uses ?? `step ${i + 1}`;
    if (!condition(step.if, ctx, { cancelled: false, failed })) {
      steps.push({ label, skipped: true, exitCode: 0, stdout: '', stderr: '', outputs: {}, summary: '' });
      continue;
    }
    const withs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, asString(interpolate(String(v), ctx))]));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, asString(interpolate(v, ctx))]));
    const files = { output: path.join(temp, `output-${i}`), summary: path.join(temp, `summary-${i}`) };
    await writeFile(files.output, '');
    await writeFile(files.summary, '');
    const env: NodeJS.ProcessEnv = {
      ...prtEnv(undefined, home, o.env),
      PATH: `${bin}${path.delimiter}${prtEnv(undefined, home).PATH}`,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: o.eventName,
      GITHUB_EVENT_PATH: o.eventPath,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_REPOSITORY: o.repository,
      GITHUB_REPOSITORY_OWNER: o.repository.split('/')[0],
      GITHUB_RUN_ID: o.runId,
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_GRAPHQL_URL: o.gh.url,
      GITHUB_WORKSPACE: workspace,
      GITHUB_JOB: id,
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      // The runner's own credentials, which must never reach what prt runs.
      ACTIONS_RUNTIME_TOKEN: 'runner-runtime-token',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-oidc-token',
      ...stepEnv,
    };
    const r = await runStep(step, withs, env, workspace, o, ctx);
    const outputs = parseOutputs(await readFile(files.output, 'utf8'));
    const summary = await readFile(files.summary, 'utf8');
    steps.push({ label, skipped: false, ...r, outputs, summary });
    if (r.exitCode !== 0 && !step['continue-on-error']) failed = true;
  }
  return { matrix, workspace, steps, failed };
}

type Ran = { exitCode: number; stdout: string; stderr: string; env?: NodeJS.ProcessEnv };

async function runStep(step: WorkflowStep, withs: Record<string, string>, env: NodeJS.ProcessEnv, workspace: string, o: JobEnv, ctx: Contexts): Promise<Ran> {
  if (step.run !== undefined) return spawnIn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', asString(interpolate(step.run, ctx))], workspace, env);
  const uses = step.uses ?? '';
  if (uses.startsWith('actions/checkout@')) return checkout(workspace, withs.ref, o, env);
  if (uses.startsWith('actions/upload-artifact@')) {
    const dest = path.join(o.root, 'artifacts', withs.name);
    const empty = !existsSync(withs.path) || (await readdir(withs.path)).length === 0;
    if (empty) return withs['if-no-files-found'] === 'error' ? { exitCode: 1, stdout: '', stderr: `No files were found with the provided path: ${withs.path}` } : { exitCode: 0, stdout: '', stderr: '' };
    await cp(withs.path, dest, { recursive: true });
    return { exitCode: 0, stdout: `uploaded ${withs.name}`, stderr: '' };
  }
  if (uses.startsWith('actions/download-artifact@')) {
    const glob = new RegExp(`^${(withs.pattern ?? '*').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const names = (await readdir(path.join(o.root, 'artifacts'))).filter((n) => glob.test(n)).sort();
    for (const n of names) await cp(path.join(o.root, 'artifacts', n), path.join(withs.path, n), { recursive: true });
    return { exitCode: 0, stdout: `downloaded ${names.join(', ')}`, stderr: '' };
  }
  if (THIS_ACTION.test(uses)) {
    const inputs: NodeJS.ProcessEnv = {};
    for (const [name, meta] of Object.entries(await actionInputs())) {
      const given = withs[name] ?? (meta.default !== undefined ? asString(interpolate(String(meta.default), { github: o.github })) : '');
      inputs[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = given;
    }
    for (const k of Object.keys(withs)) if (!(`INPUT_${k.toUpperCase()}` in inputs)) throw new Error(`the workflow passes ${k}, which action.yml does not declare`);
    const full = { ...env, ...inputs };
    return { ...(await spawnIn(process.execPath, [path.join(PROJECT_ROOT, 'action', 'prt.cjs')], workspace, full)), env: full };
  }
  throw new Error(`the player does not know the step ${uses}`);
}

/** actions/checkout: a shallow fetch of one commit or branch tip, origin named as GitHub's. */
async function checkout(dir: string, ref: string | undefined, o: PlayOptions, env: NodeJS.ProcessEnv): Promise<Ran> {
  const { origin } = o;
  const g = (args: string[]) => execFileAsync('git', args, { cwd: dir, env });
  await g(['init', '--quiet']);
  await g(['remote', 'add', 'origin', `https://github.com/${o.repository}.git`]);
  await g(['config', 'remote.origin.pushurl', origin]);
  if (!ref) throw new Error('the player checks out a ref the workflow names');
  if (/^[0-9a-f]{40}$/.test(ref)) {
    await g(['fetch', '--quiet', '--depth', '1', origin, ref]);
    await g(['checkout', '--quiet', '--detach', 'FETCH_HEAD']);
  } else {
    await g(['fetch', '--quiet', '--depth', '1', origin, `+refs/heads/${ref}:refs/remotes/origin/${ref}`]);
    await g(['checkout', '--quiet', '-B', ref, `refs/remotes/origin/${ref}`]);
  }
  return { exitCode: 0, stdout: '', stderr: '' };
}

function spawnIn(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
  });
}
