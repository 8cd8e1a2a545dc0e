/** The last non-empty line of a program's output, trimmed to a readable length. */
export function lastLine(output: string | undefined): string | undefined {
  const line = (output ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean).pop();
  return line && line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * The first line of an agent's final message, for a reply's `{summary}`: control
 * characters removed, at most `max` characters (the text is the model's: hostile).
 */
export function summaryLine(message: string, max = 200): string {
  const first = message.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  const clean = first.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
