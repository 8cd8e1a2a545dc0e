import { BenchError } from './benchError';

/**
 * PASS: target met; MISS: measured but not met; REF: a reference measured beside a figure,
 * with no target of its own; N/A: a tool the figure compares with is not available here;
 * ERROR: the bench itself failed to measure it (exit 2).
 */
export type Verdict = 'PASS' | 'MISS' | 'REF' | 'N/A' | 'ERROR';

/** One line of the report. */
export interface Figure {
  readonly name: string;
  /** The headline number, e.g. `1.21×`. */
  readonly measured: string;
  readonly target: string;
  readonly verdict: Verdict;
  /** The raw numbers behind it, printed under the line. */
  readonly notes?: readonly string[];
}

/** A figure's verdict from a number and its bound. */
export function verdict(value: number, op: '<=' | '>=', bound: number): Verdict {
  return (op === '<=' ? value <= bound : value >= bound) ? 'PASS' : 'MISS';
}

/** `name: measured … target … VERDICT` lines, aligned, each followed by its notes. */
export function formatFigures(figures: readonly Figure[]): string[] {
  const nameW = Math.max(...figures.map((f) => f.name.length));
  const measuredW = Math.max(...figures.map((f) => f.measured.length));
  const targetW = Math.max(...figures.map((f) => f.target.length));
  const out: string[] = [];
  for (const f of figures) {
    out.push(`${`${f.name}:`.padEnd(nameW + 1)}  ${f.measured.padEnd(measuredW)}  target ${f.target.padEnd(targetW)}  ${f.verdict}`);
    for (const n of f.notes ?? []) out.push(`${' '.repeat(nameW + 3)}${n}`);
  }
  return out;
}

/** The last line: how many targets were met. */
export function finalLine(figures: readonly Figure[]): string {
  const count = (v: Verdict) => figures.filter((f) => f.verdict === v).length;
  const measured = count('PASS') + count('MISS');
  const refs = count('REF');
  const na = count('N/A');
  const errors = count('ERROR');
  const tail = errors ? `, ${errors} could not be measured (exit 2)` : ' (a report: exit 0 whether met or missed)';
  return `bench: ${count('PASS')} of ${measured} targets met${count('MISS') ? `, ${count('MISS')} missed` : ''}${refs ? `, ${refs} references` : ''}${na ? `, ${na} not available here` : ''}${tail}`;
}

/**
 * The groups `args` name, in `groups`' order; all of them when `args` is empty.
 * @throws BenchError naming the groups there are when one named is not among them.
 */
export function chooseGroups<G extends string>(groups: readonly G[], args: readonly string[]): G[] {
  const unknown = args.filter((a) => !(groups as readonly string[]).includes(a));
  if (unknown.length > 0) throw new BenchError(`no group of figures named ${unknown.map((u) => JSON.stringify(u)).join(', ')}: choose among ${groups.join(', ')} (none: all of them)`);
  return args.length === 0 ? [...groups] : groups.filter((g) => args.includes(g));
}
