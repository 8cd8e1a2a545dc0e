import * as path from 'node:path';
import { UserFacingError } from '../common/errors';
import type { PullRequestKey, Worktrees } from '../engine/ports';
import type { FixBundles } from '../engine/shard/fixBundles';
import { checkShards, type ShardSet } from '../engine/shard/shardSet';
import type { JobResult } from '../model/job';
import { SHA_PLACEHOLDER, type RunOptions } from '../model/options';
import type { Plan } from '../model/plan';
import type { ReviewThread } from '../model/thread';
import { landIsolated, type FixedWork } from './landing';
import type { RunReport } from './report';
import type { Run, RunSink } from './run';
import { framed } from './runFrame';
import type { RunInput, StageContext } from './runInput';
import { readShardFolders } from './shardFolders';
import { preflight } from './stages/preflight';
import { newRunId } from './stages/prepare';

/** What `prt integrate` lands, and through what. */
export interface IntegrateSource {
  /** The emit folders, one per shard. */
  readonly dirs: readonly string[];
  readonly bundles: FixBundles;
  readonly worktrees: Worktrees;
  /** The pull request, when the user named it (it must be the shards'). */
  readonly pr?: number;
}

/**
 * The option checks of `prt integrate`: it runs no fixer, so only landing's combinations count.
 * @throws UserFacingError naming the flag to change.
 */
export function validateIntegrateOptions(o: Readonly<RunOptions>): void {
  if (o.push && o.commit === 'off') throw new UserFacingError('--push needs --commit or --commit-per-thread: there is nothing to push without a fix commit');
  if (o.resolve && o.replyTemplate.includes(SHA_PLACEHOLDER) && o.commit === 'off') {
    throw new UserFacingError('the reply uses {sha} but nothing will be committed: add --commit or --commit-per-thread, or drop {sha} from the reply');
  }
}

/**
 * `prt integrate DIR…`: the single writer of a sharded run. Reads the shards' manifests and
 * refuses ones that are not of one run, before any request; brings their commits into the
 * repository; re-reads the pull request's threads; then lands the fixes in plan order
 * through the same stages as a run on one machine (integrate, verify, commit, push, resolve).
 * A thread whose job failed on its shard is reported as it failed there; a thread resolved
 * on GitHub since is skipped (its fix is not integrated, and it is not written again).
 * @returns the report; its wall time counts from the first shard's start.
 * @throws only bugs: every expected failure is in the report.
 */
export async function executeIntegrate(run: Run, input: RunInput, options: Readonly<RunOptions>, source: IntegrateSource, signal?: AbortSignal): Promise<RunReport> {
  try {
    return await framed(run, input.source, options.strategy, signal, async (frame) => {
      const { sink } = frame;
      const checked = await preflight({ options, input: { ...input, worktrees: source.worktrees } }, validateIntegrateOptions);
      frame.hold(checked.lock);
      const set = checkShards(await readShardFolders(source.dirs), { repo: `${input.pr.owner}/${input.pr.repo}`, pr: source.pr });
      frame.startedAt = Math.min(...set.folders.map((f) => f.manifest.startedAt), frame.startedAt);
      await checkHead(input, set);
      const pr: PullRequestKey = { owner: input.pr.owner, repo: input.pr.repo, number: set.pr };
      const ctx: StageContext = { sink, input: { ...input, pr }, options, signal };
      await bringFixes(sink, set, source.bundles);
      sink.stage({ stage: 'fetch', detail: `${pr.owner}/${pr.repo}#${pr.number}` });
      const { pullRequest, threads: all } = await input.source.fetchThreads(pr, { signal, includeResolved: true });
      const onGitHub = new Map(all.map((t) => [t.id, t]));
      // Threads deleted since the shards ran are gone from the report: there is nothing to write.
      const plan: Plan = { strategy: set.plan.strategy, lanes: set.plan.lanes.map((l) => ({ name: l.name, threads: l.threads.filter((id) => onGitHub.has(id)) })) };
      frame.plan = plan;
      const ordered = plan.lanes.flatMap((l) => l.threads.map((id) => onGitHub.get(id)!));
      const unresolved = all.filter((t) => !t.isResolved);
      const planned = new Set(set.plan.lanes.flatMap((l) => l.threads));
      const fresh = unresolved.filter((t) => !planned.has(t.id)).length;
      if (fresh) sink.log(`${fresh} unresolved thread${fresh === 1 ? ' is' : 's are'} not in the shards' plan (new since they ran): run again to fix ${fresh === 1 ? 'it' : 'them'}`);
      sink.planned({ pullRequest, fetched: unresolved, threads: ordered, plan });
      const results = ordered.map((t) => shardResult(set, t));
      for (const r of results) {
        sink.queued({ threadId: r.threadId, lane: r.lane });
        sink.finished(r);
      }
      const landing = { worktrees: source.worktrees, patchFolder: await source.worktrees.patchFolder(newRunId()) };
      const halted = set.folders.map((f) => f.manifest.halted).find(Boolean);
      const byId = new Map(ordered.map((t) => [t.id, t]));
      const live = ordered.filter((t) => !t.isResolved);
      const work: FixedWork = { ordered: live, byId, results, resumed: new Map(), ownFiles: checked.ownFiles, ...(halted ? { halted } : {}) };
      const landed = await landIsolated(ctx, landing, work);
      frame.commits = landed.commits;
      return landed.outcome;
    });
  } finally {
    await source.bundles.release();
  }
}

