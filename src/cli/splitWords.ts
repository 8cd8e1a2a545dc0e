import { UsageError } from './usageError';

/**
 * Splits the user's own argument string (`--agent-args`) into words as a shell would split
 * it, without expanding anything: whitespace separates, '…' and "…" quote, \ escapes.
 * @throws UsageError for an unclosed quote, naming the flag.
 */
export function splitWords(text: string, flag: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`${flag} has an unclosed ${quote} quote: close it, e.g. ${flag} "-c key='value'"`);
  if (inWord) words.push(word);
  return words;
}
