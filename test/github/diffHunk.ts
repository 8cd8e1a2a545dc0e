/** Context lines GitHub shows above a commented range. */
const CONTEXT_LINES = 3;

/**
 * The `diffHunk` GitHub attaches to a review comment on lines `startLine..line` of a
 * file whose head text is `content`: a `@@ -a,b +c,d @@` header, up to three context
 * lines (` `), then the commented lines (`+`), which are always the hunk's last lines.
 * Without the file text it is just a header for the range. The commented lines are
 * shown as added, as on a PR that introduced them.
 */
export function computeDiffHunk(content: string | undefined, startLine: number | null, line: number): string {
  const first = startLine ?? line;
  const count = line - first + 1;
  const lines = content === undefined ? undefined : splitLines(content);
  if (!lines || line > lines.length || first < 1) {
    return `@@ -${Math.max(first - 1, 0)},0 +${first},${count} @@`;
  }
  const contextStart = Math.max(1, first - CONTEXT_LINES);
  const contextCount = first - contextStart;
  const oldStart = contextCount > 0 ? contextStart : first - 1;
  const out = [`@@ -${oldStart},${contextCount} +${contextStart},${contextCount + count} @@`];
  for (let n = contextStart; n < first; n++) out.push(` ${lines[n - 1]}`);
  for (let n = first; n <= line; n++) out.push(`+${lines[n - 1]}`);
  return out.join('\n');
}

/** A file's lines; a final newline does not start another line. */
export function splitLines(content: string): string[] {
  const lines = content.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
