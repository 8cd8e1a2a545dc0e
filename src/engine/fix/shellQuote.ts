/**
 * Quotes `value` as one POSIX shell word: inside single quotes nothing is special, and
 * a single quote is written as `'\''` (close, escaped quote, reopen). NUL cannot exist
 * in a shell word or an argv, so it is dropped.
 */
export function shellQuote(value: string): string {
  return `'${stripNul(value).replace(/'/g, `'\\''`)}'`;
}

/** Removes NUL characters, which no argv or environment value can carry. */
export function stripNul(value: string): string {
  return value.replace(/\0/g, '');
}
