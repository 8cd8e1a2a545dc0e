import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSuggestionBlocks, parseSuggestions } from '../../../../src/engine/fix/suggestion';

interface RealComment {
  readonly source: string;
  readonly reviewer_kind: string;
  readonly body: string;
  readonly suggestion_blocks: number;
  readonly notes: string;
}

/** The repository root: the nearest folder above this file holding our package.json. */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'pr-thread-runner') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no pr-thread-runner package.json above ${__dirname}`);
  }
}

/** `../shared/data/real-review-comments.json` beside the repository, wherever it is cloned. */
function loadRealComments(): RealComment[] {
  const file = path.resolve(repoRoot(), '..', 'shared', 'data', 'real-review-comments.json');
  if (!existsSync(file)) {
    throw new Error(`test data missing: ${file} (the shared data folder must sit beside the repository)`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as RealComment[];
}

describe('parseSuggestions: real review comments', () => {
  const comments = loadRealComments();
  const bySource = (source: string) => {
    const c = comments.find((x) => x.source === source);
    assert.ok(c, `no comment from ${source} in the data`);
    return c;
  };

  it('holds the 40 bodies the README describes', () => {
    assert.equal(comments.length, 40);
    assert.equal(comments.filter((c) => c.suggestion_blocks === 0).length, 6);
  });

  it('finds exactly suggestion_blocks blocks in every body', () => {
    const wrong = comments
      .map((c) => ({ source: c.source, want: c.suggestion_blocks, got: parseSuggestionBlocks(c.body).length }))
      .filter((r) => r.want !== r.got);
    assert.deepEqual(wrong, []);
  });

  it('applies every block but the quoted one: a quotation is not the comment’s own proposal', () => {
    // The data counts the Copilot suggestion a human quotes in a blockquote (to ask a bot
    // about it); parseSuggestions leaves quoted blocks out, so that body yields none.
    for (const c of comments) {
      const quoted = c.source === 'ChatGPTBox-dev/chatGPTBox#865';
      assert.equal(parseSuggestions(c.body).length, quoted ? 0 : c.suggestion_blocks, c.source);
    }
    const [block] = parseSuggestionBlocks(bySource('ChatGPTBox-dev/chatGPTBox#865').body);
    assert.equal(block.quoted, true);
    assert.deepEqual(block.lines, ['    if (article?.textContent != null) {']);
  });

  it('finds none in the negatives', () => {
    const negatives = comments.filter((c) => c.suggestion_blocks === 0);
    for (const c of negatives) assert.deepEqual(parseSuggestionBlocks(c.body), [], c.source);
  });

  it('never leaves a CR in a line, CRLF bodies included', () => {
    for (const c of comments) {
      for (const b of parseSuggestionBlocks(c.body)) {
        for (const line of b.lines) assert.ok(!/[\r\n]/.test(line), `${c.source}: ${JSON.stringify(line)}`);
      }
    }
  });

  it('reads an empty block as delete and a blank-line block as one blank line', () => {
    assert.deepEqual(parseSuggestions(bySource('apache/airflow#49180').body), [{ lines: [] }]);
    assert.deepEqual(parseSuggestions(bySource('calcom/cal.com#22735').body), [{ lines: [] }]);
    assert.deepEqual(parseSuggestions(bySource('llvm/llvm-project#145899').body), [{ lines: [] }]);
    assert.deepEqual(parseSuggestions(bySource('argoproj/argo-cd#23669').body), [{ lines: [] }]);
    assert.deepEqual(parseSuggestions(bySource('Azure/azure-sdk-for-net#50447').body), [{ lines: [''] }]);
  });

  it('keeps fence lines with an info string, and shorter inner fences, as content', () => {
    assert.deepEqual(parseSuggestions(bySource('ClickHouse/ClickHouse#80859').body), [{ lines: ['```response'] }]);
    const mermaid = parseSuggestions(bySource('mermaid-js/mermaid#6704').body);
    assert.equal(mermaid[0].lines[0], '```mermaid-example');
    assert.equal(mermaid[0].lines.at(-1), '    Bob->>Alice: Response to boundary');
    assert.deepEqual(parseSuggestions(bySource('freeCodeCamp/freeCodeCamp#62166').body), [
      { lines: ['```', '', '# --seed--'] },
    ]);
    const ghostty = parseSuggestions(bySource('ghostty-org/ghostty#7798').body)[0].lines;
    assert.equal(ghostty[2], '```diff');
    assert.equal(ghostty.at(-1), '```');
    assert.equal(ghostty.length, 9);
    const nx = parseSuggestions(bySource('nrwl/nx#33206').body)[0].lines;
    assert.deepEqual(nx[0], '```diff {% lang="xml" %}');
    assert.equal(nx.length, 3);
  });

  it('runs an unclosed block to the end of the body', () => {
    const brew = parseSuggestionBlocks(bySource('Homebrew/brew#19304').body);
    assert.deepEqual(brew, [{ lines: ['eval "<Homebrew prefix path>/bin/brew shellenv)"'], quoted: false, closed: false }]);
    const pydantic = parseSuggestionBlocks(bySource('pydantic/pydantic#11402').body);
    assert.equal(pydantic[0].closed, false);
    assert.ok(pydantic[0].lines[0].endsWith('[`frozenset`][]```'));
  });

  it('reads "``` suggestion", ~~~ fences, and several blocks in order', () => {
    assert.deepEqual(parseSuggestions(bySource('gofiber/fiber#2991').body), [
      { lines: ['Head sends a HEAD request using the `defaultClient`, a convenience method.'] },
    ]);
    const tilde = parseSuggestions(bySource('langflow-ai/langflow#9226').body)[0].lines;
    assert.equal(tilde.length, 13);
    assert.equal(tilde[4], '        ```');
    const laravel = parseSuggestions(bySource('laravel/framework#55173').body);
    assert.deepEqual(
      laravel.map((s) => s.lines[0]),
      ["    #[RequiresPhp('^8.4')]", "    #[RequiresPhpExtension('bcmath')]", "    #[RequiresMethod(Number::class, '__construct')]"],
    );
    const pytorch = parseSuggestions(bySource('pytorch/pytorch#157682').body);
    assert.deepEqual(pytorch[0].lines, ['    follow_strategy: Optional[TupleStrategy] = args_strategies[0]']);
  });

  it('reads CodeRabbit <details> bodies around HTML comments', () => {
    const appwrite = parseSuggestions(bySource('appwrite/appwrite#10030').body);
    assert.equal(appwrite.length, 1);
    assert.equal(appwrite[0].lines.length, 4);
    assert.equal(appwrite[0].lines[1], '    "emails.recovery.signature": "Equip {{project}}",');
    const two = parseSuggestions(bySource('elie222/inbox-zero#425').body);
    assert.equal(two.length, 2);
    assert.equal(two[1].lines.length, 11);
    assert.equal(two[1].lines.at(-1), '  });');
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
