import * as assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isCancellationError } from '../../../../src/common/errors';
import { applySuggestion, isNoSuggestionError, isSuggestionDoesNotApplyError, writeFileAtomic } from '../../../../src/engine/fix/applySuggestion';
import { isPathOutsideRepoError } from '../../../../src/engine/fix/repoPath';
import { ReviewThread } from '../../../../src/model/thread';
import { makeThread } from '../../helpers/threads';
import { SUGGESTION_FIXTURES } from './suggestionFixtures';

const suggestion = (...lines: string[]) => ['Please change:', '```suggestion', ...lines, '```'].join('\n');

/** A diff hunk whose right side ends with `lines` (what GitHub sends for a comment on them). */
const hunk = (...lines: string[]) => ['@@ -1,4 +1,4 @@', ' header', '-old', ...lines.map((l) => `+${l}`)].join('\n');

describe('applySuggestion', () => {
  let base: string;
  let repo: string;

  beforeEach(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'prt-apply-')));
    repo = path.join(base, 'repo');
    await mkdir(path.join(repo, 'src'), { recursive: true });
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const file = (name = 'src/a.ts') => path.join(repo, name);
  const put = (content: string | Buffer, name = 'src/a.ts') => writeFile(file(name), content);
  const read = (name = 'src/a.ts') => readFile(file(name), 'utf8');
  const thread = (over: Partial<ReviewThread> & { body?: string }) =>
    makeThread({ path: 'src/a.ts', line: 2, startLine: null, ...over });

  /** Runs `apply`, expects the given refusal, and checks the file kept every byte. */
  async function assertRefused(t: ReviewThread, guard: (e: unknown) => boolean, message: RegExp) {
    const before = await readFile(file(t.path)).catch(() => undefined);
    await assert.rejects(applySuggestion({ repoRoot: repo, thread: t }), (e: Error) => {
      assert.ok(guard(e), `unexpected error: ${e.message}`);
      assert.match(e.message, message);
      return true;
    });
    if (before) assert.deepEqual(await readFile(file(t.path)), before);
    assert.deepEqual(await tempFiles(), []);
  }

  async function tempFiles(): Promise<string[]> {
    const names = await readdir(path.join(repo, 'src'));
    return names.filter((n) => n.endsWith('.tmp'));
  }

  it('replaces a single line', async () => {
    await put('a\nb\nc\n');
    const result = await applySuggestion({ repoRoot: repo, thread: thread({ body: suggestion('B'), diffHunk: hunk('a', 'b') }) });
    assert.deepEqual(result, { path: file(), changed: true });
    assert.equal(await read(), 'a\nB\nc\n');
    assert.deepEqual(await tempFiles(), []);
  });

  it('replaces a multi-line range with more lines', async () => {
    await put('1\n2\n3\n4\n5\n');
    const t = thread({ startLine: 2, line: 4, body: suggestion('two', 'three', 'three and a half', 'four'), diffHunk: hunk('2', '3', '4') });
    await applySuggestion({ repoRoot: repo, thread: t });
    assert.equal(await read(), '1\ntwo\nthree\nthree and a half\nfour\n5\n');
  });

  it('deletes the lines for an empty block, and leaves one blank line for a blank block', async () => {
    await put('a\nb\nc\n');
    await applySuggestion({ repoRoot: repo, thread: thread({ body: '```suggestion\n```', diffHunk: hunk('b') }) });
    assert.equal(await read(), 'a\nc\n');
    await put('a\nb\nc\n');
    await applySuggestion({ repoRoot: repo, thread: thread({ body: '```suggestion\n\n```', diffHunk: hunk('b') }) });
    assert.equal(await read(), 'a\n\nc\n');
  });

  it('keeps a CRLF file CRLF, whatever the suggestion’s line endings', async () => {
    await put('a\r\nb\r\nc\r\n');
    const t = thread({ body: 'fix:\r\n```suggestion\r\nX\r\nY\r\n```\r\n', diffHunk: '@@ -1,2 +1,2 @@\n a\r\n b\r' });
    await applySuggestion({ repoRoot: repo, thread: t });
    assert.equal(await read(), 'a\r\nX\r\nY\r\nc\r\n');
  });

  it('keeps a missing final newline', async () => {
    await put('a\nb');
    await applySuggestion({ repoRoot: repo, thread: thread({ body: suggestion('B1', 'B2'), diffHunk: hunk('a', 'b') }) });
    assert.equal(await read(), 'a\nB1\nB2');
    await put('a\nb');
    await applySuggestion({ repoRoot: repo, thread: thread({ body: '```suggestion\n```', diffHunk: hunk('b') }) });
    assert.equal(await read(), 'a');
  });

  it('finds lines an earlier fix moved, when they occur once', async () => {
    await put('new 1\nnew 2\na\nb\nc\n');
    await applySuggestion({ repoRoot: repo, thread: thread({ line: 2, body: suggestion('B'), diffHunk: hunk('a', 'b') }) });
    assert.equal(await read(), 'new 1\nnew 2\na\nB\nc\n');
    // Moved up, over a multi-line range.
    await put('c\nd\ne\n');
    const t = thread({ startLine: 4, line: 5, body: suggestion('D', 'E'), diffHunk: hunk('c', 'd', 'e') });
    await applySuggestion({ repoRoot: repo, thread: t });
    assert.equal(await read(), 'c\nD\nE\n');
  });

  it('refuses moved lines found twice or not at all, file untouched', async () => {
    await put('x\nb\ny\nb\n');
    await assertRefused(
      thread({ line: 3, body: suggestion('B'), diffHunk: hunk('b') }),
      isSuggestionDoesNotApplyError,
      /^suggestion does not apply: the commented lines changed$/,
    );
    await put('x\ny\nz\n');
    await assertRefused(
      thread({ line: 2, body: suggestion('B'), diffHunk: hunk('b') }),
      isSuggestionDoesNotApplyError,
      /^suggestion does not apply: the commented lines changed$/,
    );
  });

  it('applies at the line numbers when there is no diff hunk', async () => {
    await put('a\nb\nc\n');
    await applySuggestion({ repoRoot: repo, thread: thread({ line: 3, body: suggestion('C') }) });
    assert.equal(await read(), 'a\nb\nC\n');
    await assertRefused(
      thread({ startLine: 3, line: 4, body: suggestion('C') }),
      isSuggestionDoesNotApplyError,
      /^suggestion does not apply: lines 3–4 are not in the file \(it has 3 lines\)$/,
    );
  });

  it('checks the part of the range a short hunk shows', async () => {
    await put('0\n1\n2\n3\n');
    const t = thread({ startLine: 2, line: 3, body: suggestion('one', 'two'), diffHunk: '@@ -3 +3 @@\n+2' });
    await applySuggestion({ repoRoot: repo, thread: t });
    assert.equal(await read(), '0\none\ntwo\n3\n');
  });

  it('reports no change when the file already holds the suggestion', async () => {
    await put('a\nB\nc\n');
    const result = await applySuggestion({ repoRoot: repo, thread: thread({ body: suggestion('B') }) });
    assert.equal(result.changed, false);
    assert.equal(await read(), 'a\nB\nc\n');
  });

  it('refuses outdated, lineless and LEFT-side threads', async () => {
    await put('a\nb\nc\n');
    await assertRefused(thread({ isOutdated: true, body: suggestion('B') }), isSuggestionDoesNotApplyError, /^suggestion does not apply: the thread is outdated/);
    await assertRefused(thread({ line: null, body: suggestion('B') }), isSuggestionDoesNotApplyError, /^suggestion does not apply: .*no line/);
    await assertRefused(thread({ diffSide: 'LEFT', body: suggestion('B') }), isSuggestionDoesNotApplyError, /^suggestion does not apply: .*left side/);
  });

  it('refuses a thread without a suggestion, or with several', async () => {
    await put('a\nb\nc\n');
    await assertRefused(thread({ body: 'please rename this' }), isNoSuggestionError, /^thread has no suggestion$/);
    await assertRefused(thread({ body: '> ```suggestion\n> B\n> ```' }), isNoSuggestionError, /^thread has no suggestion$/);
    await assertRefused(
      thread({ body: `${suggestion('B')}\nor\n${suggestion('BB')}` }),
      isSuggestionDoesNotApplyError,
      /^suggestion does not apply: the comment holds 2 alternative suggestions/,
    );
  });

  it('takes the suggestion from the first comment only', async () => {
    await put('a\nb\nc\n');
    const first = thread({ body: 'looks off' });
    const t: ReviewThread = { ...first, comments: [...first.comments, { ...first.comments[0], id: 'reply', body: suggestion('B') }] };
    await assertRefused(t, isNoSuggestionError, /^thread has no suggestion$/);
  });

  it('refuses missing files and folders', async () => {
    await assertRefused(thread({ path: 'src/missing.ts', body: suggestion('B') }), isSuggestionDoesNotApplyError, /"src\/missing.ts" does not exist/);
    await assertRefused(thread({ path: 'src', body: suggestion('B') }), isSuggestionDoesNotApplyError, /is not a regular file/);
  });

  it('refuses a file that is not UTF-8, untouched', async () => {
    await put(Buffer.from([0x61, 0x0a, 0xff, 0xfe, 0x0a]));
    await assertRefused(thread({ body: suggestion('B') }), isSuggestionDoesNotApplyError, /is not UTF-8 text/);
  });

  it('refuses paths outside the repository and writes nothing outside', async () => {
    const outside = path.join(base, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'x'), 'a\nb\n');
    await writeFile(path.join(base, 'x'), 'a\nb\n');
    await symlink(outside, path.join(repo, 'src', 'link'));
    for (const p of ['../x', '/etc/passwd', 'src/../../x', 'src/link/x']) {
      await assert.rejects(applySuggestion({ repoRoot: repo, thread: thread({ path: p, body: suggestion('B') }) }), isPathOutsideRepoError);
    }
    assert.equal(await readFile(path.join(outside, 'x'), 'utf8'), 'a\nb\n');
    assert.equal(await readFile(path.join(base, 'x'), 'utf8'), 'a\nb\n');
    assert.deepEqual(await readdir(outside), ['x']);
  });

  it('keeps the file mode', async () => {
    await put('a\nb\n');
    await chmod(file(), 0o751);
    await applySuggestion({ repoRoot: repo, thread: thread({ body: suggestion('B') }) });
    assert.equal((await stat(file())).mode & 0o777, 0o751);
    assert.equal(await read(), 'a\nB\n');
  });

  it('writes nothing once cancelled', async () => {
    await put('a\nb\n');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(applySuggestion({ repoRoot: repo, thread: thread({ body: suggestion('B') }), signal: controller.signal }), isCancellationError);
    assert.equal(await read(), 'a\nb\n');
  });
});

