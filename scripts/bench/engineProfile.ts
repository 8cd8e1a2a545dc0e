import { CommandFixer } from '../../src/engine/fix/commandFixer';
import { BodyFiles } from '../../src/engine/fix/threadEnv';
// `node out/scripts/bench/engineProfile.js [JOBS] [ROUNDS] [LAYER]` (after `node esbuild.mjs
// --tests`; LAYER: only the layers whose name starts with it, e.g. under `strace -c -f`):
// where figure 1's engine time goes. Runs JOBS × `true`, 4 at once, through the engine's
// layers one by one, from a bare Node spawn up to the whole fix stage, in interleaved rounds,
// and prints each layer's median wall time and CPU per job (this process, and its children).
// A diagnosis for when `npm run bench` misses its target, not part of it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCommand } from '../../src/engine/fix/command';
import { ProcessGroupRegistry } from '../../src/engine/fix/processGroupRegistry';
import { resolveInRepo } from '../../src/engine/fix/repoPath';
import { threadEnv, threadStdinJson, withThreadInput } from '../../src/engine/fix/threadEnv';
import { describeThreadJob, threadJob, ThreadJobContext } from '../../src/engine/fix/threadJob';
import { planThreads } from '../../src/engine/plan/planner';
import { Scheduler } from '../../src/engine/schedule/scheduler';
import { HALT_NEVER } from '../../src/model/haltPolicy';
import { commandEnv } from '../../src/pipeline/fixers';
import { BenchError } from './benchError';
import { withCpu } from './cpuTime';
import { runEngine, syntheticThreads, timeRunCommand } from './engineBench';
import { timeNodeSpawn } from './nodeSpawnBaseline';
import { median } from './stats';

const CONCURRENCY = 4;

/** `fn(i)` for i in 0..jobs-1, at most CONCURRENCY at once; the wall time in ms. */
async function pool(jobs: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < jobs) await fn(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - started;
}

function jobContext(cwd: string, registry: ProcessGroupRegistry): ThreadJobContext {
  const fixer = new CommandFixer({ template: 'true', repo: 'bench/engine', pr: 1, repoRoot: cwd, baseEnv: commandEnv(process.env), registry, runCommand, bodyFiles: new BodyFiles() });
  return { repoRoot: cwd, fixer, applySuggestions: false };
}

