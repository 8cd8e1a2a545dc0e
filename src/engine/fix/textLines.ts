/** One line of a text file and what ends it. */
export interface TextLine {
  readonly text: string;
  /** `\r\n`, `\n`, or `` for a last line without a final newline. */
  readonly eol: string;
}

/** The file's lines; an empty file has none. */
export function splitTextLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  const re = /\r?\n/g;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ text: text.slice(from, m.index), eol: m[0] });
    from = m.index + m[0].length;
  }
  if (from < text.length) lines.push({ text: text.slice(from), eol: '' });
  return lines;
}

export function joinTextLines(lines: readonly TextLine[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}

/** The file's line ending: whichever of CRLF and LF it uses more (LF when it has none). */
export function dominantEol(text: string): string {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * `newText` as lines: one final newline ends its last line rather than adding an empty one
 * (`"a\n"` is one line, `"\n"` one empty line, `""` no line at all).
 */
export function newTextLines(newText: string): string[] {
  if (newText === '') return [];
  return newText.replace(/\r?\n$/, '').split(/\r?\n/);
}

/**
 * Replaces `count` lines from index `start` (0-based; `count` 0 inserts before `start`) by
 * `replacement`. New lines end with `eol`, except that the last one ends as the replaced
 * range did, so a file without a final newline keeps having none.
 */
export function replaceTextLines(lines: readonly TextLine[], start: number, count: number, replacement: readonly string[], eol: string): TextLine[] {
  const before = lines.slice(0, start);
  const after = lines.slice(start + count);
  const replacedEnd = count > 0 ? lines[start + count - 1].eol : undefined;
  // Appending after an unterminated last line: that line gets a newline, the new last line none.
  const appendingAfterUnterminated = count === 0 && after.length === 0 && before.length > 0 && before[before.length - 1].eol === '';
  if (appendingAfterUnterminated && replacement.length > 0) before[before.length - 1] = { text: before[before.length - 1].text, eol };
  const lastEol = replacedEnd ?? (appendingAfterUnterminated ? '' : eol);
  const inserted = replacement.map((text, k) => ({ text, eol: k === replacement.length - 1 ? lastEol : eol }));
  const result = [...before, ...inserted, ...after];
  if (inserted.length === 0 && replacedEnd === '' && after.length === 0 && before.length > 0) {
    // Deleting the unterminated last line: the line before it becomes last, unterminated.
    result[before.length - 1] = { text: before[before.length - 1].text, eol: '' };
  }
  return result;
}
