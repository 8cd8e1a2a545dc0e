import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { seedSample, Workspace } from './harness/workspace';

interface RunJson {
  threads: { id: string; worker: string; status: string }[];
}

// Each job logs "start ID PATH" and "end ID PATH" (O_APPEND writes of one short line are atomic).
const LOGGED = 'echo "start $PRT_THREAD_ID $PRT_PATH" >> "$PRT_TEST_OUT/events"; sleep 0.2; echo "end $PRT_THREAD_ID $PRT_PATH" >> "$PRT_TEST_OUT/events"';

/** Largest number of jobs running at once, overall and per file, from the event log. */
function overlaps(events: string[]): { all: number; perFile: number } {
  let all = 0;
  let maxAll = 0;
  let maxFile = 0;
  const byFile = new Map<string, number>();
  for (const e of events) {
    const [what, , file] = e.split(' ');
    const d = what === 'start' ? 1 : -1;
    all += d;
    byFile.set(file, (byFile.get(file) ?? 0) + d);
    maxAll = Math.max(maxAll, all);
    maxFile = Math.max(maxFile, byFile.get(file)!);
  }
  return { all: maxAll, perFile: maxFile };
}

describe('prt run: lanes and the concurrency bound', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  const events = async () => (await readFile(path.join(ws.outside, 'events'), 'utf8')).split('\n').filter(Boolean);

  it('--jobs 2 never runs more than two jobs at once, over 3 lanes', async () => {
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.txt`, `${i}\n`]));
    await seedSample(ws, files, Object.keys(files).map((p) => ({ path: p, line: 1, body: `fix ${p}` })));
    const r = await ws.prt(['run', '--exec', LOGGED, '--workers', '3', '--jobs', '2', '--no-resolve', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    assert.equal(new Set(report.threads.map((t) => t.worker)).size, 3);
    const ev = await events();
    assert.equal(ev.length, 12);
    assert.ok(overlaps(ev).all <= 2, ev.join('\n'));
  });

  it('in place (--isolation none), two threads on one file never run at once, even in different lanes (round-robin)', async () => {
    await seedSample(ws, { 'same.txt': 'x\ny\nz\n', 'other.txt': 'o\n' }, [
      { path: 'same.txt', line: 1, body: 'one' },
      { path: 'same.txt', line: 2, body: 'two' },
      { path: 'same.txt', line: 3, body: 'three' },
      { path: 'other.txt', line: 1, body: 'four' },
    ]);
    const r = await ws.prt(['run', '--exec', LOGGED, '--workers', '3', '--jobs', '4', '--strategy', 'round-robin', '--no-resolve', '--isolation', 'none', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    assert.ok(new Set(report.threads.map((t) => t.worker)).size >= 3, 'same.txt threads are spread over lanes');
    const ev = await events();
    assert.equal(ev.length, 8);
    assert.equal(overlaps(ev).perFile, 1, ev.join('\n'));
  });

  it('a lane runs its threads in plan order, one at a time', async () => {
    await seedSample(ws, { 'a.txt': 'a\nb\nc\n' }, [
      { path: 'a.txt', line: 1, body: 'one' },
      { path: 'a.txt', line: 2, body: 'two' },
      { path: 'a.txt', line: 3, body: 'three' },
    ]);
    const plan = await ws.prt(['plan', '--json', '--workers', '1']);
    const order = (JSON.parse(plan.stdout) as { workers: { threads: string[] }[] }).workers[0].threads;
    const r = await ws.prt(['run', '--exec', LOGGED, '--workers', '1', '--jobs', '4', '--no-resolve']);
    assert.equal(r.code, 0, r.stderr);
    const ev = await events();
    assert.deepEqual(ev.map((e) => e.split(' ').slice(0, 2).join(' ')), order.flatMap((id) => [`start ${id}`, `end ${id}`]));
  });
});
