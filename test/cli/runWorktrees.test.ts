import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { assertNoBrokenWorktrees, outsideLines, reportOf, script, worktreeCache, worktreeList } from './harness/isolation';
import { killAllWithEnv, waitNoneWithEnv, waitUntil } from './harness/processes';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §5: worktrees are made once (`--worktree-setup` runs in each new one), reused by later
// runs — reset to the run's base, untracked files cleaned, ignored ones (installed
// dependencies) kept — and a stopped or timed-out run leaves nothing the next run would see.

const SETUP = 'echo x >> $PRT_TEST_OUT/setup-count; mkdir -p node_modules && touch node_modules/kept';
const FILES = { '.gitignore': 'node_modules/\n', 'a.txt': 'a1\na2\n', 'b.txt': 'b\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fails, leaving an untracked file' },
  { path: 'a.txt', line: 2, body: 'fix a2' },
  { path: 'b.txt', line: 1, body: 'fix b' },
];

/**
 * Records what the job's worktree holds when it starts (tracked and untracked files, the
 * ignored ones of node_modules), leaves an ignored file of its own, and — for the thread
 * whose comment says so — an untracked file, then fails.
 */
const JOB = [
  'tag="$PRT_THREAD_ID-$(date +%s%N)"',
  'echo "$PWD" > "$PRT_TEST_OUT/where-$tag"',
  'git status --porcelain --untracked-files=all > "$PRT_TEST_OUT/status-$tag"',
  'ls node_modules > "$PRT_TEST_OUT/modules-$tag"',
  'touch "node_modules/from-$PRT_THREAD_ID"',
  'case "$PRT_BODY" in fails*) echo junk > junk.txt; exit 1;; esac',
].join('\n');

/** Every job of the runs so far: where it ran, what git status said there, what node_modules held. */
async function jobsSeen(ws: Workspace): Promise<{ tag: string; id: string; at: bigint; where: string; status: string[]; modules: string[] }[]> {
  const tags = (await readdir(ws.outside)).filter((f) => f.startsWith('where-')).map((f) => f.slice('where-'.length));
  return Promise.all(
    tags.map(async (tag) => ({
      tag,
      id: tag.replace(/-\d+$/, ''),
      at: BigInt(/-(\d+)$/.exec(tag)![1]),
      where: (await outsideLines(ws, `where-${tag}`))[0],
      status: await outsideLines(ws, `status-${tag}`),
      modules: await outsideLines(ws, `modules-${tag}`),
    })),
  );
}

