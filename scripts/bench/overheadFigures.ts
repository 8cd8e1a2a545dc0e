import { loadavg, tmpdir } from 'node:os';
import { CpuSpent, withCpu } from './cpuTime';
import { runEngine, timeRunCommand } from './engineBench';
import { Figure, verdict } from './figureTable';
import { timeNodeSpawn } from './nodeSpawnBaseline';
import { Availability, timeGnuParallel, timeXargs } from './shellTools';
import { formatMs, formatRatio, formatRatios, formatRounds, median, pairedRatios } from './stats';

export type Log = (line: string) => void;

export const OVERHEAD_JOBS = 1000;
export const OVERHEAD_CONCURRENCY = 4;
export const OVERHEAD_TARGET = 1.2;
const ROUNDS = 5;
const WARM_UP_JOBS = 50;

interface Tool {
  readonly name: string;
  /** Runs `jobs` × `true`, `OVERHEAD_CONCURRENCY` at once; returns the wall time in ms. */
  readonly run: (jobs: number) => Promise<number>;
}

/** Each tool's rounds, in the order they ran. */
interface Rounds {
  readonly wallMs: number[];
  readonly cpu: CpuSpent[];
}

/**
 * The order of round `round`: the engine and the bare spawn back to back, which of them
 * goes first alternating (A B, B A, …), so that the load of that moment and any warming
 * left by the one before fall on both alike; then the references, their order rotating.
 */
export function roundOrder<T>(pair: readonly [T, T], references: readonly T[], round: number): T[] {
  const first = round % 2 === 0 ? [pair[0], pair[1]] : [pair[1], pair[0]];
  const n = references.length;
  return [...first, ...references.map((_, k) => references[(round + k) % n])];
}

function perJobMs(ms: number): string {
  return `${((ms / OVERHEAD_JOBS) * OVERHEAD_CONCURRENCY).toFixed(2)} ms`;
}

/** Median CPU of a tool's rounds per job: `0.81 ms here + 1.12 ms in children`. */
function cpuPerJob(r: Rounds): string {
  const self = median(r.cpu.map((c) => c.selfMs)) / OVERHEAD_JOBS;
  const children = r.cpu.every((c) => c.childrenMs !== undefined) ? median(r.cpu.map((c) => c.childrenMs!)) / OVERHEAD_JOBS : undefined;
  return `${self.toFixed(2)} ms in this process${children === undefined ? '' : ` + ${children.toFixed(2)} ms in child processes`}`;
}

/**
 * Figure 1: 1000 × `true`, 4 at once, through the engine (`prt run --exec true --jobs 4
 * --isolation none`'s fix stage) and through a bare Node spawn loop, in interleaved rounds
 * after a warm-up; the headline is the median of the per-round ratios. `runCommand` alone, xargs -P4 and GNU
 * parallel -j4 run in the same rounds as references.
 * @throws BenchError when a tool fails or an engine job does not succeed.
 */
