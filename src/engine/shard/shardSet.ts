import { UserFacingError } from '../../common/errors';
import type { Plan } from '../../model/plan';
import { shardOfLane } from './shardAssignment';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type ShardFolder, type ShardManifest, type ShardThread } from './shardManifest';

/** The shards of one sharded run, checked to belong together. */
export interface ShardSet {
  readonly repo: string;
  readonly pr: number;
  readonly base: string;
  readonly count: number;
  readonly plan: Plan;
  /** In shard order. */
  readonly folders: readonly ShardFolder[];
  /** Every thread the shards ran, by id, with the folder it came from. */
  readonly threads: ReadonlyMap<string, { readonly thread: ShardThread; readonly folder: ShardFolder }>;
}

function samePlan(a: Plan, b: Plan): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const where = (f: ShardFolder) => JSON.stringify(f.dir);

/**
 * Checks that the manifests are the shards of one run: same repository, pull request, base
 * commit, shard count and plan; each shard exactly once; each shard's lanes those the plan
 * gives it. `expected` is the repository (and pull request, when given) `prt integrate`
 * works on.
 * @throws UserFacingError in one line naming the folders that disagree and what to do.
 */
export function checkShards(folders: readonly ShardFolder[], expected: { readonly repo: string; readonly pr?: number }): ShardSet {
  if (folders.length === 0) throw new UserFacingError('prt integrate needs the folders that prt run --shard I/N --emit DIR wrote, e.g. prt integrate shard-1 shard-2');
  for (const f of folders) checkFormat(f);
  const first = folders[0];
  const m0 = first.manifest;
  const differs = (what: string, f: ShardFolder, a: string, b: string) =>
    new UserFacingError(`the shards are not of one run: ${where(f)} is ${what} ${a}, ${where(first)} ${b}; give the folders of one sharded run`);
  for (const f of folders.slice(1)) {
    const m = f.manifest;
    if (m.repo.toLowerCase() !== m0.repo.toLowerCase()) throw differs('for', f, m.repo, m0.repo);
    if (m.pr !== m0.pr) throw differs('for pull request', f, `#${m.pr}`, `#${m0.pr}`);
    if (m.base !== m0.base) throw differs('based on commit', f, m.base.slice(0, 12), m0.base.slice(0, 12));
    if (m.shard.count !== m0.shard.count) throw differs('one of', f, `${m.shard.count} shards`, `one of ${m0.shard.count}`);
    if (!samePlan(m.plan, m0.plan)) {
      throw new UserFacingError(
        `the shards planned differently (${where(f)} and ${where(first)}): the pull request's threads changed between them; run all the shards again`,
      );
    }
  }
  if (m0.repo.toLowerCase() !== expected.repo.toLowerCase()) {
    throw new UserFacingError(`${where(first)} holds fixes for ${m0.repo}, but this repository is ${expected.repo}: run prt integrate in a clone of ${m0.repo} (or pass --repo)`);
  }
  if (expected.pr !== undefined && expected.pr !== m0.pr) {
    throw new UserFacingError(`${where(first)} holds fixes for pull request #${m0.pr}, not #${expected.pr}: drop --pr or give that pull request's shards`);
  }
  const byIndex = new Map<number, ShardFolder>();
  for (const f of folders) {
    const twice = byIndex.get(f.manifest.shard.index);
    if (twice) throw new UserFacingError(`shard ${f.manifest.shard.index}/${m0.shard.count} is given twice (${where(twice)} and ${where(f)}): give each shard's folder once`);
    byIndex.set(f.manifest.shard.index, f);
  }
  const missing = Array.from({ length: m0.shard.count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    throw new UserFacingError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${m0.shard.count}`).join(', ')} missing: give every shard's folder (a shard with nothing to do writes one too)`);
  }
  const ordered = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f);
  const threads = new Map<string, { thread: ShardThread; folder: ShardFolder }>();
  for (const f of ordered) {
    const lanes = m0.plan.lanes.filter((_, i) => shardOfLane(i + 1, m0.shard.count) === f.manifest.shard.index).map((l) => l.name);
    if (JSON.stringify(lanes) !== JSON.stringify(f.manifest.lanes)) {
      throw new UserFacingError(`${where(f)} ran lanes ${f.manifest.lanes.join(', ') || '(none)'}, but the plan gives shard ${f.manifest.shard.index} ${lanes.join(', ') || 'none'}: it was not written by this version of prt run --shard`);
    }
    for (const t of f.manifest.threads) {
      const lane = m0.plan.lanes.find((l) => l.threads.includes(t.id));
      if (!lane || !lanes.includes(lane.name) || lane.name !== t.lane) {
        throw new UserFacingError(`${where(f)} reports thread ${t.id}, which the plan does not give to shard ${f.manifest.shard.index}: the manifest is damaged; run the shard again`);
      }
      threads.set(t.id, { thread: t, folder: f });
    }
  }
  return { repo: m0.repo, pr: m0.pr, base: m0.base, count: m0.shard.count, plan: m0.plan, folders: ordered, threads };
}

/** @throws UserFacingError when the folder's manifest is not one this version reads. */
function checkFormat(f: ShardFolder): void {
  const m = f.manifest as Partial<ShardManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== MANIFEST_FORMAT) {
    throw new UserFacingError(`${where(f)} holds no shard manifest of prt run --shard (format ${MANIFEST_FORMAT}): give the folder --emit wrote`);
  }
  if (m.version !== MANIFEST_VERSION) {
    throw new UserFacingError(`${where(f)} was written in shard format version ${String(m.version)}, and this prt reads version ${MANIFEST_VERSION}: run the shards and prt integrate with one version of prt`);
  }
  const ok =
    typeof m.repo === 'string' && typeof m.pr === 'number' && typeof m.base === 'string' && /^[0-9a-f]{40,64}$/.test(m.base) &&
    typeof m.shard?.index === 'number' && typeof m.shard.count === 'number' && m.shard.index >= 1 && m.shard.index <= m.shard.count &&
    Array.isArray(m.plan?.lanes) && Array.isArray(m.lanes) && Array.isArray(m.threads) && typeof m.tips === 'object' && m.tips !== null &&
    m.threads.every((t) => typeof t?.id === 'string' && typeof t.lane === 'string' && (t.commit === null || /^[0-9a-f]{40,64}$/.test(t.commit)) && typeof t.result?.status === 'string');
  if (!ok) throw new UserFacingError(`${where(f)}: the shard manifest is damaged (a field is missing or of the wrong kind); run the shard again`);
}
