import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { git, seedSample, Workspace } from './harness/workspace';

const FILES = { 'a.txt': 'alpha\nbeta\ngamma\n', 'b.txt': 'one\ntwo\nthree\n', 'src/c.txt': 'x\ny\nz\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'Fix alpha' },
  { path: 'a.txt', line: 3, body: 'Fix gamma' },
  { path: 'b.txt', line: 2, startLine: 1, body: 'Fix one and two' },
  { path: 'src/c.txt', line: 2, body: 'Fix y', replies: [['octo-dev', 'On it'] as [string, string]] },
];

interface RunJson {
  threads: { id: string; worker: string; status: string; attempts: number; exitCode: number | null; durationMs: number; error: string | null; replied: boolean; resolved: boolean }[];
  wallMs: number;
  sumMs: number;
  speedup: number;
  requests: { queries: number; mutations: number };
}

const mutations = (ws: Workspace) => ws.gh.requests.filter((r) => r.kind === 'mutation').length;
const lastBody = (t: StoredThread) => t.comments[t.comments.length - 1].body;

describe('prt run', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, THREADS);
  });
  afterEach(async () => {
    await ws.dispose();
  });

  it('exit 0 when every thread is fixed: each is replied to with the reply text and resolved on the server', async () => {
    const r = await ws.prt(['run', '--exec', 'true', '--reply', 'Done, thanks!', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    for (const t of threads) {
      assert.equal(t.isResolved, true, t.path);
      assert.equal(lastBody(t), 'Done, thanks!');
      assert.equal(t.comments[t.comments.length - 1].author, 'octo-dev');
    }
    assert.match(r.stdout, /Resolved 4 on GitHub/);
  });

  it('the default reply is "Fixed ✓"', async () => {
    const r = await ws.prt(['run', '--exec', 'true', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    for (const t of threads) assert.equal(lastBody(t), 'Fixed ✓');
  });

  it('exit 1 when one job fails: that thread stays unresolved without a reply, the others are resolved', async () => {
    const r = await ws.prt(['run', '--exec', 'test "$PRT_PATH" != b.txt || { echo "cannot fix b" >&2; exit 7; }', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    const [a1, a3, b, c] = threads;
    assert.equal(b.isResolved, false);
    assert.equal(b.comments.length, 1, 'no reply on a failed thread');
    for (const t of [a1, a3, c]) assert.equal(t.isResolved, true);
    assert.match(r.stdout, /Not landed \(1\), left unresolved/);
    assert.match(r.stdout, /cannot fix b/, 'the command\'s last line explains the failure');
  });

  it('--no-resolve fixes but leaves every thread unresolved and sends no mutation', async () => {
    const r = await ws.prt(['run', '--exec', 'true', '--no-resolve', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    for (const t of threads) {
      assert.equal(t.isResolved, false);
      assert.equal(t.comments.length, t === threads[3] ? 2 : 1);
    }
    assert.equal(mutations(ws), 0);
  });

  it('--verify false: nothing is resolved, exit 1', async () => {
    const r = await ws.prt(['run', '--exec', 'true', '--verify', 'false', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    for (const t of threads) assert.equal(t.isResolved, false);
    assert.equal(mutations(ws), 0);
    assert.match(r.stdout, /verify failed/i);
  });

  it('--verify that passes lets the fixed threads be resolved', async () => {
    const r = await ws.prt(['run', '--exec', 'true', '--verify', 'test -f a.txt', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    for (const t of threads) assert.equal(t.isResolved, true);
  });

  for (const isolation of ['worktree', 'none'] as const) {
    it(`gives the command the thread as PRT_* variables, JSON on stdin and quoted placeholders, in ${isolation === 'none' ? 'the repository root (--isolation none)' : 'its own worktree, PRT_WORKTREE (the default)'}`, async () => {
    const exec = [
      'cat > "$PRT_TEST_OUT/$PRT_THREAD_ID.json"',
      'printf "%s|%s|%s|%s|%s|%s|%s|%s" "$PRT_PATH" "$PRT_LINE" "$PRT_START_LINE" "$PRT_WORKER" "$PRT_REPO" "$PRT_PR" "$PRT_URL" "$PRT_BODY" > "$PRT_TEST_OUT/$PRT_THREAD_ID.env"',
      'printf "%s\\n" {id} {path} {line} {worker} "$PWD" "$PRT_WORKTREE" "$PRT_REPO_ROOT" > "$PRT_TEST_OUT/$PRT_THREAD_ID.args"',
    ].join('; ');
    const r = await ws.prt(['run', '--exec', exec, '--no-resolve', '--workers', '2', '--isolation', isolation, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    for (const t of threads) {
      const worker = report.threads.find((x) => x.id === t.id)!.worker;
      const json = JSON.parse(await readFile(path.join(ws.outside, `${t.id}.json`), 'utf8')) as { id: string; path: string; body: string; comments: unknown[] };
      assert.equal(json.id, t.id);
      assert.equal(json.path, t.path);
      assert.equal(json.body, t.comments[0].body);
      assert.equal(json.comments.length, t.comments.length);
      const env = await readFile(path.join(ws.outside, `${t.id}.env`), 'utf8');
      assert.equal(env, [t.path, String(t.line), t.startLine === null ? '' : String(t.startLine), worker, 'acme/app', '1', json.comments.length ? (json as unknown as { url: string }).url : '', t.comments[0].body].join('|'));
      const args = (await readFile(path.join(ws.outside, `${t.id}.args`), 'utf8')).split('\n');
      assert.deepEqual(args.slice(0, 4), [t.id, t.path, String(t.line), worker]);
      const [cwd, worktree, repoRoot] = args.slice(4, 7);
      assert.equal(cwd, worktree, 'the command runs where PRT_WORKTREE says');
      assert.equal(repoRoot, ws.repo);
      if (isolation === 'none') assert.equal(cwd, ws.repo);
      else {
        assert.ok(cwd.startsWith(path.join(ws.home, '.cache', 'pr-thread-runner', 'worktrees')), `a worktree in the user's cache: ${cwd}`);
        assert.ok(!cwd.startsWith(ws.repo), 'outside the repository');
      }
    }
    });
  }

  it('keeps the GitHub token from the commands it runs (thread text may steer an agent)', async () => {
    const r = await ws.prt(['run', '--exec', 'env > "$PRT_TEST_OUT/env-$PRT_THREAD_ID"', '--verify', 'env > "$PRT_TEST_OUT/env-verify"', '--no-resolve'], { env: ws.env({ GH_TOKEN: 'also-secret' }) });
    assert.equal(r.code, 0, r.stderr);
    for (const name of [...threads.map((t) => `env-${t.id}`), 'env-verify']) {
      const env = await readFile(path.join(ws.outside, name), 'utf8');
      assert.doesNotMatch(env, /^(GITHUB_TOKEN|GH_TOKEN)=/m, name);
      assert.doesNotMatch(env, new RegExp(ws.gh.token), name);
      assert.match(env, /^PATH=/m, 'the rest of the environment is kept');
    }
  });

  it('--json prints only the report on stdout, in the SPEC shape', async () => {
    const r = await ws.prt(['run', '--exec', 'test "$PRT_PATH" != b.txt', '--json', '--write-interval', '0']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    for (const k of ['threads', 'wallMs', 'sumMs', 'speedup', 'requests']) assert.ok(k in report, k);
    assert.deepEqual(Object.keys(report.requests).sort(), ['mutations', 'queries']);
    assert.ok(report.requests.queries >= 1 && report.requests.mutations >= 1);
    assert.deepEqual(report.threads.map((t) => t.id).sort(), threads.map((t) => t.id).sort());
    for (const t of report.threads) {
      assert.deepEqual(Object.keys(t).sort(), ['attempts', 'changes', 'commit', 'durationMs', 'error', 'exitCode', 'id', 'patch', 'replied', 'resolved', 'status', 'worker']);
      assert.match(t.worker, /^worker-\d+$/);
      assert.equal(t.attempts, 1);
      assert.equal(typeof t.durationMs, 'number');
    }
    assert.equal(report.speedup, Number((report.sumMs / report.wallMs).toFixed(3)), 'speedup is sumMs / wallMs of the same report');
    const bad = report.threads.find((t) => t.id === threads[2].id)!;
    assert.equal(bad.status, 'failed');
    assert.equal(bad.replied, false);
    assert.equal(bad.resolved, false);
    for (const t of report.threads.filter((x) => x !== bad)) assert.deepEqual([t.status, t.replied, t.resolved], ['resolved', true, true]);
    assert.equal(bad.exitCode, 1);
    assert.equal(typeof bad.error, 'string');
    for (const t of report.threads.filter((x) => x.id !== threads[2].id)) {
      assert.equal(t.status, 'resolved');
      assert.equal(t.exitCode, 0);
      assert.equal(t.error, null);
    }
    assert.ok(typeof report.wallMs === 'number' && typeof report.sumMs === 'number' && typeof report.speedup === 'number');
  });

  it('--dry-run shows the plan and the commands, and runs and writes nothing', async () => {
    const joblog = path.join(ws.outside, 'dry.joblog');
    const r = await ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/ran-$PRT_THREAD_ID"; echo changed >> {path}', '--dry-run', '--joblog', joblog, '--commit']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /dry run/);
    for (const t of threads) assert.ok(r.stdout.includes(t.id), t.id);
    assert.match(r.stdout, /echo changed >> 'a\.txt'/);
    assert.deepEqual(readdirSync(ws.outside), []);
    assert.equal(existsSync(joblog), false);
    assert.equal(await git(ws.repo, ['status', '--porcelain']), '');
    assert.equal(await git(ws.repo, ['rev-list', '--count', 'HEAD']), '1');
    assert.equal(mutations(ws), 0);
    for (const t of threads) assert.equal(t.isResolved, false);
  });

  it('"nothing to do" when no thread is unresolved', async () => {
    for (const t of threads) ws.gh.store.setResolved(t.id, true, 'mona');
    const r = await ws.prt(['run', '--exec', 'touch "$PRT_TEST_OUT/ran"']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /nothing to do/i);
    assert.deepEqual(readdirSync(ws.outside), []);
  });
});
