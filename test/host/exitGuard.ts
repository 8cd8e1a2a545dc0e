import type { IDisposable } from '../../src/common/lifecycle';

// Process exit is process-wide, so the pending clean-ups are too. The handlers are installed
// only while something is registered and removed with the last registration.
const actions = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const EXIT_CODE: Record<(typeof SIGNALS)[number], number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

function runAll(): void {
  for (const action of [...actions].reverse()) {
    actions.delete(action);
    try {
      action();
    } catch (e) {
      // Exiting anyway: one failed clean-up must not keep the others from running.
      process.stderr.write(`cleanup on exit failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
}

function onSignal(signal: (typeof SIGNALS)[number]): void {
  runAll();
  process.exit(EXIT_CODE[signal]);
}

function install(): void {
  process.on('exit', runAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off('exit', runAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/**
 * Runs `action` if the process ends (normal exit, crash, Ctrl-C, SIGTERM, SIGHUP) before
 * the returned disposable is disposed. `action` must be synchronous: on `exit` nothing
 * asynchronous runs any more. A signal runs the actions, then exits with 128 + its number.
 */
export function onProcessExit(action: () => void): IDisposable {
  if (actions.size === 0) install();
  actions.add(action);
  return {
    dispose() {
      if (actions.delete(action) && actions.size === 0) uninstall();
    },
  };
}