describe('applySuggestion: parser fixtures on a file', () => {
  let base: string;
  beforeEach(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'prt-fixture-')));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  // Lines 2–3 of this file are the commented range; each fixture's own suggestion replaces them.
  const BEFORE = 'top\nold 1\nold 2\nbottom\n';

  for (const f of SUGGESTION_FIXTURES) {
    const own = f.blocks.filter((b) => !b.quoted);
    const outcome = own.length === 0 ? 'refused: no suggestion' : own.length > 1 ? 'refused: alternatives' : 'applied';
    it(`${f.name}: ${outcome}`, async () => {
      await writeFile(path.join(base, 'a.txt'), BEFORE);
      const t = makeThread({ path: 'a.txt', startLine: 2, line: 3, body: f.body });
      const run = applySuggestion({ repoRoot: base, thread: t });
      if (own.length === 0) {
        await assert.rejects(run, isNoSuggestionError);
      } else if (own.length > 1) {
        await assert.rejects(run, (e: Error) => isSuggestionDoesNotApplyError(e) && e.message.includes(`holds ${own.length} alternative`));
      } else {
        assert.equal((await run).changed, true);
        const middle = own[0].lines.map((l) => `${l}\n`).join('');
        assert.equal(await readFile(path.join(base, 'a.txt'), 'utf8'), `top\n${middle}bottom\n`);
      }
      if (own.length !== 1) assert.equal(await readFile(path.join(base, 'a.txt'), 'utf8'), BEFORE);
    });
  }

  it('deletes the range for the empty blocks and leaves one blank line for the blank one', async () => {
    const applied = async (name: RegExp) => {
      const f = SUGGESTION_FIXTURES.find((x) => name.test(x.name));
      assert.ok(f, `no fixture ${name}`);
      await writeFile(path.join(base, 'a.txt'), BEFORE);
      await applySuggestion({ repoRoot: base, thread: makeThread({ path: 'a.txt', startLine: 2, line: 3, body: f.body }) });
      return readFile(path.join(base, 'a.txt'), 'utf8');
    };
    assert.equal(await applied(/^empty block and nothing else/), 'top\nbottom\n');
    assert.equal(await applied(/^one blank line/), 'top\n\nbottom\n');
    assert.equal(await applied(/^CRLF: prose/), 'top\n`retries` sets how many times a failed job is started again before the run gives up.\nbottom\n');
  });
});

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'prt-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the target untouched and no temp file when the rename fails', async () => {
    const target = path.join(dir, 'f.txt');
    await writeFile(target, 'old\n');
    let tempSeen: string | undefined;
    const failingRename = async (from: string) => {
      tempSeen = from;
      // The temp file is complete before the rename is attempted.
      assert.equal(await readFile(from, 'utf8'), 'new\n');
      throw Object.assign(new Error('rename failed'), { code: 'EXDEV' });
    };
    await assert.rejects(writeFileAtomic(target, Buffer.from('new\n'), { rename: failingRename }), /rename failed/);
    assert.equal(path.dirname(tempSeen ?? ''), dir);
    assert.equal(await readFile(target, 'utf8'), 'old\n');
    assert.deepEqual(await readdir(dir), ['f.txt']);
  });

  it('replaces the content and leaves only the target', async () => {
    const target = path.join(dir, 'f.txt');
    await writeFile(target, 'old\n');
    await writeFileAtomic(target, Buffer.from('new\n'));
    assert.equal(await readFile(target, 'utf8'), 'new\n');
    assert.deepEqual(await readdir(dir), ['f.txt']);
  });
});
