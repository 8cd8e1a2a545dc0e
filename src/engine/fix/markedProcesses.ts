import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

// A process can leave its job's process group (setsid, a double fork, a daemon), and then
// no group signal reaches it. What it cannot shed is the environment it was started with:
// every process a job starts inherits a marker variable, and on Linux /proc/PID/environ
// shows each process's initial environment. Killing "everything that carries our marker"
// reaches the escapees. The marker is random, so it names only our processes.

/**
 * The variable that marks every process a job starts: space-separated tokens
 * `<run id>.<job number>`, the job's own first and then those of the runs it is nested in
 * (a `prt run` started by a job of another one), so each run can find all of its own.
 */
export const RUN_MARKER_VARIABLE = 'PRT_RUN_MARKER';

/** At most this many tokens are kept, so nesting cannot grow the variable without bound. */
const MAX_TOKENS = 8;

/** Scans of one kill: a process that forks while we scan is found by the next scan. */
const MAX_KILL_ROUNDS = 10;

/** A new random run id (hex, 128 bits). */
export function newRunId(): string {
  return randomBytes(16).toString('hex');
}

/** A job's marker token: `<run id>.<job number>`. */
export function jobToken(runId: string, job: number): string {
  return `${runId}.${job}`;
}

/** `env` with `token` put first in the marker variable (tokens inherited from `env` kept after it). */
export function markEnv(env: Readonly<Record<string, string>>, token: string): Record<string, string> {
  const inherited = (env[RUN_MARKER_VARIABLE] ?? '').split(' ').filter((t) => t && t !== token);
  return { ...env, [RUN_MARKER_VARIABLE]: [token, ...inherited].slice(0, MAX_TOKENS).join(' ') };
}

/** Which marked processes to find, by the tokens of their marker. */
export type MarkerMatch = { readonly job: string } | { readonly run: string };

function matches(tokens: readonly string[], which: MarkerMatch): boolean {
  if ('job' in which) return tokens.includes(which.job);
  const prefix = `${which.run}.`;
  return tokens.some((t) => t.startsWith(prefix));
}

/** False where there is no /proc to read environments from (macOS, BSD): only groups can be killed there. */
export function canFindMarkedProcesses(procDir = '/proc'): boolean {
  return existsSync(`${procDir}/self/environ`);
}

/**
 * Live processes of this user, other than this one, whose marker matches `which`.
 * Zombies carry no environment and are never listed. Empty where /proc is absent.
 */
export function findMarkedProcesses(which: MarkerMatch, procDir = '/proc'): number[] {
  let entries: string[];
  try {
    entries = readdirSync(procDir);
  } catch {
    return [];
  }
  const key = Buffer.from(`${RUN_MARKER_VARIABLE}=`);
  const uid = process.getuid?.();
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`${procDir}/${entry}/environ`);
    } catch {
      continue; // exited meanwhile, or another user's (EACCES): not ours either way
    }
    const value = envValue(environ, key);
    if (value === undefined || !matches(value.split(' '), which)) continue;
    // Root can read everyone's environment; we still signal only processes of our own user.
    if (uid !== undefined && ownerOf(`${procDir}/${entry}`) !== uid) continue;
    found.push(pid);
  }
  return found;
}

/**
 * Sends `signal` to every process `findMarkedProcesses` lists. For SIGKILL it scans again
 * until a scan finds no process it has not killed yet, so children forked during the kill
 * are caught too.
 * @returns the pids signalled.
 */
export function signalMarkedProcesses(which: MarkerMatch, signal: NodeJS.Signals, procDir = '/proc'): number[] {
  const signalled = new Set<number>();
  const rounds = signal === 'SIGKILL' ? MAX_KILL_ROUNDS : 1;
  for (let round = 0; round < rounds; round++) {
    // A process killed in an earlier round may not have died yet: not a reason to go on.
    const fresh = findMarkedProcesses(which, procDir).filter((pid) => !signalled.has(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      signalPid(pid, signal);
      signalled.add(pid);
    }
  }
  return [...signalled];
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (e) {
    // ESRCH: it exited since the scan; EPERM: it changed user (setuid): out of our reach.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw e;
  }
}

/** The value of the variable `key` (`NAME=`) in a NUL-separated environ block; the first wins, as with getenv. */
function envValue(environ: Buffer, key: Buffer): string | undefined {
  for (let at = environ.indexOf(key); at !== -1; at = environ.indexOf(key, at + 1)) {
    if (at !== 0 && environ[at - 1] !== 0) continue; // inside another variable's value
    const end = environ.indexOf(0, at);
    return environ.toString('utf8', at + key.length, end === -1 ? environ.length : end);
  }
  return undefined;
}

function ownerOf(path: string): number | undefined {
  try {
    return statSync(path).uid;
  } catch {
    return undefined;
  }
}
