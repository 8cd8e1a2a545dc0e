/** The median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `812 ms` under ten seconds, else `12.3 s`. */
export function formatMs(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `1.62×`. */
export function formatRatio(r: number): string {
  return `${r.toFixed(2)}×`;
}

/** Every round's time, for the notes under a figure: `812, 790, 845 ms`. */
export function formatRounds(values: readonly number[]): string {
  return `${values.map((v) => Math.round(v)).join(', ')} ms`;
}

/** `a[i] / b[i]` for each round `i` of two interleaved series (the shorter one's length). */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.min(a.length, b.length) }, (_, i) => a[i] / b[i]);
}

/** The ratios of the rounds, for the notes: `1.21, 1.18, 1.30×`. */
export function formatRatios(values: readonly number[]): string {
  return `${values.map((v) => v.toFixed(2)).join(', ')}×`;
}

/** `a[i] - b[i]` for each round `i` of two interleaved series (the shorter one's length). */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.min(a.length, b.length) }, (_, i) => a[i] - b[i]);
}

/** `+4.2 ms` / `-0.3 ms` with one decimal: a small per-job difference, its sign always shown. */
export function formatDeltaMs(ms: number): string {
  const r = Math.round(ms * 10) / 10 || 0; // -0 reads as 0
  return `${r >= 0 ? '+' : ''}${r.toFixed(1)} ms`;
}
