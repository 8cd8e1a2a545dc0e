import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

// The joblog says which threads were fixed, but not in which commit; `--resume-failed`
// needs that commit to reply `{sha}` for threads whose fix landed but whose reply or resolve
// did not. It is kept per joblog in prt's state folder (the git common dir), never in the
// joblog itself, whose format stays GNU parallel's.

interface RecordFile {
  readonly joblogs: Record<string, Record<string, string>>;
}

function recordPath(stateDir: string): string {
  return path.join(stateDir, 'resume.json');
}

async function readRecord(stateDir: string): Promise<RecordFile> {
  try {
    const parsed = JSON.parse(await readFile(recordPath(stateDir), 'utf8')) as Partial<RecordFile>;
    return { joblogs: typeof parsed.joblogs === 'object' && parsed.joblogs !== null ? parsed.joblogs : {} };
  } catch {
    // Missing or unreadable: nothing is known about earlier commits.
    return { joblogs: {} };
  }
}

/** The commit each thread's fix landed in, as recorded by earlier runs with this joblog. */
export async function recordedCommits(stateDir: string, joblog: string): Promise<ReadonlyMap<string, string>> {
  const record = await readRecord(stateDir);
  return new Map(Object.entries(record.joblogs[path.resolve(joblog)] ?? {}));
}

/**
 * Adds `commits` (thread id → sha) to the record of `joblog`, atomically (a crash leaves the
 * old record or the new one).
 */
export async function recordCommits(stateDir: string, joblog: string, commits: ReadonlyMap<string, string>): Promise<void> {
  if (commits.size === 0) return;
  const record = await readRecord(stateDir);
  const key = path.resolve(joblog);
  const joblogs = { ...record.joblogs, [key]: { ...record.joblogs[key], ...Object.fromEntries(commits) } };
  await mkdir(stateDir, { recursive: true });
  const temp = `${recordPath(stateDir)}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify({ joblogs }, null, 2)}\n`);
  await rename(temp, recordPath(stateDir));
}
