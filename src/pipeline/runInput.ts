import type { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import type { CommandRunner, PullRequestKey, ThreadSource, ThreadWriter, Vcs } from '../engine/ports';
import type { RunOptions } from '../model/options';
import type { Plan } from '../model/plan';
import type { RunSink } from './run';

/** What a run works on, and the adapters it works through (the front end composes them). */
export interface RunInput {
  readonly pr: PullRequestKey;
  readonly source: ThreadSource;
  readonly writer: ThreadWriter;
  readonly vcs: Vcs;
  readonly runCommand: CommandRunner;
  /** A plan to follow (hand-edited in the tree); reconciled with the threads read at the start. */
  readonly plan?: Plan;
  /** Run only these threads (Run Lane, Run Thread). */
  readonly onlyThreads?: readonly string[];
  /** Environment the commands inherit (GitHub token variables are withheld from them). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** Tracks every process the run starts, so its owner can kill them all. */
  readonly registry?: ProcessGroupRegistry;
}

/** What every stage is given. */
export interface StageContext {
  readonly sink: RunSink;
  readonly input: RunInput;
  readonly options: Readonly<RunOptions>;
  readonly signal?: AbortSignal;
}
