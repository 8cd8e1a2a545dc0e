// Checks of the bench's own arithmetic and reporting; the figures themselves are measured
// by `npm run bench`, never asserted on (they depend on the machine).
import * as assert from 'node:assert/strict';
import { isBenchError } from './benchError';
import { runCliBench } from './cliBench';
import { runEngine } from './engineBench';
import { errorFigure } from './figures';
import { Figure, finalLine, formatFigures, verdict } from './figureTable';
import { formatMs, formatRatio, median } from './stats';
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

  it('sums up met, missed, unavailable and failed figures in the final line', () => {
    const f = (verdict: Figure['verdict']): Figure => ({ name: 'x', measured: '', target: '', verdict });
    assert.equal(finalLine([f('PASS'), f('MISS'), f('PASS')]), 'bench: 2 of 3 targets met, 1 missed (a report: exit 0 whether met or missed)');
    assert.equal(finalLine([f('PASS'), f('N/A'), f('ERROR')]), 'bench: 1 of 1 targets met, 1 not available here, 1 could not be measured (exit 2)');
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

  it('runs engine jobs through the scheduler and refuses a time from failed jobs', async () => {
    const run = await runEngine({ jobs: 8, concurrency: 2, command: 'test "$PRT_REPO" = bench/engine', cwd: '/tmp' });
    assert.ok(run.wallMs >= run.schedulerWallMs);
    await assert.rejects(runEngine({ jobs: 3, concurrency: 2, command: 'exit 4', cwd: '/tmp' }), (e: unknown) => {
      assert.ok(isBenchError(e));
      assert.match((e as Error).message, /^3 of 3 engine jobs of `exit 4` did not succeed \(first: failed, exit code 4\)$/);
      return true;
    });
  });

  it('counts the write lane\'s mutation requests and checks the store', async () => {
    const r = await runWriteBench({ threads: 12, batchSize: 5 });
    assert.equal(r.mutationRequests, 3);
    assert.equal(r.oneCallPerMutation, 24);
    assert.equal(r.resolved, 12);
    assert.equal(r.repliedOnce, 12);
  });
});
