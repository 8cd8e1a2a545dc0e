import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSuggestionBlocks, parseSuggestions } from '../../../../src/engine/fix/suggestion';
import { FIXTURE_CASES, SUGGESTION_FIXTURES } from './suggestionFixtures';

interface RealComment {
  readonly source: string;
  readonly reviewer_kind: string;
  readonly body: string;
  readonly suggestion_blocks: number;
  readonly notes: string;
}

describe('parseSuggestions: fixtures', () => {
  it('has a fixture for every case, consistent with itself', () => {
    for (const c of FIXTURE_CASES) assert.ok(SUGGESTION_FIXTURES.some((f) => f.cases.includes(c)), `no fixture for ${c}`);
    for (const f of SUGGESTION_FIXTURES) {
      assert.equal(f.blocks.length, f.count, f.name);
      if (f.cases.includes('crlf')) assert.ok(/\r\n/.test(f.body) && !/(?<!\r)\n/.test(f.body), `${f.name}: not CRLF throughout`);
      if (f.cases.includes('negative')) assert.ok(/suggestion/i.test(f.body) && f.count === 0, `${f.name}: not a negative`);
    }
  });

  for (const f of SUGGESTION_FIXTURES) {
    it(`${f.name}: ${f.count} block${f.count === 1 ? '' : 's'}`, () => {
      const blocks = parseSuggestionBlocks(f.body);
      assert.equal(blocks.length, f.count);
      assert.deepEqual(
        blocks,
        f.blocks.map((b) => ({ lines: b.lines, quoted: b.quoted ?? false, closed: b.closed ?? true })),
      );
      assert.deepEqual(
        parseSuggestions(f.body),
        f.blocks.filter((b) => !b.quoted).map((b) => ({ lines: b.lines })),
      );
    });
  }
});

