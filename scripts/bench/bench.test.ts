// Checks of the bench's own arithmetic and reporting; the figures themselves are measured
// by `npm run bench`, never asserted on (they depend on the machine).
import * as assert from 'node:assert/strict';
import { isBenchError } from './benchError';
import { runCliBench } from './cliBench';
import { childrenCpuMs, withCpu } from './cpuTime';
import { runEngine, timeRunCommand } from './engineBench';
import { errorFigure } from './figures';
import { Figure, finalLine, formatFigures, verdict } from './figureTable';
import { timeNodeSpawn } from './nodeSpawnBaseline';
import { roundOrder } from './overheadFigures';
import { formatMs, formatRatio, formatRatios, median, pairedRatios } from './stats';
import { timeProcess, timeSuccess } from './timeProcess';
import { runWriteBench } from './writeBench';

describe('bench', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const rounds = [30, 10, 20];
    assert.equal(median(rounds), 20);
    assert.deepEqual(rounds, [30, 10, 20]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('judges a bound inclusively in both directions', () => {
    assert.equal(verdict(1.5, '<=', 1.5), 'PASS');
    assert.equal(verdict(1.51, '<=', 1.5), 'MISS');
    assert.equal(verdict(3, '>=', 3), 'PASS');
    assert.equal(verdict(2.99, '>=', 3), 'MISS');
  });

  it('formats times and ratios', () => {
    assert.equal(formatMs(812.4), '812 ms');
    assert.equal(formatMs(15_338), '15.3 s');
    assert.equal(formatRatio(1.234), '1.23×');
    assert.equal(formatRatios([1.234, 2]), '1.23, 2.00×');
  });

  it('pairs the rounds of two series, up to the shorter one', () => {
    assert.deepEqual(pairedRatios([20, 30, 40], [10, 10]), [2, 3]);
    // The median of the paired ratios is not the ratio of the medians: a slow moment hits one round of both.
    const engine = [12, 24, 13];
    const bare = [10, 20, 10];
    assert.equal(median(pairedRatios(engine, bare)), 1.2);
    assert.equal(median(engine) / median(bare), 1.3);
  });

  it('runs the engine and the bare spawn back to back, alternating which goes first, and rotates the references', () => {
    const orders = [0, 1, 2, 3].map((r) => roundOrder(['E', 'B'], ['x', 'y', 'z'], r).join(''));
    assert.deepEqual(orders, ['EBxyz', 'BEyzx', 'EBzxy', 'BExyz']);
    assert.deepEqual(roundOrder(['E', 'B'], [], 1), ['B', 'E']);
  });

  it('reads the children\'s CPU time from /proc/self/stat, whatever the command name holds', () => {
    // pid (comm) state ppid … utime stime cutime cstime …: cutime 250 and cstime 50 ticks = 3 s.
    const stat = '4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 250 50 20 0 11 0 100 0 0';
    assert.equal(childrenCpuMs(stat), 3000);
    assert.equal(childrenCpuMs('garbage'), undefined);
  });

  it('counts the CPU time of what it runs', async () => {
    const { value, cpu } = await withCpu(async () => {
      const until = performance.now() + 20;
      while (performance.now() < until) {
        // busy: some CPU time to count
      }
      return 'done';
    });
    assert.equal(value, 'done');
    assert.ok(cpu.selfMs > 0);
    assert.ok(cpu.childrenMs === undefined || cpu.childrenMs >= 0);
  });

  it('prints one aligned `name: measured target … VERDICT` line per figure, notes under it', () => {
    const figures: Figure[] = [
      { name: 'a', measured: '1.00×', target: '≤ 1.50×', verdict: 'PASS', notes: ['why'] },
      { name: 'longer name', measured: '9 requests', target: '≤ 25', verdict: 'MISS' },
    ];
    const lines = formatFigures(figures);
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^a: +1\.00× +target ≤ 1\.50× +PASS$/);
    assert.match(lines[1], /^ +why$/);
    assert.match(lines[2], /^longer name: +9 requests +target ≤ 25 +MISS$/);
    assert.equal(lines[0].indexOf('target'), lines[2].indexOf('target'));
  });

  it('sums up met, missed, reference, unavailable and failed figures in the final line', () => {
    const f = (verdict: Figure['verdict']): Figure => ({ name: 'x', measured: '', target: '', verdict });
    assert.equal(finalLine([f('PASS'), f('MISS'), f('PASS')]), 'bench: 2 of 3 targets met, 1 missed (a report: exit 0 whether met or missed)');
    assert.equal(finalLine([f('PASS'), f('N/A'), f('ERROR')]), 'bench: 1 of 1 targets met, 1 not available here, 1 could not be measured (exit 2)');
    assert.equal(finalLine([f('MISS'), f('REF'), f('REF'), f('N/A')]), 'bench: 0 of 1 targets met, 1 missed, 2 references, 1 not available here (a report: exit 0 whether met or missed)');
  });

  it('times a process and reports a failing one with its stderr', async () => {
    const ok = await timeProcess('sh', ['-c', 'cat; echo out'], { stdin: 'in\n' });
    assert.equal(ok.exitCode, 0);
    assert.equal(ok.stdout, 'in\nout\n');
    assert.ok(ok.wallMs > 0);
    await assert.rejects(timeSuccess('sh', ['-c', 'echo broken >&2; exit 3']), (e: unknown) => {
      assert.ok(isBenchError(e));
      assert.match((e as Error).message, /^sh exited 3: broken$/);
      return true;
    });
    await assert.rejects(timeProcess('/nonexistent/tool', []), (e: unknown) => isBenchError(e) && /could not start/.test((e as Error).message));
  });

  it('turns a missing CLI bundle into a bench error, shown as an ERROR figure', async () => {
    let caught: unknown;
    await runCliBench({ cli: '/nonexistent/dist/cli.js', threads: 1, files: 1, command: 'true', parallel: 1 }).catch((e: unknown) => (caught = e));
    assert.ok(isBenchError(caught));
    const figure = errorFigure('prt run', caught);
    assert.equal(figure.verdict, 'ERROR');
    assert.match(figure.notes?.[0] ?? '', /\/nonexistent\/dist\/cli\.js is missing/);
  });

  it('runs engine jobs through the fix stage with the thread environment, its body file and its JSON on stdin', async () => {
    const command = 'test "$PRT_REPO" = bench/engine && test -f "$PRT_BODY_FILE" && grep -q "\\"id\\":\\"$PRT_THREAD_ID\\""';
    const run = await runEngine({ jobs: 8, maxConcurrency: 2, command, cwd: '/tmp' });
    assert.equal(run.lanes, 4, 'prt run plans 4 lanes unless --workers says otherwise');
    assert.equal((await runEngine({ jobs: 8, maxConcurrency: 8, workers: 8, command: 'true', cwd: '/tmp' })).lanes, 8);
  });

  it('refuses a time from failed jobs, in the engine, runCommand alone and the bare spawn', async () => {
    await assert.rejects(runEngine({ jobs: 3, maxConcurrency: 2, command: 'exit 4', cwd: '/tmp' }), (e: unknown) => {
      assert.ok(isBenchError(e));
      assert.match((e as Error).message, /^3 of 3 engine jobs of `exit 4` did not succeed \(first: failed, exit code 4\)$/);
      return true;
    });
    await assert.rejects(timeRunCommand(3, 2, 'exit 5', '/tmp'), (e: unknown) => isBenchError(e) && /exit code 5/.test((e as Error).message));
    await assert.rejects(timeNodeSpawn(3, 2, 'exit 6', '/tmp'), (e: unknown) => isBenchError(e) && /exited 6/.test((e as Error).message));
    await assert.rejects(timeNodeSpawn(1, 1, 'true', '/nonexistent/folder'), (e: unknown) => isBenchError(e) && /could not start sh/.test((e as Error).message));
  });

  it('counts the write lane\'s mutation requests and refusals, and checks the store', async () => {
    const r = await runWriteBench({ threads: 12, batchSize: 5, windowScale: 0.01 });
    assert.equal(r.mutationRequests, 3);
    assert.equal(r.oneCallPerMutation, 24);
    assert.equal(r.refusals, 0);
    assert.equal(r.resolved, 12);
    assert.equal(r.repliedOnce, 12);
    // 12 replies fit in one content window: only the 10 ms between requests sets the floor.
    assert.equal(r.floorMs, 20);
    assert.equal(r.contentRate, '80/600ms,500/36s');
  });
});
