import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

// Deliberately independent of src/engine/fix/markedProcesses.ts: the check must not trust
// the code it checks.
const LEAK_VARIABLE = 'PRT_TEST_LEAK_CHECK';

/** Pids of live (not zombie) processes whose environment holds `name=value`. */
export function processesWithEnv(name: string, value: string): number[] {
  if (!existsSync('/proc/self/environ')) return [];
  const needle = `${name}=${value}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const vars = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      if (vars.includes(needle) && !isZombie(Number(entry))) found.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * True when `pid` no longer runs. A zombie counts as gone: it runs nothing, and in some
 * containers init reaps orphans only now and then.
 */
export function pidGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return true;
    throw e;
  }
  return isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true; // no /proc entry: gone
  }
}

/** Waits until `done()` holds, checking every 25 ms; false when patience ran out first. */
export async function eventually(done: () => boolean, patienceMs = 15_000): Promise<boolean> {
  for (let waited = 0; waited < patienceMs; waited += 25) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return done();
}

/** Waits until every pid is gone (see `pidGone`). */
export function allGone(pids: readonly number[]): Promise<boolean> {
  return eventually(() => pids.every(pidGone));
}

/**
 * For a suite that starts processes: returns an environment that marks each of them (and
 * whatever they start, unless it clears its environment), and registers an `after` hook
 * that fails the suite when any of them is still running once it has ended.
 */
export function checkNoProcessLeft(base: Readonly<Record<string, string>>): Record<string, string> {
  const value = randomUUID();
  after(async function () {
    this.timeout(30_000);
    await eventually(() => processesWithEnv(LEAK_VARIABLE, value).length === 0);
    const left = processesWithEnv(LEAK_VARIABLE, value);
    for (const pid of left) process.kill(pid, 'SIGKILL'); // don't leak into the next suites either
    assert.deepEqual(left, [], 'processes this suite started are still running');
  });
  return { ...base, [LEAK_VARIABLE]: value };
}
