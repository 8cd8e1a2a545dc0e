import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { suggestionBody } from '../github/scenarios';
import { git, seedSample, Workspace } from './harness/workspace';

interface RunJson {
  threads: { id: string; status: string; error: string | null }[];
}

const WEIRD_FILE = 'src/$(touch pwned-path).txt';
const FILES = { 'a.txt': 'a\n', [WEIRD_FILE]: 'w\n' };
const HOSTILE_BODIES = [
  '$(touch pwned-dollar)',
  '`touch pwned-backtick`',
  "'; touch pwned-quote; '",
  'first line\n$(touch pwned-newline)\n"; touch pwned-dq; "\nlast line',
  '{path} {id} $PRT_PATH ${HOME} \\ %s %n',
];

describe('prt run with hostile thread text', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  /** No `pwned-*` file anywhere a shell could have made one. */
  function assertNothingExecuted(): void {
    for (const dir of [ws.repo, path.join(ws.repo, 'src'), ws.outside, ws.root, ws.home, process.cwd()]) {
      const made = readdirSync(dir).filter((f) => f.startsWith('pwned'));
      assert.deepEqual(made, [], `created in ${dir}`);
    }
  }

  it('bodies with $(…), backticks, quotes and newlines reach --exec only as data', async () => {
    const threads: StoredThread[] = await seedSample(ws, FILES, [
      ...HOSTILE_BODIES.map((body) => ({ path: 'a.txt', line: 1, body })),
      { path: WEIRD_FILE, line: 1, body: 'a path with shell syntax' },
    ]);
    // Every way the command can see the thread: env, placeholders and stdin.
    const exec = [
      'printf "%s" "$PRT_BODY" > "$PRT_TEST_OUT/body-$PRT_THREAD_ID"',
      'printf "%s" {path} > "$PRT_TEST_OUT/path-$PRT_THREAD_ID"',
      'cat > "$PRT_TEST_OUT/stdin-$PRT_THREAD_ID"',
      'echo fixed >> {path}',
    ].join('; ');
    const r = await ws.prt(['run', '--exec', exec, '--write-interval', '0', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assertNothingExecuted();
    for (const t of threads) {
      assert.equal(await readFile(path.join(ws.outside, `body-${t.id}`), 'utf8'), t.comments[0].body);
      assert.equal(await readFile(path.join(ws.outside, `path-${t.id}`), 'utf8'), t.path);
      const json = JSON.parse(await readFile(path.join(ws.outside, `stdin-${t.id}`), 'utf8')) as { body: string; path: string };
      assert.equal(json.body, t.comments[0].body);
      assert.equal(json.path, t.path);
      assert.equal(t.isResolved, true);
    }
    assert.equal(await readFile(path.join(ws.repo, WEIRD_FILE), 'utf8'), 'w\nfixed\n');
    assert.equal(await readFile(path.join(ws.repo, 'a.txt'), 'utf8'), `a\n${'fixed\n'.repeat(HOSTILE_BODIES.length)}`);
  });

  it('a path outside the repository (../, absolute, through a symlink) fails, stays unresolved, and the file is untouched', async () => {
    const victim = path.join(ws.root, 'outside.txt');
    await writeFile(victim, 'precious\n');
    await writeFile(path.join(ws.outside, 'abs.txt'), 'precious too\n');
    const threads = await seedSample(ws, FILES, [
      { path: '../outside.txt', line: 1, body: 'escape upwards' },
      { path: path.join(ws.outside, 'abs.txt'), line: 1, body: 'absolute' },
      { path: 'escape/abs.txt', line: 1, body: 'through a symlink' },
      { path: 'a.txt', line: 1, body: 'fine' },
    ]);
    await symlink('../outside', path.join(ws.repo, 'escape'));
    await git(ws.repo, ['add', 'escape']);
    await git(ws.repo, ['commit', '-q', '-m', 'symlink']);
    const r = await ws.prt(['run', '--exec', 'echo fixed >> {path}; echo "$PRT_THREAD_ID" >> "$PRT_TEST_OUT/ran"', '--apply-suggestions', '--write-interval', '0', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    const [up, abs, link, fine] = threads;
    for (const t of [up, abs, link]) {
      const row = report.threads.find((x) => x.id === t.id)!;
      assert.equal(row.status, 'failed', t.path);
      assert.match(row.error ?? '', /outside the repository/);
      assert.equal(t.isResolved, false);
      assert.equal(t.comments.length, 1);
    }
    assert.equal(fine.isResolved, true);
    assert.equal(await readFile(victim, 'utf8'), 'precious\n');
    assert.equal(await readFile(path.join(ws.outside, 'abs.txt'), 'utf8'), 'precious too\n');
    // The command never ran for the refused threads.
    assert.equal((await readFile(path.join(ws.outside, 'ran'), 'utf8')).trim(), fine.id);
    assert.equal(existsSync(path.join(ws.root, 'fixed')), false);
  });

  it('a thread on .git/config (any case) or through a symlink into .git/hooks is refused: nothing written, and --commit runs no fsmonitor payload', async () => {
    const payload = `touch "${path.join(ws.outside, 'pwned-fsmonitor')}"; exit 1`;
    const config = `[core]\n\tfsmonitor = ${JSON.stringify(payload).slice(1, -1)}\n`;
    const threads = await seedSample(ws, FILES, [
      { path: '.git/config', line: 1, body: suggestionBody([config.trimEnd()]) },
      { path: '.GIT/config', line: 1, body: suggestionBody([config.trimEnd()]) },
      { path: 'hooks/pre-commit', line: 1, body: suggestionBody([`#!/bin/sh\ntouch "${path.join(ws.outside, 'pwned-hook')}"`]) },
      { path: 'a.txt', line: 1, body: suggestionBody(['b']) },
    ]);
    await symlink('.git/hooks', path.join(ws.repo, 'hooks'));
    await git(ws.repo, ['add', 'hooks']);
    await git(ws.repo, ['commit', '-q', '-m', 'hooks link']);
    const before = await readFile(path.join(ws.repo, '.git', 'config'), 'utf8');
    const r = await ws.prt(['run', '--apply-suggestions', '--exec', 'echo "$PRT_THREAD_ID" >> "$PRT_TEST_OUT/ran"', '--commit', '--write-interval', '0', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    for (const t of threads.slice(0, 3)) {
      const row = report.threads.find((x) => x.id === t.id)!;
      assert.equal(row.status, 'failed', t.path);
      assert.match(row.error ?? '', /leads into the git directory/);
      assert.equal(t.isResolved, false);
    }
    assert.equal(await readFile(path.join(ws.repo, '.git', 'config'), 'utf8'), before, '.git/config is untouched');
    assert.equal(existsSync(path.join(ws.repo, '.git', 'hooks', 'pre-commit')), false);
    assert.equal(existsSync(path.join(ws.outside, 'pwned-fsmonitor')), false);
    assert.equal(existsSync(path.join(ws.outside, 'pwned-hook')), false);
    assert.equal((await readFile(path.join(ws.outside, 'ran'), 'utf8')).trim(), threads[3].id, 'nothing ran for the refused threads');
    assert.equal(threads[3].isResolved, true, r.stdout + r.stderr);
  });
});
