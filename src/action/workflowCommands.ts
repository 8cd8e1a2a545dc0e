// GitHub Actions' workflow commands and environment files, as the runner reads them
// (the escaping is @actions/core's: toolkit/packages/core/src/command.ts).
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/** A command's message: `%`, CR and LF escaped, so that hostile text stays one command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: as a message, and `:` and `,` too, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Where an annotation points; without `file` it is the run's own. */
export interface AnnotationTarget {
  readonly file?: string;
  readonly line?: number;
  readonly title?: string;
}

/** `::error file=PATH,line=N,title=T::message` (or `warning`/`notice`), every value escaped. */
export function annotation(kind: 'error' | 'warning' | 'notice', message: string, at: AnnotationTarget = {}): string {
  const props = [
    at.file !== undefined ? `file=${escapeProperty(at.file)}` : '',
    at.line !== undefined && at.line > 0 ? `line=${at.line}` : '',
    at.title !== undefined ? `title=${escapeProperty(at.title)}` : '',
  ].filter(Boolean);
  return `::${kind}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

/**
 * Appends `name=value` to the `$GITHUB_OUTPUT` file, in the heredoc form with a random
 * delimiter that the value cannot hold (values may be multi-line or hostile).
 */
export function setOutput(file: string | undefined, name: string, value: string): void {
  if (!file) return;
  let delimiter: string;
  do delimiter = `ghadelimiter_${randomBytes(12).toString('hex')}`;
  while (value.includes(delimiter));
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Appends Markdown to the `$GITHUB_STEP_SUMMARY` file. */
export function appendSummary(file: string | undefined, markdown: string): void {
  if (file) appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}
