// `npm run bench`: measures, side by side in one run, the engine's per-job overhead against
// a bare Node spawn (xargs, GNU parallel and runCommand alone beside them as references),
// the scheduler's efficiency, the GitHub write lane's requests and pace under GitHub's
// limits, and the whole `prt run` in parallel against one thread at a time, and prints each
// figure with its target. A report, not a test: exit 0 whether targets are met or missed,
// 2 only when a figure could not be measured. Timings live here, never in test assertions.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { isBenchError } from './bench/benchError';
import { cliFigures, errorFigure, schedulingFigure, writeFigures } from './bench/figures';
import { engineOverheadFigures } from './bench/overheadFigures';
import { Figure, finalLine, formatFigures } from './bench/figureTable';
import { ensureGnuParallel } from './bench/shellTools';
import { formatMs } from './bench/stats';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

const log = (line: string) => process.stderr.write(`· ${line}\n`);

/** Runs one group of figures; a group that fails becomes one ERROR line naming why. */
async function measure(name: string, fn: () => Promise<Figure | Figure[]>): Promise<Figure[]> {
  try {
    const f = await fn();
    return Array.isArray(f) ? f : [f];
  } catch (e) {
    // Not swallowed: the line says why and the bench exits 2. A bug also shows its stack.
    if (!isBenchError(e)) process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return [errorFigure(name, e)];
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`PR Thread Runner bench · Node ${process.version} · ${availableParallelism()} cores (${cpu}) · ${process.platform} · load average ${load}`);
  const parallel = await ensureGnuParallel(log);
  // The jobs' working folder: the engine checks thread paths against it, as in a real run.
  const work = await mkdtemp(path.join(tmpdir(), 'prt-bench-engine-'));
  const figures: Figure[] = [];
  try {
    figures.push(...(await measure('engine vs bare Node spawn', () => engineOverheadFigures(work, parallel, log))));
    figures.push(...(await measure('scheduling efficiency', () => schedulingFigure(work, log))));
    figures.push(...(await measure('writes, 250 threads', () => writeFigures(log))));
    figures.push(...(await measure('prt run, 4 workers vs 1', () => cliFigures(cli, log))));
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
    console.error(`bench: could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 2;
  },
);
