import { oneLine } from '../../common/errors';
import type { ReviewThread } from '../../model/thread';
import type { CommandRunner, FixAttempt, Fixer } from '../ports';
import type { AttemptOutcome } from '../schedule/schedulerTypes';
import { buildThreadCommand, commandOutcome } from './command';
import type { ProcessGroupRegistry } from './processGroupRegistry';
import { BodyFiles, isBodyFileError, withThreadInput } from './threadEnv';
import { lastLine } from './text';

export interface CommandFixerOptions {
  /** The user's command template (`--exec`, `prThreads.command`): trusted, thread text only through placeholders. */
  readonly template: string;
  readonly runCommand: CommandRunner;
  /** `owner/name` and the PR number, for PRT_REPO and PRT_PR. */
  readonly repo: string;
  readonly pr: number;
  /** The user's repository root, for PRT_REPO_ROOT. */
  readonly repoRoot: string;
  /** What the command inherits (GitHub tokens already withheld). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly registry?: ProcessGroupRegistry;
  /** Where PRT_BODY_FILEs go (one folder for the run); a folder per job when absent. */
  readonly bodyFiles?: BodyFiles;
}

/**
 * The user's own command as the fixer (`prt run --exec`): `sh -c` in the job's work folder
 * with the thread as `PRT_*` variables and JSON on stdin; exit 0 is success, whether or not
 * it changed anything (the command said so).
 */
export class CommandFixer implements Fixer {
  readonly label = 'the command';
  readonly mustChange = false;

  constructor(private readonly _o: CommandFixerOptions) {}

  describe(thread: ReviewThread, worker: string): string {
    return buildThreadCommand(this._o.template, { id: thread.id, path: thread.path, line: thread.line, worker });
  }

  async attempt(a: FixAttempt): Promise<AttemptOutcome> {
    const o = this._o;
    const command = this.describe(a.thread, a.lane);
    const baseEnv = { ...o.baseEnv, PRT_WORKTREE: a.workdir, PRT_REPO_ROOT: o.repoRoot };
    let result;
    try {
      // The body file (PRT_BODY_FILE) lives exactly as long as the command.
      result = await withThreadInput(
        a.thread,
        { worker: a.lane, repo: o.repo, pr: o.pr, baseEnv },
        (input) => o.runCommand({ command, cwd: a.workdir, env: input.env, stdin: input.stdin, signal: a.signal, onOutput: a.onOutput, registry: o.registry }),
        o.bodyFiles,
      );
    } catch (e) {
      if (isBodyFileError(e)) return { ok: false, exitCode: null, signal: null, error: oneLine(e), retryable: true };
      throw e;
    }
    const outcome = commandOutcome(result);
    if (outcome.ok || result.aborted) return outcome;
    // The command's own last words say more than its exit code.
    const last = lastLine(result.output);
    return last ? { ...outcome, error: `${outcome.error}: ${last}` } : outcome;
  }
}
