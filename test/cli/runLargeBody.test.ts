import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { seedSample, Workspace } from './harness/workspace';

// SPEC §3/§4: a comment body over the environment's limit (≥ 128 KiB: Linux refuses any one
// environment string that long with E2BIG) still runs its job. PRT_BODY is cut at 64 KiB and
// says so; the whole body is in PRT_BODY_FILE and on stdin.

interface RunJson {
  threads: { id: string; status: string; error: string | null }[];
}

const CUT_LINE = '…[cut: the whole body is in $PRT_BODY_FILE]';

describe('prt run: a first comment of 128 KiB and more', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  it('the job runs; PRT_BODY is cut at 64 KiB and marked, PRT_BODY_FILE and stdin hold it all; the file is gone after', async () => {
    // Two-byte characters throughout, so that a cut in the middle of one would show.
    const line = `${'é'.repeat(60)} ${'x'.repeat(58)}\n`;
    const body = `START\n${line.repeat(Math.ceil((160 * 1024) / Buffer.byteLength(line)))}END-OF-BODY`;
    assert.ok(Buffer.byteLength(body) >= 160 * 1024);
    const [big, small] = await seedSample(ws, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, [
      { path: 'a.txt', line: 1, body },
      { path: 'b.txt', line: 1, body: 'a short one' },
    ]);
    const exec = [
      'printf "%s" "$PRT_BODY" > "$PRT_TEST_OUT/env-$PRT_THREAD_ID"',
      'printf "%s" "$PRT_BODY_FILE" > "$PRT_TEST_OUT/file-name-$PRT_THREAD_ID"',
      'cp "$PRT_BODY_FILE" "$PRT_TEST_OUT/file-$PRT_THREAD_ID"',
      'cat > "$PRT_TEST_OUT/stdin-$PRT_THREAD_ID"',
    ].join('; ');
    const r = await ws.prt(['run', '--exec', exec, '--json', '--write-interval', '0']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /E2BIG/);
    for (const t of (JSON.parse(r.stdout) as RunJson).threads) assert.equal(t.status, 'resolved', `${t.id}: ${t.error}`);
    assert.equal(big.isResolved, true);

    const out = (name: string, id: string) => readFile(path.join(ws.outside, `${name}-${id}`), 'utf8');
    const env = await out('env', big.id);
    assert.ok(Buffer.byteLength(env) <= 64 * 1024, `PRT_BODY is ${Buffer.byteLength(env)} bytes`);
    assert.ok(Buffer.byteLength(env) > 60 * 1024, 'PRT_BODY keeps as much as fits');
    assert.ok(env.endsWith(`\n${CUT_LINE}`), `PRT_BODY ends: ${JSON.stringify(env.slice(-80))}`);
    const kept = env.slice(0, -`\n${CUT_LINE}`.length);
    assert.ok(body.startsWith(kept), 'PRT_BODY is the start of the body, cut at a character boundary');
    assert.ok(!kept.includes('\uFFFD'), 'no character was split');

    assert.equal(await out('file', big.id), body, 'PRT_BODY_FILE holds the whole body');
    const stdin = JSON.parse(await out('stdin', big.id)) as { body: string; comments: { body: string }[] };
    assert.equal(stdin.body, body, 'stdin holds the whole body');
    assert.equal(stdin.comments[0].body, body);

    // A short body is passed whole, unmarked.
    assert.equal(await out('env', small.id), 'a short one');
    assert.equal(await out('file', small.id), 'a short one');

    // The body files lived as long as their jobs.
    for (const t of [big, small]) {
      const file = await out('file-name', t.id);
      assert.ok(path.isAbsolute(file), file);
      assert.equal(existsSync(file), false, `${file} is left after the run`);
      assert.equal(existsSync(path.dirname(file)), false, `${path.dirname(file)} is left after the run`);
    }
  });
});
