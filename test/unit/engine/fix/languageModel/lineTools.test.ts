import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, realpath, rm, stat, writeFile, chmod, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { READ_LINES, REPLACE_LINES, runLineTool, TOOL_LIMITS } from '../../../../../src/engine/fix/languageModel/lineTools';
import { call } from './scriptedModel';

describe('the language model\'s two tools', () => {
  let repo: string;
  const signal = new AbortController().signal;

  beforeEach(async () => {
    repo = await realpath(await mkdtemp(path.join(tmpdir(), 'prt-lmtools-')));
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  const read = (p: string, startLine: number, endLine: number) => runLineTool(call(READ_LINES, { path: p, startLine, endLine }), repo, signal);
  const replace = (p: string, startLine: number, endLine: number, newText: string) => runLineTool(call(REPLACE_LINES, { path: p, startLine, endLine, newText }), repo, signal);
  const content = (p: string) => readFile(path.join(repo, p), 'utf8');

  it('reads numbered lines, padded, and clamps a range past the end', async () => {
    await writeFile(path.join(repo, 'f.txt'), Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    const r = await read('f.txt', 9, 40);
    assert.equal(r.result, 'f.txt, lines 9–12 of 12:\n 9| line 9\n10| line 10\n11| line 11\n12| line 12');
    assert.equal((await read('f.txt', 13, 13)).result, 'error: line 13 is past the end: "f.txt" has 12 lines');
  });

  it('reads at most 500 lines at once and says where to go on', async () => {
    await writeFile(path.join(repo, 'big.txt'), 'x\n'.repeat(800));
    const r = await read('big.txt', 1, 800);
    assert.match(r.result, /^big.txt, lines 1–500 of 800 \(shown up to line 500: read from 501 for more\):/);
    assert.equal(r.result.split('\n').length, 501);
  });

  it('refuses files larger than the limit and files that are not UTF-8', async () => {
    await writeFile(path.join(repo, 'huge.txt'), Buffer.alloc(TOOL_LIMITS.fileBytes + 1, 0x61));
    await writeFile(path.join(repo, 'bin.dat'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    assert.match((await read('huge.txt', 1, 1)).result, /^error: "huge.txt" is larger than/);
    assert.equal((await replace('bin.dat', 1, 1, 'x')).result, 'error: "bin.dat" is not UTF-8 text');
  });

  it('keeps CRLF line endings and a missing final newline', async () => {
    await writeFile(path.join(repo, 'crlf.txt'), 'a\r\nb\r\nc');
    await replace('crlf.txt', 2, 2, 'B1\nB2\n');
    assert.equal(await content('crlf.txt'), 'a\r\nB1\r\nB2\r\nc');
    await replace('crlf.txt', 4, 4, 'C');
    assert.equal(await content('crlf.txt'), 'a\r\nB1\r\nB2\r\nC');
  });

  it('inserts before a line, appends at the end, and deletes lines', async () => {
    await writeFile(path.join(repo, 'f.txt'), 'one\ntwo\nthree');
    const inserted = await replace('f.txt', 2, 1, 'one and a half');
    assert.equal(inserted.result, 'inserted 1 line(s) before line 2 in f.txt; it now has 4 lines');
    assert.equal(await content('f.txt'), 'one\none and a half\ntwo\nthree');
    await replace('f.txt', 5, 4, 'four');
    assert.equal(await content('f.txt'), 'one\none and a half\ntwo\nthree\nfour');
    await replace('f.txt', 4, 5, '');
    assert.equal(await content('f.txt'), 'one\none and a half\ntwo');
    assert.equal((await replace('f.txt', 5, 4, 'x')).result, 'error: line 5 is past the end: "f.txt" has 3 lines');
  });

  it('writes atomically, keeping the file mode, leaving no temp file', async () => {
    const f = path.join(repo, 'run.sh');
    await writeFile(f, '#!/bin/sh\necho hi\n');
    await chmod(f, 0o755);
    const r = await replace('run.sh', 2, 2, 'echo hello');
    assert.equal(r.changed, true);
    assert.equal((await stat(f)).mode & 0o777, 0o755);
    assert.deepEqual(await readdir(repo), ['run.sh']);
  });

  it('does not write once the signal has aborted', async () => {
    await writeFile(path.join(repo, 'f.txt'), 'a\n');
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(runLineTool(call(REPLACE_LINES, { path: 'f.txt', startLine: 1, endLine: 1, newText: 'b' }), repo, abort.signal), { name: 'CancellationError' });
    assert.equal(await content('f.txt'), 'a\n');
  });
});
