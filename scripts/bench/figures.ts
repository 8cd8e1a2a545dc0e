import { oneLine } from '../../src/common/errors';
import { timeNodeSpawn } from './nodeSpawnBaseline';
import { Availability, timeGnuParallel, timeXargs } from './shellTools';
import { runCliBench } from './cliBench';
import { runEngine } from './engineBench';
import { Figure, verdict } from './figureTable';
import { formatMs, formatRatio, formatRounds, median } from './stats';
import { runWriteBench } from './writeBench';

export type Log = (line: string) => void;

const ROUNDS = 3;
const OVERHEAD_JOBS = 1000;
const OVERHEAD_CONCURRENCY = 4;

/**
 * Figure 1: 1000 jobs of `true`, 4 at once, through the engine, xargs and GNU parallel;
 * rounds interleaved (the starting tool rotates) after one small warm-up each; medians.
 * @throws BenchError when a tool fails or an engine job does not succeed.
 */
export async function engineOverheadFigures(cwd: string, parallel: Availability, log: Log): Promise<Figure[]> {
  let workers = { started: 0, fallbacks: 0 };
  const tools: { name: string; run: (jobs: number) => Promise<number> }[] = [
    {
      name: 'engine',
      run: async (jobs) => {
        const r = await runEngine({ jobs, concurrency: OVERHEAD_CONCURRENCY, command: 'true', cwd });
        workers = { started: r.workersStarted, fallbacks: r.fallbacks };
        return r.wallMs;
      },
    },
    { name: 'xargs', run: (jobs) => timeXargs(jobs, OVERHEAD_CONCURRENCY, 'true') },
    { name: 'node spawn', run: (jobs) => timeNodeSpawn(jobs, OVERHEAD_CONCURRENCY, 'true', cwd) },
    ...(parallel.available ? [{ name: 'GNU parallel', run: (jobs: number) => timeGnuParallel(jobs, OVERHEAD_CONCURRENCY, 'true') }] : []),
  ];
  const times = new Map<string, number[]>(tools.map((t) => [t.name, []]));
  log(`figure 1: warm-up (50 jobs per tool)`);
  for (const t of tools) await t.run(50);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < tools.length; k++) {
      const t = tools[(round + k) % tools.length];
      log(`figure 1: round ${round + 1}/${ROUNDS}: ${t.name}, ${OVERHEAD_JOBS} × true at ${OVERHEAD_CONCURRENCY} at once`);
      times.get(t.name)!.push(await t.run(OVERHEAD_JOBS));
    }
  }
  const engine = median(times.get('engine')!);
  const xargs = median(times.get('xargs')!);
  const bare = median(times.get('node spawn')!);
  // Rounds run back to back, so a paired ratio shares the machine's load of that moment.
  const paired = (other: string) => median(times.get('engine')!.map((e, i) => e / times.get(other)![i]));
  const perJob = (ms: number) => `${((ms / OVERHEAD_JOBS) * OVERHEAD_CONCURRENCY).toFixed(2)} ms per job per slot`;
  const vsXargs = engine / xargs;
  const figures: Figure[] = [
    {
      name: `engine overhead vs xargs (${OVERHEAD_JOBS} × true, -P${OVERHEAD_CONCURRENCY})`,
      measured: `${formatRatio(vsXargs)} (${formatMs(engine)} vs ${formatMs(xargs)})`,
      target: '≤ 1.50×',
      verdict: verdict(vsXargs, '<=', 1.5),
      notes: [
        `engine (Scheduler + threadJob on a shell worker pool, sh -c in its own process group): ${formatRounds(times.get('engine')!)} → median ${formatMs(engine)}, ${perJob(engine)}`,
        `shell workers spawned per engine round: ${workers.started}; jobs handed to runCommand (one Node spawn each): ${workers.fallbacks}`,
        `xargs -P${OVERHEAD_CONCURRENCY} -n1 sh -c true: ${formatRounds(times.get('xargs')!)} → median ${formatMs(xargs)}, ${perJob(xargs)}`,
        `bare Node spawn('sh', ['-c', 'true']), ${OVERHEAD_CONCURRENCY} at once, nothing else: ${formatRounds(times.get('node spawn')!)} → median ${formatMs(bare)}, ${perJob(bare)}`,
        `engine / bare Node spawn: ${formatRatio(engine / bare)}; bare Node spawn / xargs: ${formatRatio(bare / xargs)} (what one Node spawn per job would cost)`,
        `median of the per-round ratios engine / xargs: ${formatRatio(paired('xargs'))}`,
      ],
    },
  ];
  const gnuName = `engine overhead vs GNU parallel (-j${OVERHEAD_CONCURRENCY})`;
  if (!parallel.available) {
    figures.push({ name: gnuName, measured: 'unavailable', target: '≤ 0.50×', verdict: 'N/A', notes: [parallel.reason] });
  } else {
    const gnu = median(times.get('GNU parallel')!);
    figures.push({
      name: gnuName,
      measured: `${formatRatio(engine / gnu)} (${formatMs(engine)} vs ${formatMs(gnu)})`,
      target: '≤ 0.50×',
      verdict: verdict(engine / gnu, '<=', 0.5),
      notes: [
        `${parallel.version}, parallel -j${OVERHEAD_CONCURRENCY} true ::: $(seq ${OVERHEAD_JOBS}): ${formatRounds(times.get('GNU parallel')!)} → median ${formatMs(gnu)}, ${perJob(gnu)}`,
        `median of the per-round ratios engine / GNU parallel: ${formatRatio(paired('GNU parallel'))}`,
      ],
    });
  }
  return figures;
}

