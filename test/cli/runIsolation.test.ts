import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { commitsSince, outsideLines, reportOf, script, threadUrls, worktreeCache, worktreeList } from './harness/isolation';
import { killAllWithEnv, waitUntil } from './harness/processes';
import { linesOf } from './harness/prtProcess';
import { git, SAMPLE, seedSample, Workspace } from './harness/workspace';

// SPEC §5 and issue 8, the main story: `prt run --exec SCRIPT --jobs 4 --commit-per-thread
// --push --reply 'Fixed in {sha}'` on a pull request with many threads over several files.

const lines = (n: number, name: string) => Array.from({ length: n }, (_, i) => `${name} line ${i + 1}\n`).join('');
const FILES = {
  'a.txt': lines(6, 'a'),
  'b.txt': lines(6, 'b'),
  'c.txt': lines(6, 'c'),
  'd.txt': lines(6, 'd'),
  'src/e.txt': lines(6, 'e'),
};
const THREADS = [
  ...[1, 3, 5].map((line) => ({ path: 'a.txt', line, body: `Tidy a:${line}${line === 3 ? ' FAIL' : ''}\nMore words on a second line.` })),
  ...[2, 4, 6].map((line) => ({ path: 'b.txt', line, body: `Tidy b:${line}\nSecond line.` })),
  ...[1, 2].map((line) => ({ path: 'c.txt', line, body: `Tidy c:${line}` })),
  ...[3, 6].map((line) => ({ path: 'd.txt', line, body: `Tidy d:${line}` })),
  ...[1, 4].map((line) => ({ path: 'src/e.txt', line, body: `Tidy e:${line}` })),
];

/**
 * The job: says where it runs, records every fix it can see in its tree, waits until four
 * jobs have started (so the first job of each of the four lanes runs at once with the
 * others), then marks its thread's line. A thread whose comment says FAIL edits and fails.
 */
const JOB = [
  'out="$PRT_TEST_OUT"; id="$PRT_THREAD_ID"',
  'printf "%s\\n%s\\n%s\\n" "$PWD" "$PRT_WORKTREE" "$PRT_REPO_ROOT" > "$out/$id.where"',
  'grep -rho "fixed-by-[A-Za-z0-9_-]*" --exclude-dir=.git . | sort > "$out/$id.seen" || true',
  'touch "$out/started/$id"',
  'while [ "$(ls "$out/started" | wc -l)" -lt 4 ]; do sleep 0.02; done',
  'sed -i "${PRT_LINE}s/\\$/ fixed-by-$id/" "$PRT_PATH"',
  'case "$PRT_BODY" in *FAIL*) exit 3;; esac',
].join('\n');

