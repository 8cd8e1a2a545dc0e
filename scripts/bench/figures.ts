import { oneLine } from '../../src/common/errors';
import { isBenchError } from './benchError';
import { GITHUB_CONTENT_RATE } from '../../src/github/contentRate';
import { runCliBench } from './cliBench';
import { runEngine } from './engineBench';
import { Figure, verdict } from './figureTable';
import { timeNodeSpawn } from './nodeSpawnBaseline';
import type { Log } from './overheadFigures';
import { formatMs, formatRatio, formatRounds, median } from './stats';
import { runWriteBench } from './writeBench';

/**
 * The write figure's limit windows, scaled on both sides (lane and test GitHub): 0.05 makes
 * GitHub's 80 replies a minute 80 in 3 s, so the 250 threads' three waits take 9 s, not 3 min.
 */
export const WRITE_WINDOW_SCALE = 0.05;

/**
 * Figure 2: 64 × `sleep 0.25`, 8 at once (`--workers 8 --jobs 8`), through the engine: its
 * wall over the ideal 64/8 × 0.25 s. A bare Node spawn of the same jobs runs in the same
 * rounds, interleaved, to show what starting the processes costs any Node runner here.
 * @throws BenchError when a job does not succeed.
 */
export async function schedulingFigure(cwd: string, log: Log): Promise<Figure> {
  const jobs = 64;
  const concurrency = 8;
  const seconds = 0.25;
  const rounds = 3;
  const command = `sleep ${seconds}`;
  const ideal = (jobs / concurrency) * seconds * 1000;
  const engine: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < rounds; round++) {
    log(`figure 2: round ${round + 1}/${rounds}: ${jobs} × ${command}, ${concurrency} at once, engine and bare Node spawn`);
    const runEngineOnce = async () => engine.push((await runEngine({ jobs, maxConcurrency: concurrency, workers: concurrency, command, cwd })).wallMs);
    const runBareOnce = async () => bare.push(await timeNodeSpawn(jobs, concurrency, command, cwd));
    if (round % 2 === 0) {
      await runEngineOnce();
      await runBareOnce();
    } else {
      await runBareOnce();
      await runEngineOnce();
    }
  }
  const wall = median(engine);
  return {
    name: `scheduling efficiency (${jobs} × ${command}, ${concurrency} at once)`,
    measured: `${formatRatio(wall / ideal)} of ideal (${formatMs(wall)} vs ${formatMs(ideal)})`,
    target: '≤ 1.05×',
    verdict: verdict(wall / ideal, '<=', 1.05),
    notes: [
      `engine (prt run --exec '${command}' --workers ${concurrency} --jobs ${concurrency} --isolation none's fix stage, ${jobs / concurrency} jobs per lane): ${formatRounds(engine)}; ideal = ${jobs}/${concurrency} × ${seconds} s`,
      `bare Node spawn of the same jobs, ${concurrency} at once: ${formatRounds(bare)} → ${formatRatio(median(bare) / ideal)} of ideal`,
    ],
  };
}

/**
 * Figure 3: reply to and resolve 250 threads through the write lane, 10 per request, with
 * GitHub's documented secondary limits enforced by the test GitHub and kept by the lane,
 * both at windows scaled by `WRITE_WINDOW_SCALE`.
 * @throws BenchError when a thread is not written.
 */
