import { UserFacingError } from '../../common/errors';
import { Lane, Plan, PLAN_STRATEGIES, PlanStrategy } from '../../model/plan';
import { ReviewThread, displayLine } from '../../model/thread';

export const MIN_WORKERS = 1;
export const MAX_WORKERS = 64;

/** Options for {@link planThreads}. */
export interface PlanOptions {
  /** Number of lanes K, 1..64. */
  readonly workers: number;
  readonly strategy: PlanStrategy;
}

/** Plain code-point order: the same on every machine and locale, so plans are deterministic. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders threads by file, then line, then id. */
export function compareThreads(a: ReviewThread, b: ReviewThread): number {
  return (
    compareText(a.path, b.path) ||
    (displayLine(a) ?? 0) - (displayLine(b) ?? 0) ||
    compareText(a.id, b.id)
  );
}

/**
 * Estimated effort of fixing one thread: a conversation with more comments and more text
 * usually asks for more work. The weights only need to rank threads sensibly.
 */
export function threadEffort(t: ReviewThread): number {
  const chars = t.comments.reduce((n, c) => n + c.body.length, 0);
  return 1 + 0.5 * Math.max(0, t.comments.length - 1) + chars / 400;
}

interface FileGroup {
  readonly path: string;
  readonly threads: ReviewThread[];
  readonly weight: number;
}

function groupByFile(threads: readonly ReviewThread[], weigh: (t: ReviewThread) => number): FileGroup[] {
  const byPath = new Map<string, ReviewThread[]>();
  for (const t of [...threads].sort(compareThreads)) {
    const list = byPath.get(t.path);
    if (list) list.push(t);
    else byPath.set(t.path, [t]);
  }
  return [...byPath].map(([path, list]) => ({
    path,
    threads: list,
    weight: list.reduce((n, t) => n + weigh(t), 0),
  }));
}

/**
 * Longest-processing-time first: heaviest file group to the lightest lane. Keeps every file
 * in one lane, which also keeps two fixes of one file from ever running at once.
 */
function packGroups(groups: FileGroup[], workers: number): ReviewThread[][] {
  const lanes: { load: number; threads: ReviewThread[] }[] = Array.from({ length: workers }, () => ({
    load: 0,
    threads: [],
  }));
  const ordered = [...groups].sort((a, b) => b.weight - a.weight || compareText(a.path, b.path));
  for (const g of ordered) {
    let target = lanes[0];
    for (const lane of lanes) if (lane.load < target.load) target = lane;
    target.load += g.weight;
    target.threads.push(...g.threads);
  }
  return lanes.map((l) => l.threads.sort(compareThreads));
}

function roundRobin(threads: readonly ReviewThread[], workers: number): ReviewThread[][] {
  const lanes: ReviewThread[][] = Array.from({ length: workers }, () => []);
  [...threads].sort(compareThreads).forEach((t, i) => lanes[i % workers].push(t));
  return lanes;
}

/** Names lanes `worker-1…` in order and drops lanes left empty (fewer files than workers). */
function toPlan(strategy: Plan['strategy'], lanes: ReviewThread[][]): Plan {
  const kept = lanes.filter((l) => l.length > 0);
  return {
    strategy,
    lanes: kept.map((l, i): Lane => ({ name: `worker-${i + 1}`, threads: l.map((t) => t.id) })),
  };
}

/**
 * Splits threads into at most `workers` lanes. Pure and deterministic: the same threads and
 * options always give the same plan, whatever order the threads arrive in.
 * @throws UserFacingError when the worker count is out of range.
 */
export function planThreads(threads: readonly ReviewThread[], options: Readonly<PlanOptions>): Plan {
  const workers = validateWorkers(options.workers);
  switch (options.strategy) {
    case 'by-file':
      return toPlan('by-file', packGroups(groupByFile(threads, () => 1), workers));
    case 'balanced':
      return toPlan('balanced', packGroups(groupByFile(threads, threadEffort), workers));
    case 'round-robin':
      return toPlan('round-robin', roundRobin(threads, workers));
    default:
      throw new UserFacingError(`unknown strategy "${String(options.strategy)}": use one of ${PLAN_STRATEGIES.join(', ')}`);
  }
}