/** Each layer adds one part of the engine to the one before it (the first two add no process). */
function layers(cwd: string): [string, (jobs: number) => Promise<number>][] {
  return [
    ['bare Node spawn (detached, pipes)', (jobs) => timeNodeSpawn(jobs, CONCURRENCY, 'true', cwd)],
    ['runCommand alone (+ registry)', (jobs) => timeRunCommand(jobs, CONCURRENCY, 'true', cwd)],
    ['runCommand + thread env and stdin', async (jobs) => {
      // What threadJob passes to runCommand, without the body file behind PRT_BODY_FILE or the path check.
      const registry = new ProcessGroupRegistry();
      try {
        const threads = syntheticThreads(jobs);
        const options = { worker: 'worker-1', repo: 'bench/engine', pr: 1, baseEnv: commandEnv(process.env), bodyFile: path.join(cwd, 'body.md') };
        return await pool(jobs, async (i) => {
          const r = await runCommand({ command: 'true', cwd, env: threadEnv(threads[i], options), stdin: threadStdinJson(threads[i]), signal: new AbortController().signal, onOutput: () => undefined, registry });
          if (r.exitCode !== 0) throw new BenchError(`runCommand exited ${r.exitCode}`);
        });
      } finally {
        registry.dispose();
      }
    }],
    ['path check alone (no process)', (jobs) => {
      const threads = syntheticThreads(jobs);
      return pool(jobs, async (i) => void (await resolveInRepo(cwd, threads[i].path)));
    }],
    ['thread input alone (no process)', (jobs) => {
      const threads = syntheticThreads(jobs);
      const options = { worker: 'worker-1', repo: 'bench/engine', pr: 1, baseEnv: commandEnv(process.env) };
      return pool(jobs, (i) => withThreadInput(threads[i], options, async () => undefined));
    }],
    ['threadJob.run, no scheduler', async (jobs) => {
      const registry = new ProcessGroupRegistry();
      try {
        const ctx = jobContext(cwd, registry);
        const threads = syntheticThreads(jobs);
        const run = threads.map((t) => threadJob(t, describeThreadJob(t, 'worker-1', ctx), ctx));
        const signal = new AbortController().signal;
        return await pool(jobs, async (i) => {
          const outcome = await run[i].run({ attempt: 1, signal, lane: 'worker-1', onOutput: () => undefined });
          if (!outcome.ok) throw new BenchError(`threadJob failed: ${outcome.error ?? 'no reason'}`);
        });
      } finally {
        registry.dispose();
      }
    }],
    ['Scheduler over threadJobs', async (jobs) => {
      const registry = new ProcessGroupRegistry();
      try {
        const ctx = jobContext(cwd, registry);
        const threads = syntheticThreads(jobs);
        const byId = new Map(threads.map((t) => [t.id, t]));
        const plan = planThreads(threads, { workers: CONCURRENCY, strategy: 'by-file' });
        const lanes = plan.lanes.map((l) => ({ name: l.name, jobs: l.threads.map((id) => threadJob(byId.get(id)!, describeThreadJob(byId.get(id)!, l.name, ctx), ctx)) }));
        const scheduler = new Scheduler(lanes, { maxConcurrency: CONCURRENCY, retries: 0, retryDelayMs: 0, halt: HALT_NEVER });
        try {
          const started = performance.now();
          await scheduler.run();
          return performance.now() - started;
        } finally {
          scheduler.dispose();
        }
      } finally {
        registry.dispose();
      }
    }],
    ['engine: fixStage over a Run', async (jobs) => (await runEngine({ jobs, maxConcurrency: CONCURRENCY, command: 'true', cwd })).wallMs],
  ];
}

async function main(): Promise<void> {
  const jobs = Number(process.argv[2] ?? 1000);
  const rounds = Number(process.argv[3] ?? 5);
  const cwd = await mkdtemp(path.join(tmpdir(), 'prt-bench-profile-'));
  try {
    const only = process.argv[4];
    const all = layers(cwd).filter(([name]) => only === undefined || name.startsWith(only));
    if (all.length === 0) throw new BenchError(`no layer's name starts with ${only}`);
    const results = all.map(() => ({ wall: [] as number[], self: [] as number[], children: [] as number[] }));
    for (const [, run] of all) await run(50);
    for (let round = 0; round < rounds; round++) {
      // Rotated, so that no layer always runs right after the same one.
      for (let k = 0; k < all.length; k++) {
        const i = (round + k) % all.length;
        const { value, cpu } = await withCpu(() => all[i][1](jobs));
        results[i].wall.push(value);
        results[i].self.push(cpu.selfMs / jobs);
        results[i].children.push((cpu.childrenMs ?? Number.NaN) / jobs);
      }
    }
    console.log(`${jobs} × true, ${CONCURRENCY} at once, ${rounds} rounds; medians`);
    console.log(`${'layer'.padEnd(36)}${'wall'.padStart(9)}${'ms/job/slot'.padStart(13)}${'CPU here/job'.padStart(14)}${'children/job'.padStart(14)}  rounds`);
    all.forEach(([name], i) => {
      const r = results[i];
      const wall = median(r.wall);
      console.log(
        `${name.padEnd(36)}${`${Math.round(wall)} ms`.padStart(9)}${((wall / jobs) * CONCURRENCY).toFixed(2).padStart(13)}${median(r.self).toFixed(3).padStart(14)}${median(r.children).toFixed(3).padStart(14)}  ${r.wall.map(Math.round).join(', ')}`,
      );
    });
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 2;
});