export async function writeFigures(log: Log): Promise<Figure[]> {
  const threads = 250;
  const batchSize = 10;
  const windowScale = WRITE_WINDOW_SCALE;
  log(`figure 3: reply to and resolve ${threads} threads on the test GitHub, ${batchSize} per request, limit windows × ${windowScale}`);
  const r = await runWriteBench({ threads, batchSize, windowScale });
  const bound = Math.ceil(threads / batchSize);
  const overFloor = r.wallMs / r.floorMs;
  const minute = GITHUB_CONTENT_RATE[0];
  const limits = `GitHub's limits with windows × ${windowScale} on both sides (content ${r.contentRate}, 2,000 points per ${formatMs(60_000 * windowScale)}, requests ≥ ${formatMs(1000 * windowScale)} apart)`;
  return [
    {
      name: `writes, ${threads} threads: mutation requests`,
      measured: `${r.mutationRequests}`,
      target: `≤ ${bound}`,
      verdict: verdict(r.mutationRequests, '<=', bound),
      notes: [`${r.allRequests} requests in all; one call per mutation (a reply, then a resolve) would need ${r.oneCallPerMutation}`],
    },
    {
      name: `writes, ${threads} threads: secondary-limit refusals`,
      measured: `${r.refusals}`,
      target: '0',
      verdict: verdict(r.refusals, '<=', 0),
      notes: [limits],
    },
    {
      name: `writes, ${threads} threads: wall vs the limits' floor`,
      measured: `${formatRatio(overFloor)} (${formatMs(r.wallMs)} vs ${formatMs(r.floorMs)})`,
      target: '≤ 1.10×',
      verdict: verdict(overFloor, '<=', 1.1),
      notes: [
        `floor ${formatMs(r.floorMs)}: the earliest the last request may go under these limits (reply ${threads} waits for ${Math.floor((threads - 1) / minute.limit)} full windows of ${formatMs(minute.windowMs * windowScale)}); the lane announced ${r.announcedWaits} waits`,
      ],
    },
    {
      name: `writes, ${threads} threads: landed exactly once`,
      measured: `${r.resolved}/${threads} resolved, ${r.repliedOnce}/${threads} replied once`,
      target: `${threads}/${threads} each`,
      verdict: r.resolved === threads && r.repliedOnce === threads ? 'PASS' : 'MISS',
    },
  ];
}

/**
 * Figure 4: the whole `prt run` on a 40-thread PR, 4 workers and 4 jobs vs 1 and 1, as a
 * user runs it (isolation by default: each job in a worktree of its own); then the same
 * in place (`--isolation none`) as a reference, which shows what the worktrees cost.
 * @throws BenchError when the CLI bundle is missing or a run does not resolve everything.
 */
export async function cliFigures(cli: string, log: Log): Promise<Figure[]> {
  const threads = 40;
  const command = 'sleep 0.2';
  const parallel = 4;
  const ideal = (threads * 0.2 * 1000) / parallel;
  const figure = async (isolation: 'none' | undefined): Promise<Figure> => {
    const flag = isolation ? ` --isolation ${isolation}` : '';
    log(`figure 4: prt run on ${threads} threads with --exec '${command}'${flag}, --workers ${parallel} --jobs ${parallel}, then --workers 1 --jobs 1`);
    const r = await runCliBench({ cli, threads, files: 8, command, parallel, isolation });
    const speedup = r.sequential.wallMs / r.parallel.wallMs;
    const measured = `${formatRatio(speedup)} faster (${formatMs(r.parallel.wallMs)} vs ${formatMs(r.sequential.wallMs)})`;
    const notes = [
      `node dist/cli.js run --exec '${command}'${flag || ' (isolation: prt\'s default, a worktree per job slot)'} against the test GitHub, from spawn to exit; the reports' own wallMs: ${formatMs(r.parallel.reportWallMs)} vs ${formatMs(r.sequential.reportWallMs)}; ideal ${formatMs(ideal)} vs ${formatMs(ideal * parallel)}`,
      `all ${threads} threads resolved in both, with ${r.parallel.mutations} and ${r.sequential.mutations} mutation requests`,
    ];
    return isolation
      ? { name: `prt run${flag}, ${threads} threads, ${parallel} workers vs 1 (reference)`, measured, target: '-', verdict: 'REF', notes }
      : { name: `prt run, ${threads} threads, ${parallel} workers vs 1`, measured, target: '≥ 3.00× (ideal 4×)', verdict: verdict(speedup, '>=', 3), notes };
  };
  return [await figure(undefined), await figure('none')];
}

/** A figure that could not be measured, with why. */
export function errorFigure(name: string, e: unknown): Figure {
  return { name, measured: 'could not run', target: '-', verdict: 'ERROR', notes: [oneLine(e) || String(e)] };
}

/**
 * Runs one group of figures; a group that fails becomes one ERROR line naming why (not
 * swallowed: the bench then exits 2, and a bug also shows its stack on stderr).
 */
export async function measureFigures(name: string, fn: () => Promise<Figure | Figure[]>): Promise<Figure[]> {
  try {
    const f = await fn();
    return Array.isArray(f) ? f : [f];
  } catch (e) {
    if (!isBenchError(e)) process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return [errorFigure(name, e)];
  }
}