function validateWorkers(n: number): number {
  if (!Number.isInteger(n) || n < MIN_WORKERS || n > MAX_WORKERS) {
    throw new UserFacingError(`worker count must be a whole number from ${MIN_WORKERS} to ${MAX_WORKERS} (got ${n})`);
  }
  return n;
}

/**
 * Parses a worker count typed by a user (`--workers`, a setting, an input box).
 * @throws UserFacingError naming the accepted range.
 */
export function parseWorkers(text: string, what = '--workers'): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    throw new UserFacingError(`${what} must be a whole number from ${MIN_WORKERS} to ${MAX_WORKERS} (got "${text}")`);
  }
  const n = Number(trimmed);
  if (n < MIN_WORKERS || n > MAX_WORKERS) {
    throw new UserFacingError(`${what} must be a whole number from ${MIN_WORKERS} to ${MAX_WORKERS} (got ${n})`);
  }
  return n;
}

/**
 * Parses a strategy name.
 * @throws UserFacingError listing the strategies.
 */
export function parseStrategy(text: string, what = '--strategy'): PlanStrategy {
  const s = text.trim() as PlanStrategy;
  if (!PLAN_STRATEGIES.includes(s)) {
    throw new UserFacingError(`${what} must be one of ${PLAN_STRATEGIES.join(', ')} (got "${text}")`);
  }
  return s;
}

/**
 * Moves threads to another lane (drag and drop), keeping their relative order and appending
 * them to the target. A target name that does not exist yet becomes a new lane.
 * @returns a new `manual` plan; the input is not changed.
 */
export function moveThreads(plan: Plan, threadIds: readonly string[], targetLane: string): Plan {
  const moving = new Set(threadIds);
  const ordered = plan.lanes.flatMap((l) => l.threads).filter((id) => moving.has(id));
  const lanes = plan.lanes.map((l) => ({
    name: l.name,
    threads: l.threads.filter((id) => !moving.has(id)),
  }));
  let target = lanes.find((l) => l.name === targetLane);
  if (!target) {
    target = { name: targetLane, threads: [] };
    lanes.push(target);
  }
  target.threads.push(...ordered);
  return { strategy: 'manual', lanes: lanes.filter((l) => l.threads.length > 0) };
}

/** Drops threads that are gone (resolved elsewhere) from a plan, keeping everything else. */
export function retainThreads(plan: Plan, present: ReadonlySet<string>): Plan {
  return {
    strategy: plan.strategy,
    lanes: plan.lanes
      .map((l) => ({ name: l.name, threads: l.threads.filter((id) => present.has(id)) }))
      .filter((l) => l.threads.length > 0),
  };
}

/** The lane that holds a thread, if any. */
export function laneOf(plan: Plan, threadId: string): Lane | undefined {
  return plan.lanes.find((l) => l.threads.includes(threadId));
}

/**
 * A plan made earlier (by hand, or before GitHub changed) brought up to date with the
 * threads there are now: threads gone (resolved since) drop out, new ones join the
 * lightest lane (so hand-made moves stay), and an empty plan is planned afresh.
 */
export function reconcilePlan(plan: Plan, threads: readonly ReviewThread[], options: Readonly<PlanOptions>): Plan {
  const kept = retainThreads(plan, new Set(threads.map((t) => t.id)));
  if (kept.lanes.length === 0) return planThreads(threads, options);
  const planned = new Set(kept.lanes.flatMap((l) => l.threads));
  const fresh = [...threads].filter((t) => !planned.has(t.id)).sort(compareThreads);
  if (fresh.length === 0) return kept;
  const lightest = kept.lanes.reduce((a, b) => (b.threads.length < a.threads.length ? b : a));
  return {
    strategy: kept.strategy,
    lanes: kept.lanes.map((l) => (l === lightest ? { name: l.name, threads: [...l.threads, ...fresh.map((t) => t.id)] } : l)),
  };
}