/**
 * Figure 2: 64 jobs of `sleep 0.25`, 8 at once, through the engine: wall over the ideal 2 s.
 * @throws BenchError when a job does not succeed.
 */
export async function schedulingFigure(cwd: string, log: Log): Promise<Figure> {
  const jobs = 64;
  const concurrency = 8;
  const seconds = 0.25;
  const ideal = (jobs / concurrency) * seconds * 1000;
  const walls: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    log(`figure 2: round ${round + 1}/${ROUNDS}: ${jobs} × sleep ${seconds} at ${concurrency} at once`);
    walls.push((await runEngine({ jobs, concurrency, command: `sleep ${seconds}`, cwd })).wallMs);
  }
  const wall = median(walls);
  return {
    name: `scheduling efficiency (${jobs} × sleep ${seconds}, ${concurrency} at once)`,
    measured: `${formatRatio(wall / ideal)} of ideal (${formatMs(wall)} vs ${formatMs(ideal)})`,
    target: '≤ 1.05×',
    verdict: verdict(wall / ideal, '<=', 1.05),
    notes: [`engine wall per round: ${formatRounds(walls)} → median ${formatMs(wall)}; ideal = ${jobs}/${concurrency} × ${seconds} s`],
  };
}

/**
 * Figure 3: reply to and resolve 250 threads with the write lane, 10 per request.
 * @throws BenchError when a thread is not written.
 */
export async function writeBatchingFigures(log: Log): Promise<Figure[]> {
  const threads = 250;
  const batchSize = 10;
  log(`figure 3: reply to and resolve ${threads} threads on the test GitHub, ${batchSize} per request`);
  const r = await runWriteBench({ threads, batchSize });
  const bound = Math.ceil(threads / batchSize);
  const correct = r.resolved === threads && r.repliedOnce === threads;
  return [
    {
      name: `GitHub write batching (${threads} threads, batch ${batchSize})`,
      measured: `${r.mutationRequests} mutation requests`,
      target: `≤ ${bound}`,
      verdict: verdict(r.mutationRequests, '<=', bound),
      notes: [
        `one call per mutation (a reply, then a resolve, per thread) would need ${r.oneCallPerMutation} requests: ${(r.oneCallPerMutation / Math.max(1, r.mutationRequests)).toFixed(0)}× more`,
        `${r.allRequests} requests in all, written in ${formatMs(r.wallMs)} with intervalMs 0`,
      ],
    },
    {
      name: 'GitHub writes landed exactly once',
      measured: `${r.resolved}/${threads} resolved, ${r.repliedOnce}/${threads} replied once`,
      target: `${threads}/${threads} each`,
      verdict: correct ? 'PASS' : 'MISS',
    },
  ];
}

/**
 * Figure 4: the whole `prt run` on a 40-thread PR, 4 workers and 4 jobs vs 1 and 1.
 * @throws BenchError when the CLI bundle is missing or a run does not resolve everything.
 */
export async function cliFigure(cli: string, log: Log): Promise<Figure> {
  const threads = 40;
  const command = 'sleep 0.2';
  const parallel = 4;
  log(`figure 4: prt run on ${threads} threads with --exec '${command}', --workers ${parallel} --jobs ${parallel}, then --workers 1 --jobs 1`);
  const r = await runCliBench({ cli, threads, files: 8, command, parallel });
  const speedup = r.sequential.wallMs / r.parallel.wallMs;
  return {
    name: `prt run, ${threads} threads, ${parallel} workers vs 1 (one at a time)`,
    measured: `${formatRatio(speedup)} faster (${formatMs(r.parallel.wallMs)} vs ${formatMs(r.sequential.wallMs)})`,
    target: '≥ 3.00× (ideal 4×)',
    verdict: verdict(speedup, '>=', 3),
    notes: [
      `wall from spawning node dist/cli.js to its exit; the reports' own wallMs: ${formatMs(r.parallel.reportWallMs)} vs ${formatMs(r.sequential.reportWallMs)}`,
      `parallel run's time over the sequential one's: ${formatRatio(r.parallel.wallMs / r.sequential.wallMs)}; all ${threads} threads resolved in both, with ${r.parallel.mutations} and ${r.sequential.mutations} mutation requests`,
    ],
  };
}

/** A figure that could not be measured, with why. */
export function errorFigure(name: string, e: unknown): Figure {
  return { name, measured: 'could not run', target: '-', verdict: 'ERROR', notes: [oneLine(e) || String(e)] };
}