/**
 * The fixes are commits on the shards' base: landing them on another HEAD would integrate
 * them onto code they were never made for (and a single machine would have fixed that code).
 * @throws UserFacingError naming both commits and what to do.
 */
async function checkHead(input: RunInput, set: ShardSet): Promise<void> {
  const head = await input.vcs.headCommit();
  if (head === set.base) return;
  throw new UserFacingError(
    `the shards fixed commit ${set.base.slice(0, 12)}, but HEAD is ${head.slice(0, 12)}: check out the commit the shards ran on (git checkout ${set.base.slice(0, 12)}, or its branch before it moved), or run the shards again on this HEAD`,
  );
}

/**
 * Fetches each shard's bundle into the repository and checks that it holds the commits its
 * manifest names.
 * @throws UserFacingError naming the folder whose bundle does not match its manifest.
 */
async function bringFixes(sink: RunSink, set: ShardSet, bundles: FixBundles): Promise<void> {
  for (const f of set.folders) {
    const m = f.manifest;
    const where = JSON.stringify(f.dir);
    if (m.bundle) {
      const tips = await bundles.read(path.join(f.dir, path.basename(m.bundle)));
      for (const [lane, tip] of Object.entries(m.tips)) {
        if (tips.get(lane) !== tip) throw new UserFacingError(`${where}: the bundle does not hold lane ${lane}'s fixes as the manifest says; the shard's artifact is damaged, run the shard again`);
      }
    }
    for (const t of m.threads) {
      if (t.commit && !(await bundles.hasCommit(t.commit))) {
        throw new UserFacingError(`${where}: the fix of thread ${t.id} (commit ${t.commit.slice(0, 12)}) is not in its bundle; the shard's artifact is damaged, run the shard again`);
      }
    }
    const fixes = m.threads.filter((t) => t.commit).length;
    sink.log(`shard ${m.shard.index}/${m.shard.count}: ${m.empty ? 'nothing to do' : `${fixes} fix${fixes === 1 ? '' : 'es'} of ${m.threads.length} thread${m.threads.length === 1 ? '' : 's'}`} (${f.dir})`);
  }
}

/** A thread's job result as its shard recorded it, its patch path made absolute; skipped when GitHub resolved it since. */
function shardResult(set: ShardSet, thread: ReviewThread): JobResult {
  const lane = set.plan.lanes.find((l) => l.threads.includes(thread.id))!.name;
  const skipped = (error: string): JobResult => ({ threadId: thread.id, lane, status: 'skipped', attempts: 0, exitCode: null, signal: null, startedAt: null, durationMs: 0, error });
  const from = set.threads.get(thread.id);
  if (!from) return skipped('its shard reported nothing for it (the shard stopped before its job ran)');
  const r = from.thread.result;
  if (thread.isResolved) return { ...r, status: 'skipped', error: 'resolved on GitHub since the shards ran: its fix was not integrated' };
  const patch = r.fix?.patch;
  return patch && r.fix ? { ...r, fix: { ...r.fix, patch: path.resolve(from.folder.dir, patch) } } : r;
}
