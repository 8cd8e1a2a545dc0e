/**
 * Reads GitHub ```` ```suggestion ```` blocks out of a review comment body.
 *
 * GitHub renders comments with cmark-gfm, so a suggestion is whatever CommonMark calls a
 * fenced code block whose info string's first word is `suggestion`. A regular expression
 * over the body gets the hard cases wrong (fences of 4–5 backticks around content that has
 * its own ``` lines, a ``` glued to the end of a prose line, `~~~` fences, raw HTML), so
 * this is a small block-level reader that follows the CommonMark rules for the blocks that
 * can hide or contain a fence:
 *
 * - fenced code: ``` or ~~~, length ≥ 3, indented 0–3 spaces; a backtick fence's info
 *   string has no backtick; the closing fence is the same character, at least as long,
 *   with nothing but spaces after it; content loses up to the opener's indentation; a
 *   block never closed runs to the end of the document (or of its blockquote);
 * - lines indented 4+ columns never open a block (indented code or paragraph text);
 * - HTML blocks (the seven CommonMark kinds): a fence inside one is raw HTML text, which is
 *   why CodeRabbit leaves a blank line after `<summary>…</summary>` before its fence;
 * - blockquotes: `>` markers are stripped and the inside read the same way.
 *
 * Not handled: fences inside list items (a review suggestion never sits in one) and the
 * exact tab arithmetic of partially consumed tabs.
 */

/** One suggested change: the lines that replace the commented range. */
export interface Suggestion {
  /** Replacement lines without line endings; `[]` deletes the commented lines. */
  readonly lines: string[];
}

/** A suggestion block with where it was found. */
export interface SuggestionBlock extends Suggestion {
  /** Inside a blockquote: a quotation of someone's suggestion, not this comment's own. */
  readonly quoted: boolean;
  /** False when no closing fence was found and the block ran to the end of its container. */
  readonly closed: boolean;
}

/**
 * Every suggestion block in `body`, quoted ones included, in document order.
 * Never throws: any string is a Markdown document.
 */
export function parseSuggestionBlocks(body: string): SuggestionBlock[] {
  const lines = body.split(/\r\n|\r|\n/);
  // A final line ending ends the last line; it does not start an empty one.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const out: SuggestionBlock[] = [];
  scanBlocks(lines, false, out);
  return out;
}

/**
 * The suggestions this comment makes: its suggestion blocks outside blockquotes.
 *
 * A quoted block is left out on purpose. Whether GitHub offers "Commit suggestion" on a
 * quotation is not documented; what is certain is that a quote is somebody else's
 * proposal under discussion (the one real example is a human quoting Copilot to ask a bot
 * whether it is right), so committing it would apply text its author was questioning.
 * An unclosed block counts, as it does for CommonMark and for GitHub's renderer.
 */
export function parseSuggestions(body: string): Suggestion[] {
  return parseSuggestionBlocks(body)
    .filter((b) => !b.quoted)
    .map((b) => ({ lines: b.lines }));
}

interface Fence {
  readonly char: '`' | '~';
  readonly length: number;
  readonly indent: number;
  readonly isSuggestion: boolean;
}

const BLANK = /^[ \t]*$/;
const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const BLOCKQUOTE = /^ {0,3}>/;
const BLOCKQUOTE_MARKER = /^ {0,3}> ?/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

function scanBlocks(lines: readonly string[], quoted: boolean, out: SuggestionBlock[]): void {
  // Only HTML blocks of kind 7 care whether a paragraph is open (they cannot interrupt one).
  let inParagraph = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (BLANK.test(line)) {
      inParagraph = false;
      i++;
      continue;
    }
    if (indentColumns(line) >= 4) {
      // Indented code, or the continuation of an open paragraph: never a block start.
      i++;
      continue;
    }
    const fence = openingFence(line);
    if (fence) {
      i = readFencedBlock(lines, i, fence, quoted, out);
      inParagraph = false;
      continue;
    }
    if (BLOCKQUOTE.test(line)) {
      // A line without `>` ends the quote: either it opens a block (which closes the quote)
      // or it is lazy paragraph text, which cannot hold a fence either way.
      const inner: string[] = [];
      while (i < lines.length && BLOCKQUOTE.test(lines[i])) {
        inner.push(lines[i].replace(BLOCKQUOTE_MARKER, ''));
        i++;
      }
      scanBlocks(inner, true, out);
      inParagraph = false;
      continue;
    }
    const html = htmlBlockEnd(line, inParagraph);
    if (html) {
      i = skipHtmlBlock(lines, i, html);
      inParagraph = false;
      continue;
    }
    inParagraph = !(ATX_HEADING.test(line) || THEMATIC_BREAK.test(line));
    i++;
  }
}

