import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * True while a process with this pid exists and has not exited. A zombie (exited, not yet
 * reaped) counts as gone: it runs nothing and holds nothing, and an orphan's zombie waits for
 * init, which in some containers reaps only every few seconds.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** True when /proc says the process has exited and waits to be reaped (Linux; false elsewhere). */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // `pid (comm) S …`: the state follows the last ')', since comm may hold one.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/**
 * Waits until `check` holds, polling; fails after `limitMs` (a safety net for a hung
 * test, not a timing assertion: the condition is what is checked).
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string | (() => string), limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${typeof what === 'string' ? what : what()}`);
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

/**
 * Live processes of this user whose environment has `name=value` (Linux: /proc/PID/environ);
 * zombies have none and are not listed. Every process a test's prt starts inherits the
 * test's PRT_TEST_OUT, so this lists whatever of a run is still running.
 */
export function processesWithEnv(name: string, value: string): number[] {
  const wanted = Buffer.from(`${name}=${value}\0`);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // gone meanwhile, or not ours
    }
    const at = environ.indexOf(wanted);
    if (at === 0 || (at > 0 && environ[at - 1] === 0)) found.push(Number(entry));
  }
  return found;
}

/** Waits until no process carries `name=value` in its environment (see processesWithEnv). */
export async function waitNoneWithEnv(name: string, value: string): Promise<void> {
  const left = () => processesWithEnv(name, value);
  await waitUntil(() => left().length === 0, () => `no process with ${name}=${value} (left: ${left().join(', ')})`, 10_000);
}

/** SIGKILLs whatever of a test is still running (cleanup after a failed assertion). */
export function killAllWithEnv(name: string, value: string): void {
  for (const pid of processesWithEnv(name, value)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
