import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { checkoutAt, commitsSince, gitApply, prtOnPty, reportOf, type PtyPrt } from './harness/isolation';
import { killAllWithEnv } from './harness/processes';
import { linesOf } from './harness/prtProcess';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §3 --review: on a terminal, after the fix stage each fixed thread's diff is shown and
// the user keeps or drops it (y / n / a keep the rest / q drop the rest); dropped threads are
// `rejected`, their patch saved, never resolved.

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n', 'd.txt': 'd\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fix a' },
  { path: 'b.txt', line: 1, body: 'fix b' },
  { path: 'c.txt', line: 1, body: 'fix c' },
  { path: 'd.txt', line: 1, body: 'fix d' },
];
const EDIT = 'echo "fixed $PRT_THREAD_ID" >> "$PRT_PATH"';
const PROMPT = /Keep this fix\? \[y,n,a,q,\?\]/;

describe('prt run --review', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  let base: string;
  beforeEach(async () => {
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, THREADS);
    base = await git(ws.repo, ['rev-parse', 'HEAD']);
  });
  afterEach(async () => {
    killAllWithEnv('PRT_TEST_OUT', ws.outside);
    await ws.dispose();
  });

  /** Answers each prompt in turn, once it is shown; returns prt's exit code and its --json report. */
  async function review(answers: readonly string[], extra: readonly string[] = []): Promise<{ code: number | null; pty: PtyPrt; report: ReturnType<typeof reportOf> }> {
    const out = path.join(ws.outside, 'report.json');
    const pty = prtOnPty(ws, ['run', '--exec', EDIT, '--review', '--commit-per-thread', '--reply', 'Fixed in {sha}', '--json', '--write-interval', '0', ...extra], out);
    for (const [i, answer] of answers.entries()) {
      await pty.waitFor(PROMPT, i + 1);
      pty.type(answer);
    }
    const { code, output } = await pty.done;
    const stdout = existsSync(out) ? await readFile(out, 'utf8') : '';
    return { code, pty, report: reportOf({ code, signal: null, stdout, stderr: output }) };
  }

  it('y, n, a: the second fix is rejected (patch saved, not resolved), the others land, each in its own commit', async () => {
    const { code, pty, report } = await review(['y', 'n', 'a']);
    assert.equal(code, 0, pty.output());
    const order = report.threads.map((t) => t.id);
    const [first, second, ...rest] = order;
    // Each fix's diff was shown before its question; `a` kept the third and fourth unasked.
    assert.equal((pty.output().match(new RegExp(PROMPT.source, 'g')) ?? []).length, 3, pty.output());
    const shown = pty.output().replace(/\x1b\[[0-9;]*m/g, '');
    for (const id of [first, second, rest[0]]) assert.ok(shown.includes(`+fixed ${id}`), `the diff of ${id} is shown:\n${shown}`);

    const rejected = report.thread(second);
    assert.deepEqual([rejected.status, rejected.commit, rejected.replied, rejected.resolved], ['rejected', null, false, false]);
    assert.deepEqual(rejected.changes, { files: 1, insertions: 1, deletions: 0 });
    assert.ok(rejected.patch && existsSync(rejected.patch), `patch ${rejected.patch}`);
    const dir = await checkoutAt(ws, base);
    const t2 = threads.find((t) => t.id === second)!;
    assert.equal((await gitApply(dir, rejected.patch)).code, 0);
    assert.equal(await readFile(path.join(dir, t2.path), 'utf8'), `${t2.path[0]}\nfixed ${second}\n`);
    assert.equal(t2.isResolved, false);
    assert.equal(t2.comments.length, 1);
    assert.equal(await readFile(path.join(ws.repo, t2.path), 'utf8'), `${t2.path[0]}\n`, 'the rejected fix is not in the tree');
    // The summary says what did not land and where its changes went.
    assert.match(shown, new RegExp(`Not landed \\(1\\), left unresolved:\r?\n +rejected +${t2.path.replace('.', '\\.')}:1 +${second}`));
    assert.ok(shown.includes(`patch: ${rejected.patch}`), shown);
    assert.match(shown, /Run finished: 3 of 4 threads resolved, 1 rejected\./);

    const commits = await commitsSince(ws.repo, base);
    const kept = [first, ...rest];
    assert.deepEqual(commits.map((c) => c.files[0]), kept.map((id) => threads.find((t) => t.id === id)!.path));
    for (const [i, id] of kept.entries()) {
      const j = report.thread(id);
      assert.deepEqual([j.status, j.commit, j.patch], ['resolved', commits[i].sha, null]);
      const t = threads.find((x) => x.id === id)!;
      assert.equal(t.comments[t.comments.length - 1].body, `Fixed in ${commits[i].sha.slice(0, 7)}`);
    }
    assert.equal(await git(ws.repo, ['status', '--porcelain']), '');
  });

  it('y, q: q drops this and the rest — all but the first rejected', async () => {
    const { code, pty, report } = await review(['y', 'q']);
    assert.equal(code, 0, pty.output());
    const [first, ...rest] = report.threads.map((t) => t.id);
    assert.equal(report.thread(first).status, 'resolved');
    for (const id of rest) {
      const j = report.thread(id);
      assert.deepEqual([j.status, j.resolved], ['rejected', false]);
      assert.ok(j.patch && existsSync(j.patch));
    }
    assert.equal((await commitsSince(ws.repo, base)).length, 1);
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 1);
  });

  it('an answer other than y/n/a/q asks again; a fix that changed nothing is not asked about', async () => {
    const out = path.join(ws.outside, 'report.json');
    const exec = `test "$PRT_PATH" = d.txt || ${EDIT}`;
    const pty = prtOnPty(ws, ['run', '--exec', exec, '--review', '--json', '--write-interval', '0'], out);
    await pty.waitFor(PROMPT, 1);
    pty.type('maybe');
    await pty.waitFor(/y keep this fix · n drop it/);
    await pty.waitFor(PROMPT, 2);
    pty.type('a');
    const { code, output } = await pty.done;
    assert.equal(code, 0, output);
    assert.match(output, /3 fixes reviewed/);
    const report = reportOf({ code, signal: null, stdout: await readFile(out, 'utf8'), stderr: output });
    for (const t of report.threads) assert.equal(t.status, 'resolved');
    assert.equal(report.thread(threads[3].id).changes, null);
  });

  it('Ctrl-C at the prompt stops the run: exit 130, nothing integrated or resolved, the fix asked about saved as a patch', async () => {
    const out = path.join(ws.outside, 'report.json');
    const pty = prtOnPty(ws, ['run', '--exec', EDIT, '--review', '--json', '--write-interval', '0'], out);
    await pty.waitFor(PROMPT, 1);
    pty.type('y');
    await pty.waitFor(PROMPT, 2);
    pty.press('\x03');
    const { code, output } = await pty.done;
    assert.equal(code, 130, output);
    const report = reportOf({ code, signal: null, stdout: await readFile(out, 'utf8'), stderr: output });
    assert.equal(report.cancelled, true);
    const second = report.thread(report.threads[1].id);
    assert.deepEqual([second.status, second.resolved], ['rejected', false]);
    assert.ok(second.patch && existsSync(second.patch));
    for (const t of threads) assert.equal(t.isResolved, false);
    assert.equal(await git(ws.repo, ['status', '--porcelain', '--untracked-files=all']), '', 'nothing reached the work tree');
    assert.equal(await git(ws.repo, ['rev-parse', 'HEAD']), base);
  });

  it('without a terminal: exit 2 with one line, before any request', async () => {
    const r = await ws.prt(['run', '--exec', EDIT, '--review']);
    assert.equal(r.code, 2, r.stderr);
    const errors = linesOf(r.stderr);
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], /^prt: --review .*terminal/);
    assert.deepEqual(ws.gh.requests, []);
  });

  it('with --isolation none: exit 2, one line', async () => {
    const pty = prtOnPty(ws, ['run', '--exec', EDIT, '--review', '--isolation', 'none']);
    const { code, output } = await pty.done;
    assert.equal(code, 2, output);
    assert.match(output, /prt: --review needs --isolation worktree/);
  });
});