describe('prt run: worktrees made once, set up once, reused', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, THREADS);
  });
  afterEach(async () => {
    killAllWithEnv('PRT_TEST_OUT', ws.outside);
    await ws.dispose();
  });

  it('--worktree-setup runs once in each new worktree; a second run makes none and sets up none; ignored files kept, untracked ones cleaned', async () => {
    const exec = await script(ws, 'job.sh', JOB);
    const args = ['run', '--exec', exec, '--workers', '2', '--jobs', '2', '--worktree-setup', SETUP, '--no-resolve', '--json'];
    const first = await ws.prt(args);
    assert.equal(first.code, 1, first.stderr);
    assert.equal((await outsideLines(ws, 'setup-count')).length, 2, 'two worktrees, each set up once');
    const listed = await worktreeList(ws.repo);
    const slots = listed.map((e) => e.path).filter((p) => /slot-\d+$/.test(p));
    assert.equal(slots.length, 2, listed.map((e) => e.path).join('\n'));
    for (const slot of slots) assert.ok(slot.startsWith(worktreeCache(ws)), slot);
    const made = new Map(slots.map((s) => [s, statSync(path.join(s, '.git')).ino]));
    // Nothing was changed that git tracks (node_modules is ignored): no change in the user's tree.
    assert.equal(await git(ws.repo, ['status', '--porcelain', '--untracked-files=all']), '');
    assert.equal(existsSync(path.join(ws.repo, 'node_modules')), false, 'ignored files of worktrees stay there');
    const firstReport = reportOf(first);
    for (const t of threads.slice(1)) assert.deepEqual([firstReport.thread(t.id).status, firstReport.thread(t.id).changes], ['fixed', null], 'a fix that changed nothing git tracks');
    assert.ok(firstReport.thread(threads[0].id).patch, 'the failed job\'s untracked file went into its patch');

    const second = await ws.prt(args);
    assert.equal(second.code, 1, second.stderr);
    assert.equal((await outsideLines(ws, 'setup-count')).length, 2, 'no setup on reuse');
    assert.deepEqual((await worktreeList(ws.repo)).map((e) => e.path), listed.map((e) => e.path), 'the same worktrees');
    for (const [slot, ino] of made) {
      assert.equal(statSync(path.join(slot, '.git')).ino, ino, `${slot} was not made again`);
      assert.ok(existsSync(path.join(slot, 'node_modules', 'kept')), 'the setup\'s ignored file survived');
    }
    await assertNoBrokenWorktrees(ws.repo);

    const seen = (await jobsSeen(ws)).sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    assert.equal(seen.length, 6);
    for (const job of seen) {
      assert.deepEqual(job.status, [], `${job.tag}: a clean worktree (no junk.txt of a failed job)`);
      assert.ok(job.modules.includes('kept'), `${job.tag}: the setup's ignored file is there`);
      // Ignored files of every earlier job in the same worktree are still there.
      const before = seen.filter((o) => o.where === job.where && o.at < job.at);
      for (const o of before) assert.ok(job.modules.includes(`from-${o.id}`), `${job.tag} sees from-${o.id} (ignored, kept)`);
    }
  });

  it('no more worktrees than jobs can run at once: --jobs 4 over two lanes makes (and sets up) two', async () => {
    const r = await ws.prt(['run', '--exec', 'true', '--workers', '2', '--jobs', '4', '--worktree-setup', SETUP, '--no-resolve']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await worktreeList(ws.repo)).filter((e) => /slot-\d+$/.test(e.path)).length, 2);
    assert.equal((await outsideLines(ws, 'setup-count')).length, 2);
  });

  it('a setup stopped by SIGINT is not counted as done: the next run sets that worktree up again', async () => {
    const setup = 'echo x >> "$PRT_TEST_OUT/setup-count"; if [ ! -f "$PRT_TEST_OUT/setup-ok" ]; then touch "$PRT_TEST_OUT/setup-hangs"; sleep 300; fi';
    let child: ChildProcess | undefined;
    const args = ['run', '--exec', 'true', '--jobs', '1', '--worktree-setup', setup, '--no-resolve', '--json'];
    const stopped = ws.prt(args, { onSpawn: (c) => (child = c) });
    await waitUntil(() => existsSync(path.join(ws.outside, 'setup-hangs')), 'the setup to start');
    child!.kill('SIGINT');
    const r = await stopped;
    assert.equal(r.code, 130, r.stderr);
    await waitNoneWithEnv('PRT_TEST_OUT', ws.outside);
    await assertNoBrokenWorktrees(ws.repo);

    await writeFile(path.join(ws.outside, 'setup-ok'), '');
    const again = await ws.prt(args);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await outsideLines(ws, 'setup-count')).length, 2, 'set up again, since the first setup never finished');
    const third = await ws.prt(args);
    assert.equal(third.code, 0, third.stderr);
    assert.equal((await outsideLines(ws, 'setup-count')).length, 2, 'and then not again');
  });

  it('when one worktree\'s setup fails, the next run sets up only that one again', async () => {
    const setup = 'echo "$(basename "$PWD")" >> "$PRT_TEST_OUT/setups"; if [ "$(basename "$PWD")" = slot-2 ] && [ ! -f "$PRT_TEST_OUT/ok" ]; then exit 9; fi';
    const args = ['run', '--exec', 'true', '--jobs', '2', '--worktree-setup', setup, '--no-resolve'];
    const first = await ws.prt(args);
    assert.equal(first.code, 2, first.stderr);
    assert.deepEqual((await outsideLines(ws, 'setups')).sort(), ['slot-1', 'slot-2']);
    await writeFile(path.join(ws.outside, 'ok'), '');
    const second = await ws.prt(args);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual((await outsideLines(ws, 'setups')).sort(), ['slot-1', 'slot-2', 'slot-2']);
  });

  it('a failing --worktree-setup stops the run with exit 2 and one line, before any job; it ran in the worktree without the GitHub token', async () => {
    const setup = 'pwd > "$PRT_TEST_OUT/setup-pwd"; env > "$PRT_TEST_OUT/setup-env"; echo "npm ERR! broken" >&2; exit 9';
    const r = await ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/ran"', '--worktree-setup', setup]);
    assert.equal(r.code, 2, r.stderr);
    const [pwd] = await outsideLines(ws, 'setup-pwd');
    assert.match(pwd, /\/slot-\d+$/);
    assert.ok(pwd.startsWith(worktreeCache(ws)));
    const env = await readFile(path.join(ws.outside, 'setup-env'), 'utf8');
    assert.match(env, new RegExp(`^PRT_WORKTREE=${pwd}$`, 'm'));
    assert.doesNotMatch(env, /^(GITHUB_TOKEN|GH_TOKEN)=/m);
    const last = r.stderr.trim().split('\n').pop()!;
    assert.match(last, /^prt: --worktree-setup failed in worktree \d+ \(exit 9\): npm ERR! broken/);
    assert.equal(existsSync(path.join(ws.outside, 'ran')), false);
    for (const t of threads) assert.equal(t.isResolved, false);
  });
});

