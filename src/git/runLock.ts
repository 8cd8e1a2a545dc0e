import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { UserFacingError } from '../common/errors';
import type { Held } from '../engine/ports';

/** Another prt run holds the repository's run lock. */
export class RunLockedError extends UserFacingError {
  readonly isRunLockedError = true;
  constructor(readonly owner: LockOwner, lockFile: string) {
    super(
      `another prt run (pid ${owner.pid}, started ${owner.startedAt}) is working on this repository: ` +
        `wait for it or stop it (kill ${owner.pid}); if no such process exists, delete ${lockFile}`,
    );
    this.name = 'RunLockedError';
  }
}

export function isRunLockedError(e: unknown): e is RunLockedError {
  return typeof e === 'object' && e !== null && (e as RunLockedError).isRunLockedError === true;
}

/** Who holds a lock, as written into the lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

/** True while a process with that id exists (one we may not signal counts as existing). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const o = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.startedAt === 'string') return o as LockOwner;
  } catch {
    // Missing, or cut short by a crash mid-write: no owner can be named.
  }
  return undefined;
}

/** A lock whose owner ran on this machine and is gone, or a file that names no owner. */
function isStale(owner: LockOwner | undefined): boolean {
  return owner === undefined || (owner.host === hostname() && !processExists(owner.pid));
}

/** Creates `file` holding `owner`, failing with EEXIST when it exists (O_EXCL). */
async function create(file: string, owner: LockOwner): Promise<void> {
  const handle = await open(file, 'wx', 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Takes the run lock `dir/run.lock` for this process. A lock whose owner process is gone
 * (on this host) is taken over; the takeover itself is serialized by a second O_EXCL file,
 * so two runs taking over the same stale lock cannot both win.
 * @throws RunLockedError when a live run holds it.
 */
export async function acquireRunLock(dir: string): Promise<Held> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'run.lock');
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let tries = 0; tries < 3; tries++) {
    try {
      await create(file, me);
      return held(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await readOwner(file);
    if (!isStale(owner)) throw new RunLockedError(owner!, file);
    await takeOver(file, owner);
  }
  const owner = await readOwner(file);
  throw new RunLockedError(owner ?? { pid: 0, host: '?', startedAt: '?' }, file);
}

async function takeOver(file: string, stale: LockOwner | undefined): Promise<void> {
  const guard = `${file}.takeover`;
  try {
    await create(guard, { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Someone else is taking over; if that one died in the act, clear its guard too.
    if (isStale(await readOwner(guard))) await unlink(guard).catch(() => undefined);
    return;
  }
  try {
    const now = await readOwner(file);
    // Only the lock we judged stale is removed, never one a faster run just created.
    if (JSON.stringify(now) === JSON.stringify(stale)) {
      const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
      await rename(file, aside).catch(() => undefined);
      await unlink(aside).catch(() => undefined);
    }
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

function held(file: string): Held {
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await unlink(file).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    },
  };
}
