import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { reportOf, script } from './harness/isolation';
import { cloneOf, endState, SAMPLE_PR_ARGS, type EndState } from './harness/shardRuns';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §6: `prt run --shard I/N --emit DIR` plans the whole pull request, runs only shard I's
// lanes (lane k → shard ((k−1) mod N)+1), writes its fixes and report to DIR and nothing to
// GitHub; `prt integrate DIR…` lands them — and the end state equals one machine's.

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n', 'd.txt': 'd\n', 'e.txt': 'e\n' };
/** Two threads on a.txt (one lane: the second builds on the first), one on each other file. */
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fix a first' },
  { path: 'b.txt', line: 1, body: 'fix b' },
  { path: 'a.txt', line: 1, body: 'fix a again' },
  { path: 'c.txt', line: 1, body: 'fix c' },
  { path: 'd.txt', line: 1, body: 'fix d' },
  { path: 'e.txt', line: 1, body: 'fix e' },
];
/** Appends the thread's comment to its file: a second fix on a file sees the first. */
const EDIT = 'printf "%s\\n" "$PRT_BODY" >> "$PRT_PATH"';
const LAND = ['--commit-per-thread', '--reply', 'Fixed in {sha}', '--write-interval', '0'];
const RUN = ['--exec', EDIT, '--workers', '4'];

