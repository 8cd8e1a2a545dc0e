import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UserFacingError } from '../../common/errors';
import type { IsolationContext } from '../../engine/isolate/isolatedJob';
import { LaneTips } from '../../engine/isolate/laneTips';
import { SlotPool } from '../../engine/isolate/slotPool';
import type { Slot, Worktrees } from '../../engine/ports';
import { lastLine } from '../../engine/fix/threadJob';
import type { StageContext } from '../runInput';
import { commandEnv } from './fix';

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
 * Makes the run's job slots (one per job at once, no more than there are jobs) worktrees at
 * HEAD, created or reused, and runs `--worktree-setup` in each slot that needs it.
 * @throws UserFacingError when a setup command fails (the run stops: exit 2).
 */
export async function prepareStage(ctx: StageContext, worktrees: Worktrees, jobCount: number): Promise<Isolation> {
  const { input, options: o } = ctx;
  const count = Math.max(1, Math.min(o.maxConcurrency, jobCount));
  ctx.sink.stage({ stage: 'prepare', detail: `${count} worktree${count === 1 ? '' : 's'}${o.worktreeSetup ? `, setup: ${o.worktreeSetup}` : ''}` });
  const base = await input.vcs.headCommit();
  const runId = newRunId();
  const setupsFile = path.join(await input.vcs.stateDir(), 'setup.json');
  const setups = await readSetups(setupsFile);
  const slots: Slot[] = [];
  for (let i = 1; i <= count; i++) {
    const { slot, created } = await worktrees.prepareSlot(i, base);
    if (created) delete setups[slot.path];
    slots.push(slot);
  }
  const setup = o.worktreeSetup;
  if (setup) {
    const due = slots.filter((s) => setups[s.path] !== setup);
    await Promise.all(due.map((s) => runSetup(ctx, s, setup)));
    for (const s of due) setups[s.path] = setup;
    if (due.length) await writeSetups(setupsFile, setups);
  }
  return { base, runId, worktrees, slots: new SlotPool(slots), lanes: new LaneTips(base), patchFolder: await worktrees.patchFolder(runId) };
}

async function runSetup(ctx: StageContext, slot: Slot, command: string): Promise<void> {
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
  if (r.aborted) return;
  if (r.exitCode !== 0) {
    const last = lastLine(r.output);
    throw new UserFacingError(`--worktree-setup failed in worktree ${slot.index} (${r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`})${last ? `: ${last}` : ''}; fix the command and run again`);
  }
}
