import type { JobResult } from '../../model/job';
import type { Plan } from '../../model/plan';
import type { ShardSpec } from './shardAssignment';

/** The emit format's name and version; `prt integrate` reads only the versions it knows. */
export const MANIFEST_FORMAT = 'pr-thread-runner/shard';
export const MANIFEST_VERSION = 1;

/** The files of an emit folder. */
export const MANIFEST_FILE = 'manifest.json';
export const BUNDLE_FILE = 'fixes.bundle';
export const REPORT_FILE = 'report.json';
export const PATCH_DIR = 'patches';

/** One thread a shard ran: what its job did and where its fix is. */
export interface ShardThread {
  readonly id: string;
  readonly lane: string;
  /** The fix's commit, in the bundle (null when the job failed or changed nothing). */
  readonly commit: string | null;
  /**
   * The job's result as the shard's Run recorded it (status, error, attempts, duration, exit
   * code, the agent's report with its whole final message); `fix.patch` is relative to the
   * emit folder.
   */
  readonly result: JobResult;
}

/**
 * What `prt run --shard I/N --emit DIR` writes to `DIR/manifest.json`: enough for `prt
 * integrate` to check that the shards belong together and to land their fixes in plan order.
 */
export interface ShardManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: number;
  /** `OWNER/NAME` as the shard's session named it. */
  readonly repo: string;
  readonly pr: number;
  /** HEAD when the shard began: every lane starts here, and the bundle needs it. */
  readonly base: string;
  readonly shard: ShardSpec;
  /** The whole plan (every shard's lanes), the same for every shard of one run. */
  readonly plan: Plan;
  /** This shard's lanes, in plan order. */
  readonly lanes: readonly string[];
  /** True when the shard had nothing to run (no lane, or every job skipped). */
  readonly empty: boolean;
  /** The bundle of the lane tips (`BUNDLE_FILE`), null when no fix made a commit. */
  readonly bundle: string | null;
  /** The bundle's refs: lane name → tip commit. */
  readonly tips: Readonly<Record<string, string>>;
  /** Epoch ms when the shard's run began and ended (the sharded run's wall time spans them). */
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Why the halt policy stopped the shard, when it did. */
  readonly halted?: string;
  /** This shard's threads, in plan order. */
  readonly threads: readonly ShardThread[];
}

/** A manifest and the folder it was read from. */
export interface ShardFolder {
  readonly dir: string;
  readonly manifest: ShardManifest;
}
