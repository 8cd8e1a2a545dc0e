import { readFileSync } from 'node:fs';

/** CPU time spent while something ran, which machine load changes far less than wall time. */
export interface CpuSpent {
  /** User + system time of this Node process (its event loop, libuv's threads, fork). */
  readonly selfMs: number;
  /**
   * User + system time of the child processes that ended and were waited for meanwhile
   * (their own waited-for children included: xargs's and parallel's jobs count); undefined
   * where /proc is absent (macOS).
   */
  readonly childrenMs: number | undefined;
}

/** Clock ticks per second of /proc's times: USER_HZ, 100 on every Linux Node supports. */
const USER_HZ = 100;

/** cutime + cstime of /proc/self/stat in ms; undefined without /proc. */
export function childrenCpuMs(statText?: string): number | undefined {
  let text = statText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/stat', 'utf8');
    } catch {
      return undefined;
    }
  }
  // The command name (field 2) may hold spaces and parentheses: count from its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of the man page; fields[0] here is field 3.
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? ((cutime + cstime) * 1000) / USER_HZ : undefined;
}

/** Runs `fn` and returns what it returned, with the CPU time spent meanwhile. */
export async function withCpu<T>(fn: () => Promise<T>): Promise<{ readonly value: T; readonly cpu: CpuSpent }> {
  const self0 = process.cpuUsage();
  const children0 = childrenCpuMs();
  const value = await fn();
  const self = process.cpuUsage(self0);
  const children1 = childrenCpuMs();
  return {
    value,
    cpu: {
      selfMs: (self.user + self.system) / 1000,
      childrenMs: children0 === undefined || children1 === undefined ? undefined : children1 - children0,
    },
  };
}
