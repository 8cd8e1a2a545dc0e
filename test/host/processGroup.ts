import { sleep } from '../../src/common/abort';

// Group signalling is the core's; the host only adds waiting for a group to end.
import { isGroupAlive, signalGroup } from '../../src/engine/fix/processGroupRegistry';

export { isGroupAlive, signalGroup };

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
