// Checks of the bench's own arithmetic and reporting; the figures themselves are measured
// by `npm run bench`, never asserted on (they depend on the machine).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GitVcs } from '../../src/git/gitVcs';
import { GitWorktrees } from '../../src/git/worktrees';
import { BenchError, isBenchError } from './benchError';
import { benchSandbox, createRepo, EDIT_LINE_COMMAND, FILE_LINES, git, repoFileContent, repoFilePath, sandboxEnv, threadMix } from './benchRepo';
import { runCliBench } from './cliBench';
import { childrenCpuMs, withCpu } from './cpuTime';
import { runEngine, syntheticThreads, timeRunCommand } from './engineBench';
import { errorFigure, measureFigures } from './figures';
import { chooseGroups, Figure, finalLine, formatFigures, verdict } from './figureTable';
import { timeNodeSpawn } from './nodeSpawnBaseline';
import { roundOrder } from './overheadFigures';
import { formatDeltaMs, formatMs, formatRatio, formatRatios, median, pairedDifferences, pairedRatios } from './stats';
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

  it('subtracts the rounds of two series pairwise and signs a small per-job difference', () => {
    assert.deepEqual(pairedDifferences([30, 12, 50], [10, 14]), [20, -2]);
    assert.equal(formatDeltaMs(19.04), '+19.0 ms');
    assert.equal(formatDeltaMs(-0.31), '-0.3 ms');
    assert.equal(formatDeltaMs(-0.04), '+0.0 ms');
  });

  it('chooses the groups of figures named, in their own order, all when none is named', () => {
    const groups = ['engine', 'writes', 'isolation'] as const;
    assert.deepEqual(chooseGroups(groups, []), ['engine', 'writes', 'isolation']);
    assert.deepEqual(chooseGroups(groups, ['isolation', 'engine']), ['engine', 'isolation']);
    assert.throws(() => chooseGroups(groups, ['isolation', 'speed']), (e: unknown) => isBenchError(e) && /no group of figures named "speed": choose among engine, writes, isolation/.test((e as Error).message));
  });

  it('names a bench repository\'s files 100 a folder, each with numbered lines', () => {
    assert.equal(repoFilePath(0), 'dir00/file000.txt');
    assert.equal(repoFilePath(4999), 'dir49/file099.txt');
    assert.equal(repoFilePath(123, 10), 'dir12/file003.txt');
    const lines = repoFileContent(7).split('\n');
    assert.equal(lines.length, FILE_LINES + 1);
    assert.equal(lines[10], 'file 7 line 11');
  });

  it('spreads threads over distinct files, a second thread on a file 10 lines below the first', () => {
    const mix = threadMix(100, 70, 5000);
    assert.equal(mix.length, 100);
    assert.equal(new Set(mix.map((m) => m.path)).size, 70);
    assert.deepEqual(mix[0], { path: 'dir00/file000.txt', line: 1 });
    assert.deepEqual(mix[1], { path: 'dir00/file071.txt', line: 1 });
    assert.deepEqual(mix[70], { path: 'dir00/file000.txt', line: 11 });
    assert.equal(mix.filter((m) => m.line === 11).length, 30);
    assert.equal(new Set(threadMix(200, 200, 200).map((m) => m.path)).size, 200, 'one file each, whatever the stride');
    assert.throws(() => threadMix(100, 20, 5000), (e: unknown) => isBenchError(e) && /do not fit in 20 lines/.test((e as Error).message));
    assert.throws(() => threadMix(10, 80, 50), isBenchError);
  });

  it('puts threads where asked', () => {
    const threads = syntheticThreads(2, [{ path: 'a/b.txt', line: 11 }, { path: 'c.txt', line: 1 }]);
    assert.deepEqual(threads.map((t) => [t.path, t.line, t.originalLine]), [['a/b.txt', 11, 11], ['c.txt', 1, 1]]);
    assert.equal(syntheticThreads(1)[0].path, 'src/file00000.ts');
    assert.throws(() => syntheticThreads(3, [{ path: 'a', line: 1 }]), isBenchError);
  });

  it('gives the bench\'s git a private HOME and cache folder, no system configuration and no token', () => {
    const env = sandboxEnv({ HOME: '/home/me', XDG_CACHE_HOME: '/home/me/.cache', GIT_DIR: '/elsewhere/.git', GITHUB_TOKEN: 'secret', PATH: '/bin' }, '/tmp/sb');
    assert.equal(env.HOME, '/tmp/sb/home');
    assert.equal(env.XDG_CACHE_HOME, '/tmp/sb/cache');
    assert.equal(env.XDG_CONFIG_HOME, '/tmp/sb/config');
    assert.equal(env.GIT_CONFIG_NOSYSTEM, '1');
    assert.equal(env.PATH, '/bin');
    assert.equal(env.GIT_DIR, undefined);
    assert.equal(env.GITHUB_TOKEN, undefined);
  });

  it('turns a group that throws into one ERROR figure', async () => {
    const figures = await measureFigures('broken', async () => {
      throw new BenchError('no git here');
    });
    assert.deepEqual(figures.map((f) => [f.name, f.verdict, f.notes?.[0]]), [['broken', 'ERROR', 'no git here']]);
  });

  it('runs isolated engine jobs in worktrees of a private cache: each edit one commit on its lane, the repository untouched', async function () {
    this.timeout(60_000);
    const sb = await benchSandbox('test');
    try {
      const repo = path.join(sb.dir, 'repo');
      const base = await createRepo(repo, 6, sb.env);
      const isolation = { vcs: new GitVcs(repo, { env: sb.env }), worktrees: new GitWorktrees(repo, { env: sb.env }), env: sb.env };
      const spots = threadMix(8, 6, 6);
      const run = await runEngine({ jobs: 8, maxConcurrency: 2, workers: 2, command: EDIT_LINE_COMMAND, cwd: repo, spots, isolation }, async (fixed) => fixed.results.map((r) => r.fix?.commit));
      assert.equal(run.lanes, 2);
      assert.ok(run.prepareMs !== undefined && run.prepareMs > 0);
      const commits = run.after.filter((c): c is string => c !== undefined);
      assert.equal(new Set(commits).size, 8, 'each editing job made a commit of its own');
      assert.equal(await git(repo, ['rev-parse', 'HEAD'], sb.env), base);
      assert.equal(await git(repo, ['status', '--porcelain', '--untracked-files=all'], sb.env), '');
      assert.equal(readFileSync(path.join(repo, spots[0].path), 'utf8'), repoFileContent(0));
      // The worktrees are in the sandbox's cache folder, never the user's.
      assert.ok((await isolation.worktrees.worktreeFolder()).startsWith(sb.cache));
      const changed = await git(repo, ['show', '--format=', '--name-only', commits[0]], sb.env);
      assert.equal(changed, spots[0].path);
      assert.match(await git(repo, ['show', `${commits[0]}:${spots[0].path}`], sb.env), /^file 0 line 1 \/\/ fixed by PRRT_bench00000$/m);
    } finally {
      await sb.remove();
    }
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