/** One machine: `prt run` with the same fixer and landing flags. */
async function oneMachine(): Promise<EndState> {
  const ws = await Workspace.create();
  try {
    const threads = await seedSample(ws, FILES, THREADS);
    const base = await git(ws.repo, ['rev-parse', 'HEAD']);
    const r = await ws.prt(['run', ...RUN, ...LAND, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return await endState(ws.repo, base, threads);
  } finally {
    await ws.dispose();
  }
}

describe('prt run --shard I/N --emit DIR and prt integrate DIR…', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  let base: string;
  let single: EndState;
  before(async function () {
    this.timeout(60_000);
    single = await oneMachine();
  });
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, THREADS);
    base = await git(ws.repo, ['rev-parse', 'HEAD']);
  });
  afterEach(async () => {
    await ws.dispose();
  });

  /** Runs shard I/N in a clone of its own, into `root/emit-I`; returns the folder. */
  async function shard(i: number, n: number, args: readonly string[] = RUN, code = 0): Promise<string> {
    const clone = await cloneOf(ws, `runner-${i}`);
    const dir = path.join(ws.root, `emit-${i}`);
    const r = await ws.prt(['run', ...args, ...SAMPLE_PR_ARGS, '--shard', `${i}/${n}`, '--emit', dir], { cwd: clone });
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stdout, new RegExp(`Shard ${i}/${n}: `), r.stdout);
    return dir;
  }

  it('three shards in three clones and one integrate reach the end state of one machine', async function () {
    this.timeout(60_000);
    const dirs = [];
    for (let i = 1; i <= 3; i++) dirs.push(await shard(i, 3));
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0, 'the shards wrote nothing to GitHub');
    assert.ok(threads.every((t) => !t.isResolved && t.comments.length === 1));
    assert.equal(await git(ws.repo, ['rev-parse', 'HEAD']), base, 'the shards landed nothing');
    const r = await ws.prt(['integrate', ...dirs, ...LAND, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = reportOf(r);
    assert.deepEqual(report.threads.map((t) => t.status), threads.map(() => 'resolved'));
    assert.deepEqual(await endState(ws.repo, base, threads), single);
    // Each reply names its own thread's commit.
    for (const t of threads) {
      const sha = report.thread(t.id).commit!;
      assert.equal(t.comments[t.comments.length - 1].body, `Fixed in ${sha.slice(0, 7)}`);
      assert.match(await git(ws.repo, ['log', '-1', '--format=%s', sha]), new RegExp(`^Address review: ${t.path}:1$`));
    }
    assert.equal(await git(ws.repo, ['for-each-ref', 'refs/prt']), '', 'no temporary ref left');
  });

  it('lane k goes to shard ((k-1) mod N)+1, and each shard reports only its own lanes\' threads', async () => {
    const plan = JSON.parse((await ws.prt(['plan', '--workers', '4', '--json'])).stdout) as { workers: { name: string; threads: string[] }[] };
    const dirs = [await shard(1, 2), await shard(2, 2)];
    for (const [i, dir] of dirs.entries()) {
      const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { lanes: string[]; threads: { id: string }[]; shard: unknown };
      const mine = plan.workers.filter((_, k) => k % 2 === i);
      assert.deepEqual(manifest.lanes, mine.map((w) => w.name));
      assert.deepEqual(manifest.threads.map((t) => t.id), mine.flatMap((w) => w.threads));
      assert.deepEqual(manifest.shard, { index: i + 1, count: 2 });
      const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as { threads: { id: string; status: string; resolved: boolean }[] };
      assert.deepEqual(report.threads.map((t) => [t.id, t.status, t.resolved]), mine.flatMap((w) => w.threads).map((id) => [id, 'fixed', false]));
      assert.deepEqual((await readdir(dir)).sort(), ['fixes.bundle', 'manifest.json', 'report.json']);
    }
  });

  it('more shards than lanes: the idle shards write a manifest that says so, and integrate needs them too', async function () {
    this.timeout(60_000);
    const dirs = [];
    for (let i = 1; i <= 6; i++) dirs.push(await shard(i, 6));
    const idle = JSON.parse(await readFile(path.join(dirs[5], 'manifest.json'), 'utf8')) as { empty: boolean; bundle: string | null; threads: unknown[] };
    assert.deepEqual([idle.empty, idle.bundle, idle.threads], [true, null, []]);
    assert.equal(existsSync(path.join(dirs[5], 'fixes.bundle')), false);
    const r = await ws.prt(['integrate', ...dirs, ...LAND, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await endState(ws.repo, base, threads), single);
  });

  it('--emit alone on one machine (shard 1/1) then integrate in the same clone equals prt run', async () => {
    const dir = path.join(ws.root, 'emit');
    const r1 = await ws.prt(['run', ...RUN, '--emit', dir]);
    assert.equal(r1.code, 0, r1.stderr);
    const r2 = await ws.prt(['integrate', dir, ...LAND]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.deepEqual(await endState(ws.repo, base, threads), single);
  });

  it('a failed job on a shard is reported failed by integrate with its patch, and never resolved; the others land', async function () {
    this.timeout(60_000);
    const exec = await script(ws, 'fail-c.sh', `${EDIT}\nif [ "$PRT_PATH" = c.txt ]; then echo "c is hard" >&2; exit 3; fi`);
    // Shard 1 has the lanes of a.txt and c.txt: its exit code says a job failed.
    const dirs = [await shard(1, 2, ['--exec', exec, '--workers', '4'], 1), await shard(2, 2, ['--exec', exec, '--workers', '4'])];
    const r = await ws.prt(['integrate', ...dirs, ...LAND, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = reportOf(r);
    const c = threads.find((t) => t.path === 'c.txt')!;
    const failed = report.thread(c.id);
    assert.deepEqual([failed.status, failed.exitCode, failed.replied, failed.resolved, failed.commit], ['failed', 3, false, false, null]);
    assert.ok(failed.patch && existsSync(failed.patch), `the failed job's patch is kept: ${failed.patch}`);
    assert.match(await readFile(failed.patch, 'utf8'), /\+fix c/);
    assert.equal(c.isResolved, false);
    assert.equal(c.comments.length, 1);
    for (const t of threads.filter((x) => x !== c)) assert.equal(t.isResolved, true, t.path);
    assert.equal(await readFile(path.join(ws.repo, 'c.txt'), 'utf8'), 'c\n', 'c.txt untouched');
    assert.match(r.stderr, /failed/);
  });

  it('a thread resolved on GitHub after the shards ran is not integrated and not written again', async () => {
    const dirs = [await shard(1, 2), await shard(2, 2)];
    const b = threads.find((t) => t.path === 'b.txt')!;
    ws.gh.store.setResolved(b.id, true, 'mona');
    const r = await ws.prt(['integrate', ...dirs, ...LAND, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(reportOf(r).thread(b.id).status, 'skipped');
    assert.equal(await readFile(path.join(ws.repo, 'b.txt'), 'utf8'), 'b\n');
    assert.equal(b.comments.length, 1, 'no reply');
  });

  it('--no-resolve integrates and commits, and writes nothing to GitHub', async () => {
    const dirs = [await shard(1, 2), await shard(2, 2)];
    const r = await ws.prt(['integrate', ...dirs, '--commit-per-thread', '--no-resolve', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await git(ws.repo, ['rev-list', `${base}..HEAD`])).split('\n').length, threads.length);
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0);
  });

  it('--push sends the per-thread commits to the remote before the replies name them', async () => {
    const bare = path.join(ws.root, 'origin.git');
    await git(ws.root, ['init', '--quiet', '--bare', bare]);
    await git(ws.repo, ['config', 'remote.origin.pushurl', bare]);
    const dirs = [await shard(1, 2), await shard(2, 2)];
    const r = await ws.prt(['integrate', ...dirs, ...LAND, '--push', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await git(bare, ['rev-parse', 'refs/heads/feature/x']), await git(ws.repo, ['rev-parse', 'HEAD']));
    assert.ok(threads.every((t) => t.isResolved));
  });
});
