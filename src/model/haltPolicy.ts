import { UserFacingError } from '../common/errors';

/**
 * When a run stops early because jobs failed, after GNU parallel's `--halt`:
 * `never` runs everything; `soon` starts no new job once the threshold is reached and
 * lets running ones end; `now` also aborts the running ones.
 */
export type HaltPolicy =
  | { readonly when: 'never' }
  | {
      readonly when: 'soon' | 'now';
      /** A count of failed jobs, or a percentage of all jobs of the run when `percent`. */
      readonly fail: number;
      readonly percent: boolean;
    };

export const HALT_NEVER: HaltPolicy = { when: 'never' };

/** An unparsable `--halt` / `prThreads.haltPolicy` value. */
export class InvalidHaltPolicyError extends UserFacingError {
  readonly isInvalidHaltPolicyError = true;
  constructor(text: string) {
    super(
      `invalid halt policy ${JSON.stringify(text)}: use never, soon,fail=N or now,fail=N ` +
        '(N a count of at least 1, or a percentage such as 10%)',
    );
    this.name = 'InvalidHaltPolicyError';
  }
}

export function isInvalidHaltPolicyError(e: unknown): e is InvalidHaltPolicyError {
  return typeof e === 'object' && e !== null && (e as InvalidHaltPolicyError).isInvalidHaltPolicyError === true;
}

/**
 * Parses `never`, `soon,fail=N`, `now,fail=N`, `soon,fail=N%` or `now,fail=N%`.
 * @throws InvalidHaltPolicyError for anything else.
 */
export function parseHaltPolicy(text: string): HaltPolicy {
  const t = text.trim().toLowerCase();
  if (t === 'never') return HALT_NEVER;
  const m = /^(soon|now),fail=(\d+(?:\.\d+)?)(%?)$/.exec(t);
  if (!m) throw new InvalidHaltPolicyError(text);
  const fail = Number(m[2]);
  const percent = m[3] === '%';
  const valid = percent ? fail > 0 && fail <= 100 : Number.isInteger(fail) && fail >= 1;
  if (!valid) throw new InvalidHaltPolicyError(text);
  return { when: m[1] as 'soon' | 'now', fail, percent };
}

/** The policy in the form `parseHaltPolicy` accepts. */
export function formatHaltPolicy(policy: HaltPolicy): string {
  if (policy.when === 'never') return 'never';
  return `${policy.when},fail=${policy.fail}${policy.percent ? '%' : ''}`;
}

/**
 * True when `failed` final failures out of `total` jobs reach the policy's threshold.
 * A percentage is taken of all jobs of the run, so the decision never depends on timing.
 */
export function shouldHalt(policy: HaltPolicy, failed: number, total: number): boolean {
  if (policy.when === 'never' || failed < 1) return false;
  return policy.percent ? failed * 100 >= policy.fail * total : failed >= policy.fail;
}