export async function engineOverheadFigures(cwd: string, parallel: Availability, log: Log): Promise<Figure[]> {
  const c = OVERHEAD_CONCURRENCY;
  const engine: Tool = { name: 'engine', run: async (jobs) => (await runEngine({ jobs, maxConcurrency: c, command: 'true', cwd })).wallMs };
  const bare: Tool = { name: 'bare Node spawn', run: (jobs) => timeNodeSpawn(jobs, c, 'true', cwd) };
  const runner: Tool = { name: 'runCommand alone', run: (jobs) => timeRunCommand(jobs, c, 'true', cwd) };
  const xargs: Tool = { name: 'xargs', run: (jobs) => timeXargs(jobs, c, 'true') };
  const gnu: Tool = { name: 'GNU parallel', run: (jobs) => timeGnuParallel(jobs, c, 'true') };
  const references = [runner, xargs, ...(parallel.available ? [gnu] : [])];
  const all = [engine, bare, ...references];
  const rounds = new Map<Tool, Rounds>(all.map((t) => [t, { wallMs: [], cpu: [] }]));

  const load0 = loadavg()[0];
  log(`figure 1: warm-up (${WARM_UP_JOBS} jobs per tool)`);
  for (const t of all) await t.run(WARM_UP_JOBS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of roundOrder([engine, bare], references, round)) {
      log(`figure 1: round ${round + 1}/${ROUNDS}: ${t.name}, ${OVERHEAD_JOBS} × true, ${c} at once`);
      const { value, cpu } = await withCpu(() => t.run(OVERHEAD_JOBS));
      rounds.get(t)!.wallMs.push(value);
      rounds.get(t)!.cpu.push(cpu);
    }
  }
  const load1 = loadavg()[0];

  const walls = (t: Tool) => rounds.get(t)!.wallMs;
  const med = (t: Tool) => median(walls(t));
  const ratios = pairedRatios(walls(engine), walls(bare));
  const ratio = median(ratios);
  const selfCpu = (t: Tool) => median(rounds.get(t)!.cpu.map((x) => x.selfMs)) / OVERHEAD_JOBS;
  const figures: Figure[] = [
    {
      name: `engine vs bare Node spawn (${OVERHEAD_JOBS} × true, ${c} at once)`,
      measured: `${formatRatio(ratio)} (${formatMs(med(engine))} vs ${formatMs(med(bare))})`,
      target: `≤ ${formatRatio(OVERHEAD_TARGET)}`,
      verdict: verdict(ratio, '<=', OVERHEAD_TARGET),
      notes: [
        `engine: prt run --exec true --jobs ${c} --isolation none's fix stage, in place (parseRunOptions, planStage → ${c} lanes, fixStage over a Run: Scheduler with p-limit ${c}, threadJob = path check, PRT_* environment with PRT_BODY_FILE, JSON on stdin, sh -c in its own process group through runCommand with a ProcessGroupRegistry): ${formatRounds(walls(engine))}`,
        `bare: child_process.spawn('sh', ['-c', 'true']) detached, with pipes, waited for until closed, ${c} at once, nothing else: ${formatRounds(walls(bare))}`,
        `per-round ratios (the two back to back, order alternating): ${formatRatios(ratios)}; ratio of the medians ${formatRatio(med(engine) / med(bare))}, of the fastest rounds ${formatRatio(Math.min(...walls(engine)) / Math.min(...walls(bare)))}`,
        `wall per job and slot (wall × ${c} / ${OVERHEAD_JOBS}): engine ${perJobMs(med(engine))}, bare ${perJobMs(med(bare))}; the engine adds ${perJobMs(med(engine) - med(bare))}`,
        `CPU per job: engine ${cpuPerJob(rounds.get(engine)!)}; bare ${cpuPerJob(rounds.get(bare)!)}; the engine adds ${(selfCpu(engine) - selfCpu(bare)).toFixed(2)} ms in this process (${formatRatio(selfCpu(engine) / selfCpu(bare))}), whose one event loop starts every job`,
        `load average (1 min) ${load0.toFixed(2)} before, ${load1.toFixed(2)} after; rounds interleaved so that it falls on both alike; the jobs' PRT_BODY_FILE folders in ${tmpdir()}`,
        ...(ratio > OVERHEAD_TARGET ? ['where the time goes, layer by layer: node out/scripts/bench/engineProfile.js'] : []),
      ],
    },
    {
      name: 'runCommand alone vs bare Node spawn (reference)',
      measured: `${formatRatio(median(pairedRatios(walls(runner), walls(bare))))} (${formatMs(med(runner))})`,
      target: '-',
      verdict: 'REF',
      notes: [
        `runCommand('true') with a ProcessGroupRegistry and the same environment, ${c} at once, without planner, scheduler, thread environment, stdin, body file or path check: ${formatRounds(walls(runner))}`,
        `CPU per job: ${cpuPerJob(rounds.get(runner)!)}; engine / runCommand alone: ${formatRatio(median(pairedRatios(walls(engine), walls(runner))))} (what the engine adds above its runner)`,
      ],
    },
    {
      name: `xargs -P${c} (reference)`,
      measured: `${formatMs(med(xargs))} (engine ${formatRatio(med(engine) / med(xargs))} it)`,
      target: '-',
      verdict: 'REF',
      notes: [`seq ${OVERHEAD_JOBS} | xargs -P${c} -n1 sh -c true: ${formatRounds(walls(xargs))}; CPU per job: ${cpuPerJob(rounds.get(xargs)!)}`],
    },
  ];
  const gnuName = `GNU parallel -j${c} (reference)`;
  if (!parallel.available) {
    figures.push({ name: gnuName, measured: 'unavailable', target: '-', verdict: 'N/A', notes: [parallel.reason] });
  } else {
    figures.push({
      name: gnuName,
      measured: `${formatMs(med(gnu))} (engine ${formatRatio(med(engine) / med(gnu))} it)`,
      target: '-',
      verdict: 'REF',
      notes: [`${parallel.version}, parallel -j${c} true ::: $(seq ${OVERHEAD_JOBS}): ${formatRounds(walls(gnu))}; CPU per job: ${cpuPerJob(rounds.get(gnu)!)}`],
    });
  }
  return figures;
}
