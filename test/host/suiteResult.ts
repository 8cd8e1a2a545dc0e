/** Counts of one integration-suite run, as the suite reports them. */
export interface SuiteResult {
  readonly passed: number;
  readonly failed: number;
}

/** What a launcher learned from the suite's output. */
export interface SuiteReport extends SuiteResult {
  /** False when the suite printed progress but no final result: it hung or crashed mid-run. */
  readonly complete: boolean;
}

// The suite's report travels through the extension host's log and the browser, mixed with
// everything else written there: a prefixed JSON line survives that intact.
const RESULT = 'PRT-RESULT ';
const PROGRESS = 'PRT-PROGRESS ';

/** The machine-readable line the suite prints at its end. */
export function formatSuiteResult(result: SuiteResult): string {
  return `${RESULT}${JSON.stringify({ passed: result.passed, failed: result.failed })}`;
}

/** The line the suite prints after each test, so that a hang still leaves counts behind. */
export function formatSuiteProgress(result: SuiteResult): string {
  return `${PROGRESS}${JSON.stringify({ passed: result.passed, failed: result.failed })}`;
}

/** True for a progress line: a launcher keeps these out of what it shows. */
export function isSuiteProgress(line: string): boolean {
  return line.includes(PROGRESS);
}

/**
 * The suite's last result line in `output`, else its last progress line (`complete: false`),
 * else undefined (it printed nothing: it failed to load or never started).
 */
export function parseSuiteResult(output: string): SuiteReport | undefined {
  let result: SuiteResult | undefined;
  let progress: SuiteResult | undefined;
  for (const line of output.split('\n')) {
    result = readCounts(line, RESULT) ?? result;
    progress = readCounts(line, PROGRESS) ?? progress;
  }
  if (result) return { ...result, complete: true };
  if (progress) return { ...progress, complete: false };
  return undefined;
}

function readCounts(line: string, marker: string): SuiteResult | undefined {
  const at = line.indexOf(marker);
  if (at < 0) return undefined;
  let v: Partial<SuiteResult>;
  try {
    v = JSON.parse(line.slice(at + marker.length)) as Partial<SuiteResult>;
  } catch {
    // A line that merely mentions the marker (a test printing it, a wrapped log line) is not a report.
    return undefined;
  }
  return Number.isInteger(v.passed) && Number.isInteger(v.failed) ? { passed: v.passed!, failed: v.failed! } : undefined;
}

/** The closing line of an integration run, read by people and CI alike. */
export function formatClosingLine(result: SuiteResult): string {
  return `integration: ${result.passed} passed, ${result.failed} failed`;
}
