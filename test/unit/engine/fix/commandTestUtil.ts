import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandOptions, CommandResult, commandOutcome, runCommand } from '../../../../src/engine/fix/command';
import { isGroupAlive, ProcessGroupRegistry } from '../../../../src/engine/fix/processGroupRegistry';
import { runProcess } from '../../../../src/engine/fix/processRunner';
import type { SchedulerJob } from '../../../../src/engine/schedule/schedulerTypes';

export type CommandRunner = (options: Readonly<CommandOptions>) => Promise<CommandResult>;

/** One way of running commands, set up per test; the tests that apply to both run against each. */
export interface RunnerImpl {
  readonly name: string;
  /** False when stdout and stderr arrive as one stream (reported as stdout). */
  readonly separateStreams: boolean;
  create(): { run: CommandRunner; dispose(): void };
}

/** runCommand's contract, met by runProcess running `sh -c` itself. */
function shellThroughRunProcess(options: Readonly<CommandOptions>): Promise<CommandResult> {
  const { command, ...rest } = options;
  return runProcess({ ...rest, file: 'sh', args: ['-c', command] });
}

export const RUNNERS: readonly RunnerImpl[] = [
  { name: 'runCommand', separateStreams: true, create: () => ({ run: runCommand, dispose: () => {} }) },
  { name: 'runProcess (sh -c)', separateStreams: true, create: () => ({ run: shellThroughRunProcess, dispose: () => {} }) },
];

/** The test process's environment without undefined values (PATH is needed by sh). */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}

/** A fresh temporary folder and a function that removes it. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'prt-command-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a command and lets the test wait until its output contains some text. */
export function started(options: Omit<CommandOptions, 'onOutput'>, run: CommandRunner = runCommand) {
  let seen = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const result: Promise<CommandResult> = run({
    ...options,
    onOutput: (_stream, chunk) => {
      seen += chunk;
      for (const w of [...waiters]) {
        if (seen.includes(w.text)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
  });
  return {
    result,
    output: () => seen,
    /** Resolves when the output contains `text`; rejects if the command ends first. */
    waitFor: (text: string) =>
      new Promise<void>((resolve, reject) => {
        if (seen.includes(text)) return resolve();
        waiters.push({ text, resolve });
        result.then(() => reject(new Error(`command ended before printing ${JSON.stringify(text)}: ${seen}`)), reject);
      }),
  };
}

/**
 * Waits until no process of group `pgid` exists. Killed members are reaped by init, which
 * in some containers only happens every second or so; this waits for that, it does not
 * measure it.
 */
export async function groupGone(pgid: number, patienceMs = 15_000): Promise<boolean> {
  for (let waited = 0; waited < patienceMs; waited += 25) {
    if (!isGroupAlive(pgid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !isGroupAlive(pgid);
}

/** The numbers printed as `label=N` by a command. */
export function printed(output: string, label: string): number {
  const m = new RegExp(`${label}=(\\d+)`).exec(output);
  if (!m) throw new Error(`no ${label}= in ${JSON.stringify(output)}`);
  return Number(m[1]);
}

/**
 * A scheduler job that runs `command` in `cwd` through `run` (runCommand or a pool's run),
 * with a short kill grace, for tests of the scheduler over real processes.
 */
export function commandJob(
  run: (o: CommandOptions) => Promise<CommandResult>,
  threadId: string,
  command: string,
  cwd: string,
  registry: ProcessGroupRegistry,
  env: Readonly<Record<string, string>> = baseEnv(),
): SchedulerJob {
  return {
    threadId,
    file: `${threadId}.ts`,
    command,
    run: async (ctx) => commandOutcome(await run({ command, cwd, env, signal: ctx.signal, onOutput: ctx.onOutput, registry, killGraceMs: 200 })),
  };
}
