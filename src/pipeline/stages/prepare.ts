import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { throwIfAborted } from '../../common/abort';
import { UserFacingError } from '../../common/errors';
import type { IsolationContext } from '../../engine/isolate/isolatedJob';
import { LaneTips } from '../../engine/isolate/laneTips';
import { SlotPool } from '../../engine/isolate/slotPool';
import type { Slot, Worktrees } from '../../engine/ports';
import { lastLine } from '../../engine/fix/text';
import type { StageContext } from '../runInput';
import { commandEnv } from '../fixers';

/** The isolation of one run: its base commit, job slots and lane tips. */
export interface Isolation extends IsolationContext {
  /** HEAD when the run began: every lane starts here. */
  readonly base: string;
  readonly runId: string;
}

/** A new id for a run's patches folder: sortable by time, unique. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(3).toString('hex')}`;
}

// Which setup command each slot was prepared with: a slot is set up once, again only when
// the command changed or an earlier setup did not finish.
async function readSetups(file: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

async function writeSetups(file: string, setups: Record<string, string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(setups, null, 2)}\n`);
  await rename(temp, file);
}

/**
 * Makes the run's job slots (one per job at once: at most J, and at most `atMost`) worktrees
 * at HEAD, created or reused, and runs `--worktree-setup` in each slot that needs it.
 * @param atMost how many jobs can run at once at most: the lanes that have jobs to run (a
 *   lane runs one at a time), so that no worktree is made, and set up, for nothing.
 * @throws UserFacingError when a setup command fails (the run stops: exit 2);
 *   CancellationError when the run is stopped during a setup.
 */
export async function prepareStage(ctx: StageContext, worktrees: Worktrees, atMost: number): Promise<Isolation> {
  const { input, options: o } = ctx;
  const count = Math.max(1, Math.min(o.maxConcurrency, atMost));
  ctx.sink.stage({ stage: 'prepare', detail: `${count} worktree${count === 1 ? '' : 's'}${o.worktreeSetup ? `, setup: ${o.worktreeSetup}` : ''}` });
  const base = await input.vcs.headCommit();
  const runId = newRunId();
  const setupsFile = path.join(await input.vcs.stateDir(), 'setup.json');
  const setups = await readSetups(setupsFile);
  const slots: Slot[] = [];
  let forgotten = false;
  for (let i = 1; i <= count; i++) {
    const { slot, created } = await worktrees.prepareSlot(i, base);
    // A worktree made anew has had no setup, whatever an earlier one of that path had.
    if (created && slot.path in setups) {
      delete setups[slot.path];
      forgotten = true;
    }
    slots.push(slot);
  }
  if (forgotten) await writeSetups(setupsFile, setups);
  const setup = o.worktreeSetup;
  if (setup) {
    const due = slots.filter((s) => setups[s.path] !== setup);
    // Only a setup that ran to its end counts as done: one stopped (Ctrl-C) or failed runs
    // again in the next run. The others' setups are recorded even when one failed.
    const ran = await Promise.allSettled(due.map((s) => runSetup(ctx, s, setup)));
    const done = due.filter((_, i) => {
      const r = ran[i];
      return r.status === 'fulfilled' && r.value;
    });
    for (const s of done) setups[s.path] = setup;
    if (done.length) await writeSetups(setupsFile, setups);
    const failed = ran.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    throwIfAborted(ctx.signal);
  }
  return { base, runId, worktrees, slots: new SlotPool(slots), lanes: new LaneTips(base), patchFolder: await worktrees.patchFolder(runId) };
}

/**
 * Runs the setup command in one slot.
 * @returns true when it ran to its end, false when the run was stopped meanwhile.
 * @throws UserFacingError when it failed.
 */
async function runSetup(ctx: StageContext, slot: Slot, command: string): Promise<boolean> {
  const { input } = ctx;
  ctx.sink.log(`setting up worktree ${slot.index}: ${command}`);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(commandEnv(input.baseEnv))) if (v !== undefined) env[k] = v;
  const r = await input.runCommand({
    command,
    cwd: slot.path,
    env: { ...env, PRT_WORKTREE: slot.path, PRT_REPO_ROOT: input.vcs.root },
    signal: ctx.signal,
    registry: input.registry,
  });
  if (r.aborted) return false;
  if (r.exitCode !== 0) {
    const last = lastLine(r.output);
    throw new UserFacingError(`--worktree-setup failed in worktree ${slot.index} (${r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`})${last ? `: ${last}` : ''}; fix the command and run again`);
  }
  return true;
}