/** The repository root: the nearest folder above this file holding our package.json. */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'pr-thread-runner') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no pr-thread-runner package.json above ${__dirname}`);
  }
}

/**
 * Where the third-party sample of real review bodies lives, if anywhere: the folder
 * `../shared/data` beside the repository, or the folder `PRT_REAL_REVIEWS_DIR` names. It is
 * not part of the repository, so the check below runs only where the folder exists.
 */
const REAL_REVIEWS_ENV = 'PRT_REAL_REVIEWS_DIR';
function realReviewsDir(): { dir: string; missing: string } {
  const override = process.env[REAL_REVIEWS_ENV];
  if (override) return { dir: path.resolve(override), missing: `${override} (${REAL_REVIEWS_ENV}) not found` };
  return { dir: path.resolve(repoRoot(), '..', 'shared', 'data'), missing: '../shared/data not found beside the repository' };
}

/** The one body whose block sits in a blockquote (a human quoting a bot's suggestion). */
const QUOTED_SOURCE = 'ChatGPTBox-dev/chatGPTBox#865';

describe('parseSuggestions: real review comments', () => {
  const { dir, missing } = realReviewsDir();
  if (!existsSync(dir)) {
    // One pending line in the report, nothing else; the fixtures above cover the same cases.
    it(`real review bodies: ${missing}, check skipped`, function () {
      this.skip();
    });
    return;
  }

  let comments: RealComment[] = [];
  before(() => {
    comments = JSON.parse(readFileSync(path.join(dir, 'real-review-comments.json'), 'utf8')) as RealComment[];
  });

  it('holds the 40 bodies its README describes, 6 of them negatives', () => {
    assert.equal(comments.length, 40);
    assert.equal(comments.filter((c) => c.suggestion_blocks === 0).length, 6);
  });

  it('parses every body without a crash and leaves no CR in a line', () => {
    for (const c of comments) {
      for (const b of parseSuggestionBlocks(c.body)) {
        for (const line of b.lines) assert.ok(!/[\r\n]/.test(line), `${c.source}: ${JSON.stringify(line)}`);
      }
    }
  });

  it('finds exactly suggestion_blocks blocks in every body', () => {
    const wrong = comments
      .map((c) => ({ source: c.source, want: c.suggestion_blocks, got: parseSuggestionBlocks(c.body).length }))
      .filter((r) => r.want !== r.got);
    assert.deepEqual(wrong, []);
  });

  it('applies every block but the quoted one: a quotation is not the comment’s own proposal', () => {
    // The data counts the suggestion a human quotes in a blockquote (to ask a bot about it);
    // parseSuggestions leaves quoted blocks out, so that body yields none.
    const quoted = comments.filter((c) => parseSuggestionBlocks(c.body).some((b) => b.quoted)).map((c) => c.source);
    assert.deepEqual(quoted, [QUOTED_SOURCE]);
    for (const c of comments) {
      assert.equal(parseSuggestions(c.body).length, c.source === QUOTED_SOURCE ? 0 : c.suggestion_blocks, c.source);
    }
    const blocks = parseSuggestionBlocks(comments.find((c) => c.source === QUOTED_SOURCE)!.body);
    assert.deepEqual(blocks.map((b) => b.quoted), [true]);
  });

  it('finds none in the negatives', () => {
    const negatives = comments.filter((c) => c.suggestion_blocks === 0);
    assert.ok(negatives.length > 0);
    for (const c of negatives) assert.deepEqual(parseSuggestionBlocks(c.body), [], c.source);
  });
});

describe('parseSuggestions: CommonMark edge cases', () => {
  const one = (body: string) => {
    const blocks = parseSuggestionBlocks(body);
    assert.equal(blocks.length, 1, `expected one block in ${JSON.stringify(body)}`);
    return blocks[0];
  };

  it('allows 1–3 spaces of indentation and removes that much from the content', () => {
    assert.deepEqual(one('   ```suggestion\n     x\n  y\n   ```').lines, ['  x', 'y']);
    assert.deepEqual(parseSuggestionBlocks('    ```suggestion\n    x\n    ```'), []);
    assert.deepEqual(parseSuggestionBlocks('\t```suggestion\nx\n```'), []);
  });

  it('closes only on the same character, at least as long, with nothing after it', () => {
    assert.deepEqual(one('````suggestion\n```\n~~~~\n`````\nafter').lines, ['```', '~~~~']);
    assert.deepEqual(one('~~~suggestion\n```\n~~~ \n').lines, ['```']);
    assert.deepEqual(one('```suggestion\n``` x\n```').lines, ['``` x']);
  });

  it('is case-sensitive and reads the first word of the info string', () => {
    assert.deepEqual(parseSuggestionBlocks('```Suggestion\nx\n```'), []);
    assert.deepEqual(parseSuggestionBlocks('```suggestions\nx\n```'), []);
    assert.deepEqual(one('```suggestion  extra words\nx\n```').lines, ['x']);
    assert.deepEqual(one('~~~ suggestion `ok` in tildes\nx\n~~~').lines, ['x']);
    // A backtick in a backtick fence's info string makes the line inline code.
    assert.deepEqual(parseSuggestionBlocks('``` suggestion `x`\ny\n```'), []);
    assert.deepEqual(parseSuggestionBlocks('``suggestion\nx\n``'), []);
  });

  it('does not read fences inside other code blocks', () => {
    assert.deepEqual(parseSuggestionBlocks('````md\n```suggestion\nx\n```\n````'), []);
    assert.deepEqual(parseSuggestionBlocks('para\n    ```suggestion\n    x\n    ```'), []);
  });

  it('accepts LF, CRLF and lone CR line endings alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      assert.deepEqual(one(['intro', '```suggestion', 'a', '', 'b', '```', 'outro'].join(eol)).lines, ['a', '', 'b']);
    }
  });

  it('ends an unclosed block at the end without inventing a last empty line', () => {
    assert.deepEqual(one('```suggestion\nx\n'), { lines: ['x'], quoted: false, closed: false });
    assert.deepEqual(one('```suggestion\nx\n\n').lines, ['x', '']);
    assert.deepEqual(one('```suggestion').lines, []);
  });

  it('treats fences inside HTML blocks as raw HTML', () => {
    assert.deepEqual(parseSuggestionBlocks('<!--\n```suggestion\nx\n```\n-->'), []);
    assert.deepEqual(parseSuggestionBlocks('<details>\n<summary>s</summary>\n```suggestion\nx\n```\n</details>'), []);
    assert.deepEqual(one('<details>\n<summary>s</summary>\n\n```suggestion\nx\n```\n\n</details>').lines, ['x']);
    assert.deepEqual(one('<!-- suggestion_start -->\n```suggestion\nx\n```').lines, ['x']);
    assert.deepEqual(parseSuggestionBlocks('<span class="a">\n```suggestion\nx\n```'), []);
    // A lone tag cannot interrupt a paragraph, so there it is text and the fence counts.
    assert.deepEqual(one('text\n<span class="a">\n```suggestion\nx\n```').lines, ['x']);
  });

  it('marks blocks inside blockquotes as quoted and leaves them out of parseSuggestions', () => {
    const body = '> ```suggestion\n> a\n>  b\n> ```\n\n> > ```suggestion\n> > c\n> > ```';
    const blocks = parseSuggestionBlocks(body);
    assert.deepEqual(blocks, [
      { lines: ['a', ' b'], quoted: true, closed: true },
      { lines: ['c'], quoted: true, closed: true },
    ]);
    assert.deepEqual(parseSuggestions(body), []);
  });

  it('ends a quoted fence where the blockquote ends', () => {
    const blocks = parseSuggestionBlocks('> ```suggestion\n> a\nb\n```suggestion\nc\n```');
    assert.deepEqual(blocks, [
      { lines: ['a'], quoted: true, closed: false },
      { lines: ['c'], quoted: false, closed: true },
    ]);
  });

  it('never throws on odd input', () => {
    for (const body of ['', '\n', '```', '~~~~~~', '>', '<', '<!--', '> ```suggestion', '\r\r\n\n', '\u0000```suggestion']) {
      assert.ok(Array.isArray(parseSuggestionBlocks(body)));
    }
  });
});
