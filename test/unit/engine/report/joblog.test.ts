import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isUserFacingError } from '../../../../src/common/errors';
import { formatJoblogRow, isMalformedJoblogError, JOBLOG_HEADER, JoblogRow, JoblogWriter, joblogCommand, readJoblog, threadsToRerun, toJoblogRow } from '../../../../src/engine/report/joblog';
import { JobResult } from '../../../../src/model/job';

const PARALLEL = ['/usr/bin/parallel', '/usr/local/bin/parallel'].find((p) => existsSync(p));

function runParallel(cwd: string, args: string[]): string {
  const r = spawnSync(PARALLEL as string, ['--will-cite', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  assert.equal(r.error, undefined);
  return r.stdout;
}

const thread = (id: string, p = 'src/a.ts', line: number | null = 12) => ({ id, path: p, line, originalLine: line });

function result(over: Partial<JobResult> & { threadId: string }): JobResult {
  return {
    lane: 'worker-1',
    status: 'fixed',
    attempts: 1,
    exitCode: 0,
    signal: null,
    startedAt: 1_700_000_000_123,
    durationMs: 1234.9,
    ...over,
  };
}

function row(seq: number, id: string, exitval = 0, signal = 0): JoblogRow {
  return { seq, host: ':', startTime: 1700000000 + seq, runtime: 0.5, send: 0, receive: 3, exitval, signal, command: joblogCommand(thread(id), 'make fix') };
}

describe('joblog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'prt-joblog-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('format', () => {
    it('has GNU parallel’s header and column shapes', async () => {
      const ours = formatJoblogRow(toJoblogRow(result({ threadId: 'PRRT_a' }), { seq: 1, thread: thread('PRRT_a') }) as JoblogRow);
      let header = 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand';
      let theirs = '1\t:\t1700000000.123\t     0.003\t0\t0\t0\t0\ttrue 1\n';
      if (PARALLEL) {
        runParallel(dir, ['--joblog', 'jl', 'true', ':::', '1']);
        [header, theirs] = (await readFile(path.join(dir, 'jl'), 'utf8')).split(/(?<=\n)/);
      }
      assert.equal(JOBLOG_HEADER + '\n', header.endsWith('\n') ? header : header + '\n');
      const a = ours.replace(/\n$/, '').split('\t');
      const b = theirs.replace(/\n$/, '').split('\t');
      assert.equal(a.length, b.length);
      // Same shape per column: Starttime `%.3f`, JobRuntime `%10.3f`.
      assert.match(a[2], /^\d{10}\.\d{3}$/);
      assert.match(b[2], /^\d{10}\.\d{3}$/);
      assert.equal(a[3].length, b[3].length);
      assert.match(a[3], /^ *\d+\.\d{3}$/);
      assert.deepEqual([a[1], a[4]], [b[1], b[4]]);
    });

    it('maps job results like GNU parallel maps processes', () => {
      const map = (over: Partial<JobResult>, extra: { receivedBytes?: number } = {}) =>
        toJoblogRow(result({ threadId: 'PRRT_a', ...over }), { seq: 7, thread: thread('PRRT_a'), ...extra });
      assert.deepEqual(map({ output: 'héllo' }), {
        seq: 7,
        host: ':',
        startTime: 1700000000.123,
        runtime: 1.234,
        send: 0,
        receive: 6,
        exitval: 0,
        signal: 0,
        command: 'prt-thread PRRT_a src/a.ts:12',
      });
      assert.equal(map({ status: 'failed', exitCode: 3 })?.exitval, 3);
      const timeout = map({ status: 'timeout', exitCode: null, signal: 'SIGTERM' });
      assert.deepEqual([timeout?.exitval, timeout?.signal], [-1, 15]);
      const killed = map({ status: 'cancelled', exitCode: null, signal: 'SIGKILL' });
      assert.deepEqual([killed?.exitval, killed?.signal], [-1, 9]);
      // No command ran: fixed is 0, anything else must not look successful.
      assert.equal(map({ exitCode: null })?.exitval, 0);
      assert.equal(map({ status: 'failed', exitCode: null })?.exitval, -1);
      assert.equal(map({ status: 'failed', exitCode: 0 })?.exitval, -1);
      assert.equal(map({ output: 'tail' }, { receivedBytes: 1000 })?.receive, 1000);
      assert.equal(map({ status: 'skipped', attempts: 0, startedAt: null, durationMs: 0 }), undefined);
      assert.equal(map({ status: 'cancelled', attempts: 0, startedAt: null, exitCode: null }), undefined);
    });

    it('keeps one row on one line whatever the thread text holds', () => {
      const command = joblogCommand(thread('PRRT_x', 'a\tb\nc.ts', 3), 'echo "$(x)"\n\trm -rf /');
      assert.equal(command, 'prt-thread PRRT_x a b c.ts:3 echo "$(x)"  rm -rf /');
      const text = formatJoblogRow({ ...row(1, 'PRRT_x'), command: 'prt-thread PRRT_x\r\n\tboom' });
      assert.equal(text.split('\n').length, 2);
      assert.equal(text.split('\t').length, 9);
      assert.equal(joblogCommand(thread('PRRT_y', 'f.ts', null)), 'prt-thread PRRT_y f.ts');
    });
  });

  describe('writer and reader', () => {
    it('round-trips rows appended as jobs finish', async () => {
      const file = path.join(dir, 'jobs.log');
      const writer = await JoblogWriter.open(file);
      const rows = [row(2, 'PRRT_b', 1), row(1, 'PRRT_a'), row(3, 'PRRT_c', -1, 15)];
      await Promise.all(rows.map((r) => writer.append(r)));
      await writer.close();
      await writer.close();
      const text = await readFile(file, 'utf8');
      assert.ok(text.startsWith(JOBLOG_HEADER + '\n'));
      assert.equal(text.split('\n').length, 5);
      const back = await readJoblog(file);
      assert.deepEqual(
        back.map(({ threadId, lineNumber, ...rest }) => ({ threadId, lineNumber, rest })),
        rows.map((r, i) => ({ threadId: ['PRRT_b', 'PRRT_a', 'PRRT_c'][i], lineNumber: i + 2, rest: r })),
      );
    });

    it('starts over on a new run and appends on resume, like GNU parallel', async () => {
      const file = path.join(dir, 'jobs.log');
      await writeFile(file, `${JOBLOG_HEADER}\n${formatJoblogRow(row(1, 'PRRT_old', 1))}`);
      const resumed = await JoblogWriter.open(file, { resume: true });
      await resumed.append(row(1, 'PRRT_old'));
      await resumed.close();
      assert.deepEqual((await readJoblog(file)).map((r) => [r.threadId, r.exitval]), [['PRRT_old', 1], ['PRRT_old', 0]]);
      assert.equal((await readFile(file, 'utf8')).split(JOBLOG_HEADER).length, 2);

      const fresh = await JoblogWriter.open(file);
      await fresh.close();
      assert.equal(await readFile(file, 'utf8'), JOBLOG_HEADER + '\n');

      const created = await JoblogWriter.open(path.join(dir, 'new.log'), { resume: true });
      await created.close();
      assert.equal(await readFile(path.join(dir, 'new.log'), 'utf8'), JOBLOG_HEADER + '\n');
    });

    it('starts a resumed row on its own line after a torn last line', async () => {
      const file = path.join(dir, 'jobs.log');
      await writeFile(file, `${JOBLOG_HEADER}\n${formatJoblogRow(row(1, 'PRRT_a'))}2\t:\t17`);
      const writer = await JoblogWriter.open(file, { resume: true });
      await writer.append(row(3, 'PRRT_c'));
      await writer.close();
      const lines = (await readFile(file, 'utf8')).split('\n');
      assert.equal(lines[2], '2\t:\t17');
      assert.ok(lines[3].startsWith('3\t:\t'));
    });

    it('reads a missing or empty log as no rows', async () => {
      assert.deepEqual(await readJoblog(path.join(dir, 'nope.log')), []);
      await writeFile(path.join(dir, 'empty.log'), '');
      assert.deepEqual(await readJoblog(path.join(dir, 'empty.log')), []);
    });

    it('names the line of a malformed log', async () => {
      const file = path.join(dir, 'bad.log');
      const cases: [string, number, RegExp][] = [
        ['Seq Host\n', 1, /header/],
        [`${JOBLOG_HEADER}\n${formatJoblogRow(row(1, 'PRRT_a'))}1\t:\t17\n`, 3, /3 tab-separated fields/],
        [`${JOBLOG_HEADER}\n1\t:\tx\t0.1\t0\t0\t0\t0\tprt-thread P\n`, 2, /Starttime/],
        [`${JOBLOG_HEADER}\n1\t:\t1.0\t0.1\t0\t0\t0\tTERM\tprt-thread P\n`, 2, /Signal/],
        [`${JOBLOG_HEADER}\n0\t:\t1.0\t0.1\t0\t0\t0\t0\tprt-thread P\n`, 2, /Seq/],
        [`${JOBLOG_HEADER}\n1\t:\t1.0\t0.1\t0\t0\t0\t0\tmake all\n`, 2, /does not name a thread/],
      ];
      for (const [text, line, reason] of cases) {
        await writeFile(file, text);
        await assert.rejects(readJoblog(file), (e: Error) => {
          assert.ok(isMalformedJoblogError(e) && isUserFacingError(e));
          assert.equal(e.lineNumber, line);
          assert.match(e.message, new RegExp(`^joblog .*bad\\.log line ${line} is malformed`));
          assert.match(e.message, reason);
          return true;
        });
      }
    });
  });

  describe('threadsToRerun', () => {
    it('reruns threads whose last row failed, and threads not in the log, in run order', () => {
      const rows = [
        row(1, 'PRRT_a', 1),
        row(2, 'PRRT_b'),
        row(3, 'PRRT_c', -1, 15),
        row(1, 'PRRT_a'),
        row(4, 'PRRT_d'),
        row(4, 'PRRT_d', 0, 9),
        row(9, 'PRRT_gone', 1),
      ];
      assert.deepEqual(threadsToRerun(rows, ['PRRT_e', 'PRRT_d', 'PRRT_c', 'PRRT_b', 'PRRT_a']), ['PRRT_e', 'PRRT_d', 'PRRT_c']);
      assert.deepEqual(threadsToRerun([], ['PRRT_a']), ['PRRT_a']);
    });

    // Cross-checks the format with the real tool when it is installed; the selection
    // itself is covered above either way.
    const withParallel = PARALLEL ? it : () => undefined;
    withParallel('agrees with GNU parallel --resume-failed on a log we wrote', async () => {
      const file = path.join(dir, 'jobs.log');
      const writer = await JoblogWriter.open(file);
      await writer.append(row(1, 'PRRT_a'));
      await writer.append(row(2, 'PRRT_b', 2));
      await writer.append(row(3, 'PRRT_c', -1, 15));
      await writer.close();
      const out = runParallel(dir, ['--resume-failed', '--joblog', file, '-k', 'echo', ':::', 'a', 'b', 'c', 'd']);
      assert.deepEqual(out.trim().split('\n'), ['b', 'c', 'd']);
      const rows = (await readFile(file, 'utf8')).trim().split('\n');
      assert.equal(rows.length, 1 + 3 + 3);
      assert.deepEqual(rows.slice(4).map((r) => r.split('\t')[0]).sort(), ['2', '3', '4']);
    });
  });
});
