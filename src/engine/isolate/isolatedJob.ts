import * as path from 'node:path';
import type { FixRecord } from '../../model/job';
import type { ReviewThread } from '../../model/thread';
import { summaryLine } from '../fix/text';
import type { ThreadAttempt } from '../fix/threadJob';
import type { Worktrees } from '../ports';
import type { SchedulerJob } from '../schedule/schedulerTypes';
import type { LaneTips } from './laneTips';
import type { SlotPool } from './slotPool';
import { threadCommitMessage } from './threadCommitMessage';

/** What isolated jobs of one run share. */
export interface IsolationContext {
  readonly worktrees: Worktrees;
  readonly slots: SlotPool;
  readonly lanes: LaneTips;
  /** Where the patches of fixes that did not land go. */
  readonly patchFolder: string;
}

/** The file a thread's patch is saved in (thread ids are safe file names: `PRRT_…`). */
export function patchFile(folder: string, threadId: string): string {
  return path.join(folder, `${threadId.replace(/[^A-Za-z0-9_-]/g, '_')}.patch`);
}

/**
 * The scheduler job of one thread, isolated: each attempt takes a job slot, checks it out
 * at the lane's tip (the base plus the lane's earlier fixes), runs there, and on success
 * commits what it changed as the thread's commit, which becomes the lane's new tip. The
 * changes of an attempt that failed, timed out or was stopped (even while its commit was
 * being made) are saved as a patch and dropped with the next reset. No file lock: the job
 * is alone in its worktree.
 */
export function isolatedJob(thread: ReviewThread, lane: string, attempt: ThreadAttempt, command: string | undefined, iso: IsolationContext): SchedulerJob {
  return {
    threadId: thread.id,
    command,
    run: async (ctx) => {
      const slot = iso.slots.take();
      try {
        const base = iso.lanes.tip(lane);
        await iso.worktrees.resetSlot(slot, base);
        const outcome = await attempt(ctx, slot.path);
        const file = patchFile(iso.patchFolder, thread.id);
        if (outcome.ok) {
          const made = await iso.worktrees.commitSlot(slot, threadCommitMessage(thread));
          if (!made && outcome.mustChange) {
            // An AI fixer's word is not enough: no change, no fix.
            const said = outcome.agent?.message ? `: ${summaryLine(outcome.agent.message)}` : '';
            return { ...outcome, ok: false, retryable: false, error: `the agent made no change${said}`, fix: { base, changes: null } };
          }
          if (!ctx.signal.aborted) {
            if (made) iso.lanes.advance(lane, made.commit);
            const fix: FixRecord = made ? { commit: made.commit, base, changes: made.changes } : { base, changes: null };
            return { ...outcome, fix };
          }
          // Timed out or stopped while its changes were being committed: the scheduler counts
          // the attempt by why it was stopped, so the lane must not move on to this commit (a
          // retry, and the lane's later threads, start from the tip before it). Its changes are
          // kept as a patch like any job's that did not succeed.
          if (made) await iso.worktrees.saveCommitPatch(made.commit, file);
          return { ...outcome, fix: { base, changes: null, ...(made ? { patch: file } : {}) } };
        }
        const saved = await iso.worktrees.savePatch(slot, file);
        return { ...outcome, fix: { base, changes: null, ...(saved ? { patch: file } : {}) } };
      } finally {
        iso.slots.give(slot);
      }
    },
  };
}
