import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { addSimpleThread } from '../github/scenarios';
import { SAMPLE, seedSample, Workspace } from './harness/workspace';

const HEADER = ['Seq', 'Host', 'Starttime', 'JobRuntime', 'Send', 'Receive', 'Exitval', 'Signal', 'Command'];
// Counts every run of the command in a file outside the repository; b.txt fails until b-ok exists.
const EXEC = 'echo "$PRT_THREAD_ID" >> "$PRT_TEST_OUT/count"; test "$PRT_PATH" != b.txt || test -f "$PRT_TEST_OUT/b-ok"';

describe('prt run --joblog / --resume-failed', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  const ran = async () => (await readFile(path.join(ws.outside, 'count'), 'utf8')).split('\n').filter(Boolean);

  it('writes GNU parallel\'s joblog, and --resume-failed reruns only the failed threads plus new ones', async () => {
    const [a, b, c] = await seedSample(ws, { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' }, [
      { path: 'a.txt', line: 1, body: 'fix a' },
      { path: 'b.txt', line: 1, body: 'fix b' },
      { path: 'c.txt', line: 1, body: 'fix c' },
    ]);
    const joblog = path.join(ws.outside, 'run.joblog');
    const first = await ws.prt(['run', '--exec', EXEC, '--joblog', joblog, '--no-resolve']);
    assert.equal(first.code, 1, first.stderr);
    assert.deepEqual((await ran()).sort(), [a.id, b.id, c.id].sort());

    const lines = (await readFile(joblog, 'utf8')).split('\n').filter(Boolean);
    assert.deepEqual(lines[0].split('\t'), HEADER);
    assert.equal(lines.length, 4, 'one row per job');
    const rows = lines.slice(1).map((l) => l.split('\t'));
    for (const row of rows) {
      assert.equal(row.length, 9, row.join('|'));
      assert.match(row[0], /^[1-3]$/);
      assert.match(row[2], /^\d+\.\d{3}$/);
      assert.match(row[3], /^ *\d+\.\d{3}$/);
    }
    const rowOf = (id: string) => rows.find((r) => r[8].includes(id))!;
    assert.equal(rowOf(a.id)[6], '0');
    assert.equal(rowOf(b.id)[6], '1');
    assert.equal(rowOf(c.id)[6], '0');
    assert.deepEqual(rows.map((r) => r[0]).sort(), ['1', '2', '3']);

    // b can now be fixed, and a new thread arrived since.
    await writeFile(path.join(ws.outside, 'b-ok'), '');
    const d = addSimpleThread(ws.gh.store, ws.gh.store.getPullRequest({ owner: SAMPLE.owner, name: SAMPLE.name, number: SAMPLE.number })!, { path: 'a.txt', line: 1, body: 'new one' });
    const second = await ws.prt(['run', '--exec', EXEC, '--joblog', joblog, '--resume-failed', '--no-resolve']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual((await ran()).slice(3).sort(), [b.id, d.id].sort(), 'only the failed and the new thread ran again');
    const after = (await readFile(joblog, 'utf8')).split('\n').filter(Boolean);
    assert.equal(after.filter((l) => l.startsWith('Seq\t')).length, 1, 'one header');
    assert.equal(after.length, 6, 'the rerun rows are appended');

    const third = await ws.prt(['run', '--exec', EXEC, '--joblog', joblog, '--resume-failed', '--no-resolve']);
    assert.equal(third.code, 0, third.stderr);
    assert.equal((await ran()).length, 5, 'nothing ran');
    assert.match(third.stdout, /nothing to do/);
  });
});
