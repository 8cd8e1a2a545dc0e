import { GitVcs } from '../git/gitVcs';
import { findRepoRoot } from '../git/git';
import { GitWorktrees } from '../git/worktrees';
import { plural } from '../common/text';
import { CliIo, writeLines } from './io';
import { UsageError } from './usageError';
import * as path from 'node:path';

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** `prt clean`: removes the repository's job worktrees and saved patches (never while a run works). */
export async function prtClean(values: Values, io: CliIo): Promise<number> {
  const cwd = path.resolve(typeof values.cwd === 'string' ? values.cwd : process.cwd());
  const root = await findRepoRoot(cwd);
  if (!root) throw new UsageError(`${cwd} is not inside a git repository: run prt clean in the repository, or pass --cwd DIR`);
  // A run's jobs may be working in those worktrees: take its lock, so a run in progress is never pulled from under.
  const lock = await new GitVcs(root).lockRun();
  try {
    const removed = await new GitWorktrees(root, { env: io.env }).clean();
    writeLines(io.stdout, [`removed ${plural(removed.worktrees, 'worktree')} and ${plural(removed.patches, 'saved patch', 'saved patches')}`]);
    return 0;
  } finally {
    await lock.release();
  }
}
