// `npm run bench`: measures, side by side in one run, the engine's per-job overhead against
// a bare Node spawn (xargs, GNU parallel and runCommand alone beside them as references),
// the scheduler's efficiency, the GitHub write lane's requests and pace under GitHub's
// limits, the whole `prt run` in parallel against one thread at a time, and isolation: what
// a worktree per job slot adds to an instant job, integrating and landing 100 thread
// commits, and a 5,000-file repository's worktree made against reused, and `prt run --agent
// claude` (the real CLI against a scripted model, 2 s a turn) 4 at once against 1; and prints each
// figure with its target. A report, not a test: exit 0 whether targets are met or missed,
// 2 only when a figure could not be measured. Timings live here, never in test assertions.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { agentFigures } from './bench/agentFigures';
import { isBenchError } from './bench/benchError';
import { cliFigures, measureFigures as measure, schedulingFigure, writeFigures } from './bench/figures';
import { isolationCostFigures, largeRepoFigures } from './bench/isolationFigures';
import { engineOverheadFigures } from './bench/overheadFigures';
import { chooseGroups, Figure, finalLine, formatFigures } from './bench/figureTable';
import { ensureGnuParallel } from './bench/shellTools';
import { formatMs } from './bench/stats';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

const log = (line: string) => process.stderr.write(`· ${line}\n`);

/**
 * The groups of figures, in the order they run; `node out/scripts/bench.js [GROUP…]` runs
 * only those named (all by default), e.g. `npm run bench -- isolation`.
 */
const GROUPS = ['engine', 'scheduling', 'writes', 'cli', 'isolation', 'agents'] as const;
type Group = (typeof GROUPS)[number];

async function main(): Promise<number> {
  const started = performance.now();
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`PR Thread Runner bench · Node ${process.version} · ${availableParallelism()} cores (${cpu}) · ${process.platform} · load average ${load}`);
  const chosen = chooseGroups(GROUPS, process.argv.slice(2));
  const parallel = chosen.includes('engine') ? await ensureGnuParallel(log) : undefined;
  // The jobs' working folder: the engine checks thread paths against it, as in a real run.
  const work = await mkdtemp(path.join(tmpdir(), 'prt-bench-engine-'));
  const figures: Figure[] = [];
  const runs: Record<Group, () => Promise<Figure[]>> = {
    engine: () => measure('engine vs bare Node spawn', () => engineOverheadFigures(work, parallel!, log)),
    scheduling: () => measure('scheduling efficiency', () => schedulingFigure(work, log)),
    writes: () => measure('writes, 250 threads', () => writeFigures(log)),
    cli: () => measure('prt run, 4 workers vs 1', () => cliFigures(cli, log)),
    isolation: async () => [...(await measure('isolation: added cost per instant job', () => isolationCostFigures(log))), ...(await largeRepoFigures(log, measure))],
    agents: () => measure('prt run --agent claude, 4 at once vs 1', () => agentFigures(log)),
  };
  try {
    for (const group of chosen) figures.push(...(await runs[group]()));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  console.log('');
  for (const line of formatFigures(figures)) console.log(line);
  console.log('');
  console.log(`${finalLine(figures)} · took ${formatMs(performance.now() - started)}`);
  return figures.some((f) => f.verdict === 'ERROR') ? 2 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (isBenchError(e)) {
      console.error(`bench: ${e.message}`);
      process.exitCode = 2;
      return;
    }
    console.error(`bench: could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 2;
  },
);