describe('prt run with isolation: the main story', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, THREADS);
    await mkdir(path.join(ws.outside, 'started'));
  });
  afterEach(async () => {
    await ws.dispose();
  });

  it('--jobs 4 --commit-per-thread --push --reply "Fixed in {sha}": a worktree per job, lanes as chains, one commit per thread in plan order, each reply naming its own commit', async () => {
    const bare = path.join(ws.root, 'origin.git');
    await git(ws.root, ['init', '--quiet', '--bare', bare]);
    await git(ws.repo, ['config', 'remote.origin.pushurl', bare]);
    const base = await git(ws.repo, ['rev-parse', 'HEAD']);
    const urls = await threadUrls(ws);
    const joblog = path.join(ws.outside, 'run.joblog');
    const exec = await script(ws, 'fix.sh', JOB);

    const r = await ws.prt(['run', '--exec', exec, '--jobs', '4', '--commit-per-thread', '--push', '--reply', 'Fixed in {sha}', '--joblog', joblog, '--json', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    const report = reportOf(r);
    const failing = threads.find((t) => t.comments[0].body.includes('FAIL'))!;
    const order = report.threads.map((t) => t.id);
    assert.deepEqual([...order].sort(), threads.map((t) => t.id).sort());
    const byId = new Map(threads.map((t) => [t.id, t]));
    const lanes = new Map<string, string[]>();
    for (const t of report.threads) lanes.set(t.worker, [...(lanes.get(t.worker) ?? []), t.id]);
    assert.equal(lanes.size, 4);

    // Each job ran in a worktree of its own, outside the repository, in the user's cache.
    const cache = worktreeCache(ws);
    const listed = new Set((await worktreeList(ws.repo)).map((e) => e.path));
    const where = new Map<string, string>();
    for (const id of order) {
      const [cwd, worktree, repoRoot] = await outsideLines(ws, `${id}.where`);
      assert.equal(cwd, worktree, 'the job runs in PRT_WORKTREE');
      assert.equal(repoRoot, ws.repo);
      assert.ok(worktree.startsWith(`${cache}${path.sep}`), `${worktree} is in ${cache}`);
      assert.ok(listed.has(worktree), `${worktree} is a worktree of the repository`);
      where.set(id, worktree);
    }
    // The first job of each lane ran at once with the others (the barrier): four worktrees.
    const firsts = [...lanes.values()].map((ids) => ids[0]);
    assert.equal(new Set(firsts.map((id) => where.get(id))).size, 4, 'four jobs at once, four worktrees');
    assert.ok(new Set(where.values()).size <= 4, 'no more worktrees than jobs at once');

    // A lane's later threads see exactly its earlier successful fixes, and no other lane's.
    for (const ids of lanes.values()) {
      const earlier: string[] = [];
      for (const id of ids) {
        assert.deepEqual(await outsideLines(ws, `${id}.seen`), earlier.map((e) => `fixed-by-${e}`).sort(), `what ${byId.get(id)!.path}:${byId.get(id)!.line} saw`);
        if (id !== failing.id) earlier.push(id);
      }
    }

    // One commit per succeeded thread, in plan order, each touching its thread's file.
    const succeeded = order.filter((id) => id !== failing.id);
    const commits = await commitsSince(ws.repo, base);
    assert.equal(commits.length, succeeded.length, commits.map((c) => c.subject).join('\n'));
    for (const [i, id] of succeeded.entries()) {
      const t = byId.get(id)!;
      const c = commits[i];
      assert.equal(c.subject, `Address review: ${t.path}:${t.line}`);
      assert.match(c.body, new RegExp(`^${t.comments[0].body.split('\n')[0]}$`, 'm'), 'the comment\'s first line in the body');
      assert.equal(c.trailer, urls.get(id));
      assert.deepEqual(c.files, [t.path]);
      assert.equal(await git(ws.repo, ['show', `${c.sha}:${t.path}`]), (await git(ws.repo, ['show', `${c.sha}~1:${t.path}`])).split('\n').map((l, n) => (n + 1 === t.line ? `${l} fixed-by-${id}` : l)).join('\n'));
      assert.equal(await git(ws.repo, ['log', '-1', '--format=%an <%ae>', c.sha]), 'Test Dev <test-dev@example.invalid>', 'the user\'s identity, not the scratch one');

      const thread = report.thread(id);
      assert.deepEqual(
        { status: thread.status, commit: thread.commit, patch: thread.patch, replied: thread.replied, resolved: thread.resolved, changes: thread.changes },
        { status: 'resolved', commit: c.sha, patch: null, replied: true, resolved: true, changes: { files: 1, insertions: 1, deletions: 1 } },
      );
      assert.equal(t.isResolved, true);
      assert.equal(t.comments[t.comments.length - 1].body, `Fixed in ${c.sha.slice(0, 7)}`);
    }

    // The failed thread: its edit is nowhere on the branch, its patch kept, no reply.
    const bad = report.thread(failing.id);
    assert.equal(bad.status, 'failed');
    assert.deepEqual([bad.commit, bad.replied, bad.resolved, bad.exitCode], [null, false, false, 3]);
    assert.ok(bad.patch && existsSync(bad.patch), `patch ${bad.patch}`);
    assert.equal(failing.isResolved, false);
    assert.equal(failing.comments.length, 1);
    assert.doesNotMatch(await readFile(path.join(ws.repo, 'a.txt'), 'utf8'), new RegExp(`fixed-by-${failing.id}`));

    // The work tree is the branch; the pushed branch has every commit.
    assert.equal(await git(ws.repo, ['status', '--porcelain']), '');
    const head = await git(ws.repo, ['rev-parse', 'HEAD']);
    assert.equal(await git(bare, ['rev-parse', `refs/heads/${SAMPLE.branch}`]), head);
    assert.equal(report.pushed, true);

    // The joblog keeps GNU parallel's format: one row per job, the thread named.
    const rows = (await readFile(joblog, 'utf8')).split('\n').filter(Boolean).map((l) => l.split('\t'));
    assert.deepEqual(rows[0], ['Seq', 'Host', 'Starttime', 'JobRuntime', 'Send', 'Receive', 'Exitval', 'Signal', 'Command']);
    assert.equal(rows.length, threads.length + 1);
    for (const row of rows.slice(1)) {
      assert.equal(row.length, 9, row.join('|'));
      const id = order.find((x) => row[8].includes(x));
      assert.ok(id, `a thread in ${row[8]}`);
      assert.equal(row[6], id === failing.id ? '3' : '0');
    }
  });
});