describe('prt run: a stopped or timed-out run leaves no stray worktree state', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, THREADS);
  });
  afterEach(async () => {
    killAllWithEnv('PRT_TEST_OUT', ws.outside);
    await ws.dispose();
  });

  /** A job that leaves a changed file, an untracked file and a nested folder, then hangs. */
  const LEAVE_AND_HANG = [
    'echo "$PWD" >> "$PRT_TEST_OUT/hung-where"',
    'echo half >> "$PRT_PATH"; mkdir -p left/over; echo x > left/over/file; echo x > "leftover-$PRT_THREAD_ID"',
    'touch "$PRT_TEST_OUT/hanging-$PRT_THREAD_ID"',
    'sleep 300',
  ].join('\n');

  /** The next run's jobs record what their worktree holds at start; all must be clean. */
  async function assertNextRunClean(): Promise<void> {
    const check = await script(ws, 'check.sh', [
      'git status --porcelain --untracked-files=all --ignored > "$PRT_TEST_OUT/next-$PRT_THREAD_ID"',
      'echo "$PWD" > "$PRT_TEST_OUT/next-where-$PRT_THREAD_ID"',
    ].join('\n'));
    const r = await ws.prt(['run', '--exec', check, '--workers', '2', '--jobs', '2', '--no-resolve', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const used = new Set<string>();
    for (const t of threads) {
      assert.deepEqual(await outsideLines(ws, `next-${t.id}`), [], `${t.path}:${t.line}: its worktree holds nothing left over`);
      used.add((await outsideLines(ws, `next-where-${t.id}`))[0]);
    }
    for (const w of await outsideLines(ws, 'hung-where')) assert.ok(used.has(w), `the hung job's worktree ${w} was used again`);
    await assertNoBrokenWorktrees(ws.repo);
    assert.equal(await git(ws.repo, ['status', '--porcelain', '--untracked-files=all']), '');
  }

  it('a worktree left locked and half checked out by a killed `git worktree add` is made again (and set up again) by the next run', async () => {
    const args = ['run', '--exec', 'ls > "$PRT_TEST_OUT/files-$PRT_THREAD_ID"', '--jobs', '1', '--worktree-setup', 'echo x >> "$PRT_TEST_OUT/setup-count"', '--no-resolve'];
    const first = await ws.prt(args);
    assert.equal(first.code, 0, first.stderr);
    const [slot] = (await worktreeList(ws.repo)).map((e) => e.path).filter((p) => /slot-\d+$/.test(p));
    await git(ws.repo, ['worktree', 'lock', '--reason', 'initializing', slot]);
    await rm(path.join(slot, 'b.txt'));

    const second = await ws.prt(args);
    assert.equal(second.code, 0, second.stderr);
    await assertNoBrokenWorktrees(ws.repo);
    assert.equal((await outsideLines(ws, 'setup-count')).length, 2, 'a worktree made again is set up again');
    for (const t of threads) assert.deepEqual(await outsideLines(ws, `files-${t.id}`), ['a.txt', 'b.txt']);
  });

  it('after a --timeout 1s job: timeout, its patch kept, the next run\'s jobs see a clean worktree', async () => {
    const exec = await script(ws, 'job.sh', `if [ "$PRT_PATH" = b.txt ]; then\n${LEAVE_AND_HANG}\nfi\necho fixed >> "$PRT_PATH"`);
    const r = await ws.prt(['run', '--exec', exec, '--workers', '2', '--timeout', '1s', '--no-resolve', '--json']);
    assert.equal(r.code, 1, r.stderr);
    await waitNoneWithEnv('PRT_TEST_OUT', ws.outside);
    const b = reportOf(r).thread(threads[2].id);
    assert.deepEqual([b.status, b.commit, b.changes, b.resolved], ['timeout', null, null, false]);
    assert.ok(b.patch && existsSync(b.patch), 'the timed-out job\'s changes are saved');
    assert.match(await readFile(b.patch, 'utf8'), /leftover-/);
    assert.equal(await readFile(path.join(ws.repo, 'b.txt'), 'utf8'), 'b\n', 'and not integrated');
    await git(ws.repo, ['checkout', '--', '.']);
    await assertNextRunClean();
  });

  it('after SIGINT mid-run: exit 130, nothing integrated, the next run\'s jobs see a clean worktree', async () => {
    const exec = await script(ws, 'job.sh', LEAVE_AND_HANG);
    let child: ChildProcess | undefined;
    const running = ws.prt(['run', '--exec', exec, '--workers', '2', '--jobs', '2', '--no-resolve', '--json'], { onSpawn: (c) => (child = c) });
    await waitUntil(() => existsSync(path.join(ws.outside, `hanging-${threads[0].id}`)) && existsSync(path.join(ws.outside, `hanging-${threads[2].id}`)), 'both lanes to hang');
    child!.kill('SIGINT');
    const r = await running;
    assert.equal(r.code, 130, r.stderr);
    await waitNoneWithEnv('PRT_TEST_OUT', ws.outside);
    const report = reportOf(r);
    assert.equal(report.cancelled, true);
    for (const t of [threads[0], threads[2]]) {
      const j = report.thread(t.id);
      assert.deepEqual([j.status, j.commit, j.resolved], ['cancelled', null, false]);
      assert.ok(j.patch && existsSync(j.patch), `the cancelled job's changes are saved: ${j.patch}`);
    }
    assert.equal(await git(ws.repo, ['status', '--porcelain', '--untracked-files=all']), '', 'nothing reached the user\'s tree');
    await assertNoBrokenWorktrees(ws.repo);
    await assertNextRunClean();
  });
});