/** Reads the fenced block opened at `lines[start]`; returns the index after it. */
function readFencedBlock(
  lines: readonly string[],
  start: number,
  fence: Fence,
  quoted: boolean,
  out: SuggestionBlock[],
): number {
  const content: string[] = [];
  let closed = false;
  let i = start + 1;
  for (; i < lines.length; i++) {
    if (isClosingFence(lines[i], fence)) {
      closed = true;
      i++;
      break;
    }
    content.push(stripSpaces(lines[i], fence.indent));
  }
  if (fence.isSuggestion) out.push({ lines: content, quoted, closed });
  return i;
}

function openingFence(line: string): Fence | undefined {
  const m = OPENING_FENCE.exec(line);
  if (!m) return undefined;
  const [, indent, marker, rest] = m;
  const char = marker[0] as '`' | '~';
  // A backtick in a backtick fence's info string makes the line inline code, not a fence.
  if (char === '`' && rest.includes('`')) return undefined;
  const language = rest.trim().split(/[ \t]+/)[0];
  return { char, length: marker.length, indent: indent.length, isSuggestion: language === 'suggestion' };
}

function isClosingFence(line: string, fence: Fence): boolean {
  const m = CLOSING_FENCE.exec(line);
  return !!m && m[1][0] === fence.char && m[1].length >= fence.length;
}

/** Width of the leading whitespace in columns, tabs stopping at multiples of 4. */
function indentColumns(line: string): number {
  let col = 0;
  for (const ch of line) {
    if (ch === ' ') col++;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

function stripSpaces(line: string, max: number): string {
  let n = 0;
  while (n < max && line[n] === ' ') n++;
  return line.slice(n);
}

/** How an HTML block ends: at a line matching `end` (kinds 1–5) or at a blank line (6, 7). */
type HtmlEnd = { readonly end: RegExp } | 'blank-line';

const HTML_BLOCK_KINDS: readonly { start: RegExp; end: HtmlEnd }[] = [
  { start: /^<(?:script|pre|style|textarea)(?:[ \t>]|$)/i, end: { end: /<\/(?:script|pre|style|textarea)>/i } },
  { start: /^<!--/, end: { end: /-->/ } },
  { start: /^<\?/, end: { end: /\?>/ } },
  { start: /^<![A-Za-z]/, end: { end: />/ } },
  { start: /^<!\[CDATA\[/, end: { end: /\]\]>/ } },
  {
    start: new RegExp(
      '^</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \\t]|/?>|$)',
      'i',
    ),
    end: 'blank-line',
  },
];

const ATTRIBUTE = `[ \\t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \\t]*=[ \\t]*(?:[^ \\t"'=<>\`]+|'[^']*'|"[^"]*"))?`;
/** Kind 7: a lone complete open or closing tag (not a kind-1 tag), which cannot interrupt a paragraph. */
const HTML_KIND_7 = new RegExp(`^(?:<[A-Za-z][A-Za-z0-9-]*(?:${ATTRIBUTE})*[ \\t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \\t]*>)[ \\t]*$`);
const KIND_1_TAG = /^<\/?(?:script|pre|style|textarea)\b/i;

function htmlBlockEnd(line: string, inParagraph: boolean): HtmlEnd | undefined {
  const text = line.trimStart();
  if (!text.startsWith('<')) return undefined;
  for (const kind of HTML_BLOCK_KINDS) {
    if (kind.start.test(text)) return kind.end;
  }
  if (!inParagraph && HTML_KIND_7.test(text) && !KIND_1_TAG.test(text)) return 'blank-line';
  return undefined;
}

/** Skips the HTML block starting at `lines[start]`; returns the index after it. */
function skipHtmlBlock(lines: readonly string[], start: number, end: HtmlEnd): number {
  let i = start;
  if (end === 'blank-line') {
    while (i < lines.length && !BLANK.test(lines[i])) i++;
    return i;
  }
  // The end marker may sit on the start line itself (`<!-- one line -->`).
  while (i < lines.length && !end.end.test(lines[i])) i++;
  return Math.min(i + 1, lines.length);
}