describe('prt run with isolation: the user\'s work tree', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, [
      { path: 'a.txt', line: 1, body: 'fix a' },
      { path: 'b.txt', line: 1, body: 'fix b' },
    ]);
  });
  afterEach(async () => {
    killAllWithEnv('PRT_TEST_OUT', ws.outside);
    await ws.dispose();
  });

  /** Each job writes a marker file where it runs, says so, and waits until the test has looked. */
  const MARKING = [
    'echo "$PRT_THREAD_ID" > "marker-$PRT_THREAD_ID.txt"',
    'echo "fixed" >> "$PRT_PATH"',
    'echo "$PWD" > "$PRT_TEST_OUT/wrote-$PRT_THREAD_ID"',
    'while [ ! -f "$PRT_TEST_OUT/checked" ]; do sleep 0.02; done',
  ].join('\n');

  it('a job\'s marker file is in its worktree and absent from the user\'s tree while the fix stage runs; integrated after it', async () => {
    const exec = await script(ws, 'mark.sh', MARKING);
    const running = ws.prt(['run', '--exec', exec, '--jobs', '2', '--json', '--write-interval', '0']);
    const wrote = (id: string) => path.join(ws.outside, `wrote-${id}`);
    await waitUntil(() => threads.every((t) => existsSync(wrote(t.id))), 'both jobs to write their marker');
    for (const t of threads) {
      const worktree = (await readFile(wrote(t.id), 'utf8')).trim();
      assert.notEqual(worktree, ws.repo);
      assert.ok(existsSync(path.join(worktree, `marker-${t.id}.txt`)), 'in the job\'s worktree');
      assert.equal(existsSync(path.join(ws.repo, `marker-${t.id}.txt`)), false, 'not in the user\'s tree during the fix stage');
    }
    assert.equal(await git(ws.repo, ['status', '--porcelain', '--untracked-files=all']), '', 'the user\'s tree is untouched while jobs run');
    await writeFile(path.join(ws.outside, 'checked'), '');
    const r = await running;
    assert.equal(r.code, 0, r.stderr);
    for (const t of threads) {
      assert.equal(await readFile(path.join(ws.repo, `marker-${t.id}.txt`), 'utf8'), `${t.id}\n`, 'integrated once the run is done');
      assert.deepEqual(reportOf(r).thread(t.id).changes, { files: 2, insertions: 2, deletions: 0 });
    }
  });

  it('--isolation none: the command runs in the repository root and its edits are there while the fix stage runs', async () => {
    const exec = await script(ws, 'mark.sh', MARKING);
    const running = ws.prt(['run', '--exec', exec, '--isolation', 'none', '--jobs', '2', '--json', '--write-interval', '0']);
    const wrote = (id: string) => path.join(ws.outside, `wrote-${id}`);
    await waitUntil(() => threads.every((t) => existsSync(wrote(t.id))), 'both jobs to write their marker');
    for (const t of threads) {
      assert.equal((await readFile(wrote(t.id), 'utf8')).trim(), ws.repo);
      assert.ok(existsSync(path.join(ws.repo, `marker-${t.id}.txt`)), 'in the repository root during the fix stage');
    }
    assert.match(await git(ws.repo, ['status', '--porcelain']), /a\.txt/);
    await writeFile(path.join(ws.outside, 'checked'), '');
    const r = await running;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await worktreeList(ws.repo).then((l) => l.map((e) => e.path)), [ws.repo], 'no worktree made');
    assert.equal(existsSync(worktreeCache(ws)), false);
    for (const t of threads) assert.deepEqual([reportOf(r).thread(t.id).status, reportOf(r).thread(t.id).patch], ['resolved', null]);
  });

  it('worktrees go to $XDG_CACHE_HOME when it is set, never inside the repository; --dry-run makes none', async () => {
    const record = 'echo "$PRT_WORKTREE" > "$PRT_TEST_OUT/where-$PRT_THREAD_ID"';
    const dry = await ws.prt(['run', '--exec', record, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((await worktreeList(ws.repo)).length, 1, 'a dry run makes no worktree');

    ws.gh.requests.length = 0;
    const inside = await ws.prt(['run', '--exec', record, '--no-resolve'], { env: ws.env({ XDG_CACHE_HOME: path.join(ws.repo, '.cache') }) });
    assert.equal(inside.code, 2, inside.stderr);
    assert.equal(linesOf(inside.stderr).length, 1, inside.stderr);
    assert.match(inside.stderr, /^prt: the worktree folder .* would be inside .*XDG_CACHE_HOME/);
    assert.deepEqual(ws.gh.requests, [], 'told before any request');
    assert.equal(await git(ws.repo, ['status', '--porcelain', '--untracked-files=all']), '');

    const xdg = path.join(ws.root, 'xdg');
    const r = await ws.prt(['run', '--exec', record, '--no-resolve'], { env: ws.env({ XDG_CACHE_HOME: xdg }) });
    assert.equal(r.code, 0, r.stderr);
    for (const t of threads) {
      const [where] = await outsideLines(ws, `where-${t.id}`);
      assert.match(where, new RegExp(`^${xdg}/pr-thread-runner/worktrees/repo-[0-9a-f]{12}/slot-\\d+$`));
    }
    assert.equal(existsSync(worktreeCache(ws)), false, 'nothing in ~/.cache');
  });

  it('a job that writes into the user\'s tree (PRT_REPO_ROOT) meanwhile: nothing is integrated or resolved, exit 2, every fix saved as a patch where the message says', async () => {
    const exec = 'echo fixed >> "$PRT_PATH"; if [ "$PRT_PATH" = b.txt ]; then echo oops > "$PRT_REPO_ROOT/stray.txt"; fi';
    const r = await ws.prt(['run', '--exec', exec, '--commit-per-thread', '--json', '--write-interval', '0']);
    assert.equal(r.code, 2, r.stderr);
    const report = reportOf(r);
    assert.match(report.error ?? '', /the work tree changed during the run \(e\.g\. "stray\.txt"\).*commit or stash/);
    const folder = /patches are in (\S+)\)$/.exec(report.error ?? '')?.[1];
    assert.ok(folder, report.error);
    for (const t of threads) {
      const patch = path.join(folder, `${t.id}.patch`);
      assert.ok(existsSync(patch), `${t.path}'s fix is in ${patch}`);
      assert.match(await readFile(patch, 'utf8'), new RegExp(`\\+\\+\\+ b/${t.path.replace('.', '\\.')}`));
      assert.equal(t.isResolved, false);
    }
    assert.equal((await git(ws.repo, ['status', '--porcelain', '--untracked-files=all'])), '?? stray.txt', 'nothing integrated');
    assert.equal(await git(ws.repo, ['rev-list', '--count', 'HEAD']), '1');
  });

  it('a dirty work tree is refused before any GitHub request: exit 2, one line saying to commit or stash', async () => {
    await writeFile(path.join(ws.repo, 'a.txt'), 'local edit\n');
    await writeFile(path.join(ws.repo, 'notes.txt'), 'untracked\n');
    for (const extra of [[], ['--pr', '1'], ['--commit-per-thread']]) {
      ws.gh.requests.length = 0;
      const r = await ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/ran-$PRT_THREAD_ID"', ...extra]);
      assert.equal(r.code, 2, r.stderr);
      const errors = linesOf(r.stderr);
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0], /^prt: .*uncommitted change.*commit or stash/);
      assert.deepEqual(ws.gh.requests, [], 'no request at all');
      assert.deepEqual(readdirSync(ws.outside), []);
      assert.equal(existsSync(worktreeCache(ws)), false, 'no worktree made');
    }
    assert.equal(await readFile(path.join(ws.repo, 'a.txt'), 'utf8'), 'local edit\n');
  });
});
