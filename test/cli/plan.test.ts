import * as assert from 'node:assert/strict';
import { Workspace } from './harness/workspace';

interface PlanJson {
  workers: { name: string; threads: string[] }[];
}

describe('prt plan', () => {
  let ws: Workspace;
  let unresolved: { id: string; path: string }[];
  before(async () => {
    ws = await Workspace.create();
    const pr = await ws.demo();
    unresolved = pr.threads.filter((t) => !t.isResolved).map((t) => ({ id: t.id, path: t.path }));
  });
  after(async () => {
    await ws.dispose();
  });

  async function plan(args: string[]): Promise<PlanJson> {
    const r = await ws.prt(['plan', '--json', ...args]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as PlanJson;
    assert.deepEqual(Object.keys(json), ['workers']);
    for (const w of json.workers) assert.deepEqual(Object.keys(w).sort(), ['name', 'threads']);
    return json;
  }

  function fileOf(id: string): string {
    return unresolved.find((t) => t.id === id)!.path;
  }

  it('--json: K lanes named worker-N holding every unresolved thread once; by-file keeps a file in one lane', async () => {
    const json = await plan(['--workers', '3']);
    assert.deepEqual(json.workers.map((w) => w.name), ['worker-1', 'worker-2', 'worker-3']);
    const all = json.workers.flatMap((w) => w.threads);
    assert.deepEqual([...all].sort(), unresolved.map((t) => t.id).sort());
    for (const file of new Set(unresolved.map((t) => t.path))) {
      const lanes = json.workers.filter((w) => w.threads.some((id) => fileOf(id) === file));
      assert.equal(lanes.length, 1, `${file} is in ${lanes.length} lanes`);
    }
  });

  it('is the same plan every time, for every strategy', async () => {
    for (const strategy of ['by-file', 'balanced', 'round-robin']) {
      const a = await plan(['--workers', '4', '--strategy', strategy]);
      const b = await plan(['--strategy', strategy, '--workers', '4']);
      assert.deepEqual(a, b, strategy);
    }
  });

  it('balanced keeps a file in one lane; round-robin deals threads in turn', async () => {
    const balanced = await plan(['--workers', '3', '--strategy', 'balanced']);
    for (const file of new Set(unresolved.map((t) => t.path))) {
      assert.equal(balanced.workers.filter((w) => w.threads.some((id) => fileOf(id) === file)).length, 1, file);
    }
    const rr = await plan(['--workers', '3', '--strategy', 'round-robin']);
    const sizes = rr.workers.map((w) => w.threads.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `round-robin lane sizes ${sizes.join(',')}`);
    assert.deepEqual(rr.workers.flatMap((w) => w.threads).sort(), unresolved.map((t) => t.id).sort());
    assert.notDeepEqual(rr, balanced);
  });

  it('prints a human plan naming the strategy and each lane', async () => {
    const r = await ws.prt(['plan', '--workers', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Plan \(by-file\): 14 threads in 2 lanes\n/);
    assert.match(r.stdout, /^worker-1 {2}\d+ threads, \d+ files$/m);
    assert.match(r.stdout, /^worker-2 {2}\d+ threads, \d+ files$/m);
  });
});
