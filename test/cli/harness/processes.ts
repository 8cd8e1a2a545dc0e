import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/** True while a process with this pid exists (a zombie counts as gone only once reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits until `check` holds, polling; fails after `limitMs` (a safety net for a hung
 * test, not a timing assertion: the condition is what is checked).
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await delay(25);
  }
}

/** The pids a command wrote, one per line, once the file exists. */
export async function readPids(file: string): Promise<number[]> {
  await waitUntil(() => existsSync(file), file);
  await waitUntil(async () => (await readFile(file, 'utf8')).endsWith('\n'), `${file} to be complete`);
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map(Number);
}

/** Waits until none of `pids` exists; gives up after a generous limit. */
export async function waitAllDead(pids: readonly number[]): Promise<void> {
  await waitUntil(() => pids.every((p) => !isAlive(p)), `processes ${pids.join(', ')} to end`, 10_000);
}
