/**
 * Why a run replied to and resolved nothing, or not every fixed thread. Code branches on
 * `kind`; people read `describeNotResolved`.
 */
export type NotResolvedReason =
  | { readonly kind: 'resolveOff' }
  | { readonly kind: 'dryRun' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'verifyFailed'; readonly exitCode: number | null; readonly signal: string | null }
  | { readonly kind: 'commitFailed'; readonly error: string }
  | { readonly kind: 'nothingCommitted' }
  | { readonly kind: 'pushFailed'; readonly error: string }
  | { readonly kind: 'writeStopped'; readonly error: string };

/** One line for people: why the fixed threads were not (all) resolved. */
export function describeNotResolved(reason: NotResolvedReason): string {
  switch (reason.kind) {
    case 'resolveOff':
      return 'resolving is turned off';
    case 'dryRun':
      return 'dry run: nothing was run or written';
    case 'cancelled':
      return 'the run was stopped';
    case 'verifyFailed':
      return `verify failed (${reason.signal ? `killed by ${reason.signal}` : `exit ${reason.exitCode ?? '?'}`}): nothing was resolved`;
    case 'commitFailed':
      return `the commit failed, so nothing was resolved (the fixes are in the work tree): ${reason.error}`;
    case 'nothingCommitted':
      return 'the reply uses {sha} but nothing was committed (the fixes changed no file)';
    case 'pushFailed':
      return `push failed, so no reply can name the commit: ${reason.error}`;
    case 'writeStopped':
      return `GitHub stopped taking replies and resolves: ${reason.error}`;
  }
}

/** True when the reason is a failure (exit 1 or 2), not a choice the user made. */
export function isFailureReason(reason: NotResolvedReason | undefined): boolean {
  return reason !== undefined && reason.kind !== 'resolveOff' && reason.kind !== 'dryRun';
}
