import { UserFacingError } from '../../common/errors';
import type { Plan } from '../../model/plan';

/** Shard I of N (1-based) of a sharded run. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** At most this many shards: a matrix of more runners than lanes could ever use would be idle. */
export const MAX_SHARDS = 64;

/**
 * Parses `I/N` (`--shard 2/3`).
 * @throws UserFacingError naming the flag and the form, for anything but 1 ≤ I ≤ N ≤ 64.
 */
export function parseShard(text: string, flag = '--shard'): ShardSpec {
  const m = /^\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw new UserFacingError(`${flag} must be I/N with 1 ≤ I ≤ N ≤ ${MAX_SHARDS}, e.g. ${flag} 2/3 (got "${text}")`);
  }
  return { index, count };
}

/**
 * The shard lane k (1-based, in plan order) belongs to: ((k − 1) mod N) + 1. Whole lanes move,
 * never threads: every thread of a file is in one lane (by-file and balanced plans), so a
 * file's threads stay on one runner and its fixes build on each other exactly as on one machine.
 */
export function shardOfLane(laneNumber: number, count: number): number {
  return ((laneNumber - 1) % count) + 1;
}

/** The lanes of `plan` that shard `shard` runs, in plan order, each under its own name. */
export function shardPlan(plan: Plan, shard: ShardSpec): Plan {
  return { strategy: plan.strategy, lanes: plan.lanes.filter((_, i) => shardOfLane(i + 1, shard.count) === shard.index) };
}

/**
 * How many shards a plan can keep busy: its lanes that hold threads, at most `wanted`. The
 * planner fills lanes in order, so with N no larger than that count every shard gets work.
 */
export function usefulShardCount(plan: Plan, wanted: number): number {
  const busy = plan.lanes.filter((l) => l.threads.length > 0).length;
  return Math.max(1, Math.min(wanted, busy, MAX_SHARDS));
}
