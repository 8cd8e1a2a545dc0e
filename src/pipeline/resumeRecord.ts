import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

// The joblog says which threads' jobs succeeded, but not in which commit their fix landed,
// nor whether it landed at all: with isolation a job that succeeded in its worktree may
// still conflict, be rejected in review, or be stopped before integration. `--resume-failed`
// needs both, so both are kept per joblog in prt's state folder (the git common dir), never
// in the joblog itself, whose format stays GNU parallel's.

interface RecordFile {
  /** Per joblog: the commit each thread's fix landed in. */
  readonly joblogs: Record<string, Record<string, string>>;
  /** Per joblog: threads whose isolated job ran but whose fix has not landed (yet). */
  readonly pending: Record<string, string[]>;
}

function recordPath(stateDir: string): string {
  return path.join(stateDir, 'resume.json');
}

function isRecord(v: unknown): v is Record<string, never> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function readRecord(stateDir: string): Promise<RecordFile> {
  try {
    const parsed = JSON.parse(await readFile(recordPath(stateDir), 'utf8')) as Partial<RecordFile>;
    return { joblogs: isRecord(parsed.joblogs) ? parsed.joblogs : {}, pending: isRecord(parsed.pending) ? parsed.pending : {} };
  } catch {
    // Missing or unreadable: nothing is known about earlier runs.
    return { joblogs: {}, pending: {} };
  }
}

/** Replaces the record atomically (a crash leaves the old record or the new one). */
async function writeRecord(stateDir: string, record: RecordFile): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const temp = `${recordPath(stateDir)}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temp, recordPath(stateDir));
}

/** The commit each thread's fix landed in, as recorded by earlier runs with this joblog. */
export async function recordedCommits(stateDir: string, joblog: string): Promise<ReadonlyMap<string, string>> {
  const record = await readRecord(stateDir);
  return new Map(Object.entries(record.joblogs[path.resolve(joblog)] ?? {}));
}

/** Adds `commits` (thread id → sha) to the record of `joblog`. */
export async function recordCommits(stateDir: string, joblog: string, commits: ReadonlyMap<string, string>): Promise<void> {
  if (commits.size === 0) return;
  const record = await readRecord(stateDir);
  const key = path.resolve(joblog);
  await writeRecord(stateDir, { ...record, joblogs: { ...record.joblogs, [key]: { ...record.joblogs[key], ...Object.fromEntries(commits) } } });
}

/**
 * Threads of `joblog` whose isolated jobs ran in an earlier run but whose fixes never landed
 * on the branch: whatever their joblog rows say, `--resume-failed` runs them again.
 */
export async function pendingThreads(stateDir: string, joblog: string): Promise<ReadonlySet<string>> {
  const record = await readRecord(stateDir);
  const ids = record.pending[path.resolve(joblog)];
  return new Set(Array.isArray(ids) ? ids.filter((id) => typeof id === 'string') : []);
}

/**
 * Marks threads as pending before their isolated jobs run (so that a run stopped or killed
 * before integration leaves them pending), or, with `landed`, takes them off once their
 * fixes are on the branch (in the work tree, committed or not).
 */
export async function markPending(stateDir: string, joblog: string, threadIds: readonly string[], landed = false): Promise<void> {
  if (threadIds.length === 0) return;
  const record = await readRecord(stateDir);
  const key = path.resolve(joblog);
  const pending = new Set(record.pending[key] ?? []);
  for (const id of threadIds) {
    if (landed) pending.delete(id);
    else pending.add(id);
  }
  if (landed && !(key in record.pending)) return;
  const rest = { ...record.pending };
  if (pending.size) rest[key] = [...pending];
  else delete rest[key];
  await writeRecord(stateDir, { ...record, pending: rest });
}
