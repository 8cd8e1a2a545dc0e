/**
 * Text (thread paths, errors: hostile) as one Markdown table cell: on one line, pipes and the
 * characters Markdown or HTML would read as markup escaped, so that it shows as it is.
 */
export function markdownCell(text: string, max = 300): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const cut = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([\\`*_[\]|#@!~])/g, '\\$1');
}

/** A Markdown table: a header row, then the rows (cells already escaped). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
