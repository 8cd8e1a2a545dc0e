import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UserFacingError } from '../../common/errors';
import type { FixBundles } from '../../engine/shard/fixBundles';
import type { ShardSpec } from '../../engine/shard/shardAssignment';
import {
  BUNDLE_FILE,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  PATCH_DIR,
  REPORT_FILE,
  type ShardManifest,
  type ShardThread,
} from '../../engine/shard/shardManifest';
import type { JobResult } from '../../model/job';
import type { Plan } from '../../model/plan';
import type { StageContext } from '../runInput';

/** Where a shard's fixes go (`prt run --shard I/N --emit DIR`). */
export interface EmitTarget {
  /** Absolute. */
  readonly dir: string;
  readonly shard: ShardSpec;
  readonly bundles: FixBundles;
}

/** What the fix stage of a shard left: its results and each of its lanes' tips. */
export interface ShardWork {
  /** The whole plan, every shard's lanes. */
  readonly plan: Plan;
  /** This shard's lanes. */
  readonly lanes: Plan;
  readonly base: string;
  /** Lane name → the lane's last fix commit (the base when it has none). */
  readonly tips: ReadonlyMap<string, string>;
  /** One per thread of this shard, in plan order. */
  readonly results: readonly JobResult[];
  readonly startedAt: number;
  readonly halted?: string;
}

const OWN_FILES = [MANIFEST_FILE, BUNDLE_FILE, REPORT_FILE, PATCH_DIR];

/**
 * Checks the emit folder before anything runs: missing, empty, or holding an earlier emit
 * (which is replaced); anything else is left alone.
 * @throws UserFacingError when it is a file, or a folder of other things.
 */
export async function checkEmitDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new UserFacingError(`--emit ${JSON.stringify(dir)} is a file: name a folder (it is created when missing)`);
  const names = await readdir(dir);
  const foreign = names.filter((n) => !OWN_FILES.includes(n));
  if (foreign.length && names.length) {
    throw new UserFacingError(`--emit ${JSON.stringify(dir)} holds other files (e.g. ${JSON.stringify(foreign[0])}): name an empty or new folder`);
  }
}

/**
 * Writes the shard's fixes to the emit folder: the lane tips as a git bundle (the exact
 * commits a single machine would integrate), the patches of jobs that did not succeed, and
 * the manifest that `prt integrate` checks and lands from. Nothing is written to GitHub and
 * nothing is integrated.
 * @throws UserFacingError when the folder or the bundle cannot be written.
 */
export async function emitStage(ctx: StageContext, target: EmitTarget, work: ShardWork): Promise<ShardManifest> {
  const { dir } = target;
  for (const name of OWN_FILES) await rm(path.join(dir, name), { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const results: JobResult[] = [];
  for (const r of work.results) results.push(await withPatchIn(dir, r));
  const tips = new Map([...work.tips].filter(([, tip]) => tip !== work.base));
  const bundled = await target.bundles.write(path.join(dir, BUNDLE_FILE), work.base, tips);
  const threads: ShardThread[] = results.map((r) => ({
    id: r.threadId,
    lane: r.lane,
    commit: r.status === 'fixed' ? r.fix?.commit ?? null : null,
    result: r,
  }));
  const { pr } = ctx.input;
  const manifest: ShardManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    repo: `${pr.owner}/${pr.repo}`,
    pr: pr.number,
    base: work.base,
    shard: target.shard,
    plan: work.plan,
    lanes: work.lanes.lanes.map((l) => l.name),
    empty: threads.length === 0,
    bundle: bundled ? BUNDLE_FILE : null,
    tips: bundled ? Object.fromEntries(tips) : {},
    startedAt: work.startedAt,
    finishedAt: Date.now(),
    ...(work.halted ? { halted: work.halted } : {}),
    threads,
  };
  const file = path.join(dir, MANIFEST_FILE);
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temp, file);
  const fixes = threads.filter((t) => t.commit).length;
  ctx.sink.log(
    threads.length === 0
      ? `shard ${target.shard.index}/${target.shard.count} has nothing to do; its manifest says so (${file})`
      : `shard ${target.shard.index}/${target.shard.count}: ${fixes} fix${fixes === 1 ? '' : 'es'} of ${threads.length} thread${threads.length === 1 ? '' : 's'} written to ${dir}`,
  );
  return manifest;
}

/** The result with its saved patch copied into the emit folder and named relative to it. */
async function withPatchIn(dir: string, r: JobResult): Promise<JobResult> {
  const saved = r.fix?.patch;
  if (!r.fix || !saved) return r;
  const rel = path.posix.join(PATCH_DIR, path.basename(saved));
  await mkdir(path.join(dir, PATCH_DIR), { recursive: true });
  await copyFile(saved, path.join(dir, rel));
  return { ...r, fix: { ...r.fix, patch: rel } };
}
