import { sleep } from '../../src/core/common/abort';

/**
 * Signals every process of the group led by `pgid` (a child spawned with `detached: true`,
 * i.e. in a new session). True when the group existed.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** True while any process of the group is alive. */
export function isGroupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0);
}

/**
 * Ends the whole process group: SIGTERM, then SIGKILL for whatever is left after
 * `graceMs`. Resolves once no process of the group remains. Killing the group, not just
 * its leader, is what stops code-server's extension hosts and their children.
 */
export async function stopGroup(pgid: number, graceMs = 5_000): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const step = 50;
  for (let waited = 0; waited < graceMs; waited += step) {
    await sleep(step);
    if (!isGroupAlive(pgid)) return;
  }
  signalGroup(pgid, 'SIGKILL');
  // SIGKILL cannot be refused; the wait is only for the kernel to reap them.
  for (let i = 0; i < 100 && isGroupAlive(pgid); i++) await sleep(step);
}
