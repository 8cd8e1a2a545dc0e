// The isolation figures (SPEC §5, issue 8's benchmarks): what a worktree per job slot adds
// to an instant job, integrating and landing 100 thread commits, and making a worktree of a
// 5,000-file repository against reusing it. Each works in a sandbox of its own (a private
// HOME and cache folder: never the user's cache) and removes it.
import * as path from 'node:path';
import { GitVcs } from '../../src/git/gitVcs';
import { GitWorktrees } from '../../src/git/worktrees';
import { integrateStage } from '../../src/pipeline/stages/integrate';
import { landStage } from '../../src/pipeline/stages/land';
import { BenchError } from './benchError';
import { benchSandbox, commitChanges, createRepo, EDIT_LINE_COMMAND, FILE_LINES, git, threadMix, type BenchSandbox } from './benchRepo';
import { runEngine, type EngineFixed, type EngineIsolation } from './engineBench';
import { Figure, verdict } from './figureTable';
import type { Log } from './overheadFigures';
import { roundOrder } from './overheadFigures';
import { formatDeltaMs, formatMs, formatRatio, formatRatios, formatRounds, median, pairedDifferences, pairedRatios } from './stats';

/** Figure 1: jobs a round, jobs at once, rounds (`true`), rounds of the editing reference. */
export const ISOLATION_JOBS = 100;
const ISOLATION_CONCURRENCY = 4;
const ISOLATION_ROUNDS = 5;
const EDIT_ROUNDS = 3;
/** Figure 1's bound: what a worktree may add to an instant job. */
export const ISOLATION_TARGET_MS = 30;

/** Figure 2: thread commits integrated and landed, over how many files, rounds. */
export const INTEGRATION_COMMITS = 100;
const INTEGRATION_FILES = 70;
const INTEGRATION_ROUNDS = 3;
const INTEGRATION_TARGET_MS = 3000;

/** Figure 3: the large repository, files changed by the commit a slot is reused at, rounds. */
export const LARGE_REPO_FILES = 5000;
const REUSE_CHANGED = [0, 2550, 4999];
const CREATION_ROUNDS = 5;
const REUSE_TARGET = 0.1;

/**
 * The git adapters of one `prt run` in `repo`, made anew as each run makes them (a run
 * knows nothing of the one before: its first git calls locate the repository again).
 */
function adapters(repo: string, sb: BenchSandbox): EngineIsolation {
  return { vcs: new GitVcs(repo, { env: sb.env }), worktrees: new GitWorktrees(repo, { env: sb.env }), env: sb.env };
}

/** The mean per job of `ms` over `jobs` jobs. */
function perJob(ms: number, jobs: number): number {
  return ms / jobs;
}

/**
 * Figure 1: `ISOLATION_JOBS` × `true`, 4 at once, through prt's fix stage with `--isolation
 * worktree` and with `--isolation none`, on a repository of as many small files, in
 * interleaved rounds (which goes first alternating) after a warm-up that makes the job slots
 * (a first run; every later run reuses them). The headline is the median of the rounds'
 * (worktree − none) / N. The prepare stage of each worktree run (the 4 slots reset at HEAD)
 * is timed apart: a cost per run, not per job. The same with an editing job (each one
 * rewrites its thread's line, so each isolated job makes a commit) is a reference line.
 * @throws BenchError when git or a job fails.
 */
export async function isolationCostFigures(log: Log): Promise<Figure[]> {
  const n = ISOLATION_JOBS;
  const c = ISOLATION_CONCURRENCY;
  const sb = await benchSandbox('isolation');
  try {
    const repo = path.join(sb.dir, 'repo');
    log(`figure 5: a repository of ${n} files, each thread on its own file`);
    const base = await createRepo(repo, n, sb.env);
    const spots = threadMix(n, n, n);
    const inPlace = async (command: string) => (await runEngine({ jobs: n, maxConcurrency: c, command, cwd: repo, spots })).wallMs;
    const isolated = async (command: string) => {
      const r = await runEngine({ jobs: n, maxConcurrency: c, command, cwd: repo, spots, isolation: adapters(repo, sb) });
      return { wallMs: r.wallMs, prepareMs: r.prepareMs! };
    };
    const measureSeries = async (command: string, label: string, rounds: number, afterInPlace: () => Promise<void>) => {
      const none: number[] = [];
      const worktree: number[] = [];
      const prepare: number[] = [];
      const runNone = async () => {
        none.push(await inPlace(command));
        await afterInPlace();
      };
      const runWorktree = async () => {
        const r = await isolated(command);
        worktree.push(r.wallMs);
        prepare.push(r.prepareMs);
      };
      for (let round = 0; round < rounds; round++) {
        log(`figure 5: round ${round + 1}/${rounds}: ${n} × ${label}, ${c} at once, --isolation worktree and none`);
        for (const run of roundOrder([runWorktree, runNone], [], round)) await run();
      }
      const added = pairedDifferences(worktree, none).map((d) => perJob(d, n));
      return { none, worktree, prepare, added, perJob: median(added) };
    };
    const untouched = async () => undefined;
    // The in-place editing jobs wrote into the repository: put it back (not timed).
    const restore = async () => void (await git(repo, ['checkout', '-q', '-f', base, '--', '.'], sb.env));

    log(`figure 5: warm-up (the ${c} job slots made: a first run)`);
    const first = await isolated('true');
    await inPlace('true');
    const instant = await measureSeries('true', 'true', ISOLATION_ROUNDS, untouched);
    const editing = await measureSeries(EDIT_LINE_COMMAND, 'an editing job', EDIT_ROUNDS, restore);
    const status = await git(repo, ['status', '--porcelain', '--untracked-files=all'], sb.env);
    if (status) throw new BenchError(`the isolated runs left the repository changed: ${status.split('\n')[0]}`);

    const perSlot = (ms: number) => `${(ms * c).toFixed(1)} ms`;
    return [
      {
        name: `isolation: added cost per instant job (${n} × true, ${c} at once)`,
        measured: `${formatDeltaMs(instant.perJob)} a job (${formatMs(median(instant.worktree))} vs ${formatMs(median(instant.none))})`,
        target: `≤ +${ISOLATION_TARGET_MS} ms a job`,
        verdict: verdict(instant.perJob, '<=', ISOLATION_TARGET_MS),
        notes: [
          `prt run --exec true --jobs ${c}'s fix stage on a repository of ${n} files (threads on their own files, ${c} lanes), side by side: --isolation worktree (each job: its slot reset to the lane's tip — rev-parse, checkout --detach --force, clean -ffdq — then true, then add -A, rev-parse HEAD, diff-index: nothing to commit): ${formatRounds(instant.worktree)}; --isolation none (in place): ${formatRounds(instant.none)}`,
          `(worktree − none) / ${n} per round: ${instant.added.map((d) => formatDeltaMs(d)).join(', ')}; ratio of the medians ${formatRatio(median(instant.worktree) / median(instant.none))}; each job itself runs ${perSlot(instant.perJob)} longer (× ${c} slots)`,
          `not in the fix stage, once per run: the prepare stage (${c} slots reused, reset at HEAD) ${formatRounds(instant.prepare)}; the warm-up run made the slots: prepare ${formatMs(first.prepareMs)}`,
        ],
      },
      {
        name: `isolation: added cost per editing job (${n} × a one-line edit, reference)`,
        measured: `${formatDeltaMs(editing.perJob)} a job (${formatMs(median(editing.worktree))} vs ${formatMs(median(editing.none))})`,
        target: '-',
        verdict: 'REF',
        notes: [
          `each job rewrites its thread's line with awk; isolated, each also becomes a commit (add -A, diff-index, commit, rev-parse, diff-tree --numstat), the lane's next job checks it out: worktree ${formatRounds(editing.worktree)}; none ${formatRounds(editing.none)}`,
          `(worktree − none) / ${n} per round: ${editing.added.map((d) => formatDeltaMs(d)).join(', ')}; prepare stage ${formatRounds(editing.prepare)}`,
        ],
      },
    ];
  } finally {
    await sb.remove();
  }
}

/** A repository of `LARGE_REPO_FILES` files, with a commit changing a few of them on its base. */
export interface LargeRepo {
  readonly sb: BenchSandbox;
  readonly root: string;
  /** The first commit. */
  readonly base: string;
  /** `base` plus `REUSE_CHANGED` files changed; HEAD. */
  readonly next: string;
}

/** Makes the large repository in a sandbox of its own (`sb.remove()` removes it). */
export async function largeRepo(log: Log): Promise<LargeRepo> {
  const sb = await benchSandbox('large');
  try {
    const root = path.join(sb.dir, 'repo');
    const t = performance.now();
    const base = await createRepo(root, LARGE_REPO_FILES, sb.env);
    const next = await commitChanges(root, REUSE_CHANGED, sb.env);
    log(`figures 6 and 7: a repository of ${LARGE_REPO_FILES} files made in ${formatMs(performance.now() - t)}`);
    return { sb, root, base, next };
  } catch (e) {
    await sb.remove();
    throw e;
  }
}

/**
 * Figure 7: the first `prepareSlot` of a slot (`git worktree add --detach` of the whole
 * repository) against its reuse at a commit that changes 3 files (`checkout --detach
 * --force` + `clean -ffdq`), in `CREATION_ROUNDS` rounds, the slot removed (`prt clean`'s
 * GitWorktrees.clean, not timed) before each; the headline is the median of the rounds'
 * reuse / first.
 * @throws BenchError when a slot is not made, or not reused, as it should be.
 */
export async function worktreeCreationFigure(large: LargeRepo, log: Log): Promise<Figure> {
  const first: number[] = [];
  const reuse: number[] = [];
  for (let round = 0; round < CREATION_ROUNDS; round++) {
    log(`figure 7: round ${round + 1}/${CREATION_ROUNDS}: a slot of the ${LARGE_REPO_FILES}-file repository made, then reused`);
    const { worktrees } = adapters(large.root, large.sb);
    await worktrees.clean();
    let t = performance.now();
    const made = await worktrees.prepareSlot(1, large.base);
    first.push(performance.now() - t);
    if (!made.created) throw new BenchError('prepareSlot reused a slot that clean() had removed');
    t = performance.now();
    const again = await worktrees.prepareSlot(1, large.next);
    reuse.push(performance.now() - t);
    if (again.created) throw new BenchError('prepareSlot made the slot again instead of reusing it');
    const head = await git(again.slot.path, ['rev-parse', 'HEAD'], large.sb.env);
    if (head !== large.next) throw new BenchError(`the reused slot is at ${head}, not ${large.next}`);
  }
  await adapters(large.root, large.sb).worktrees.clean();
  const ratios = pairedRatios(reuse, first);
  const ratio = median(ratios);
  return {
    name: `worktree of a ${LARGE_REPO_FILES.toLocaleString('en-US')}-file repository: reuse vs first`,
    measured: `${formatRatio(ratio)} (${formatMs(median(reuse))} vs ${formatMs(median(first))})`,
    target: `≤ ${formatRatio(REUSE_TARGET)}`,
    verdict: verdict(ratio, '<=', REUSE_TARGET),
    notes: [
      `GitWorktrees.prepareSlot(1, base) with no slot (worktree list, prune, worktree add --force --force --detach): ${formatRounds(first)}`,
      `then prepareSlot(1, a commit changing ${REUSE_CHANGED.length} files) reusing it (worktree list, checkout -q --detach --force, clean -ffdq): ${formatRounds(reuse)}; per-round ratios ${formatRatios(ratios)}`,
      `${LARGE_REPO_FILES} files of ${FILE_LINES} lines in ${LARGE_REPO_FILES / 100} folders; the slot removed by GitWorktrees.clean() before each round (not timed); a private cache folder`,
    ],
  };
}

interface IntegrationRound {
  readonly integrateMs: number;
  readonly landMs: number;
}

/**
 * Integrates and lands the fix stage's commits `rounds` times, the user's branch put back
 * at the base before each (not timed): `integrateStage` (the work tree checked clean, every
 * commit cherry-picked in plan order in the reused integration worktree, the result put into
 * the work tree), then `landStage` with `--commit-per-thread` (one `commitTree` a thread on
 * the user's branch, hooks and identity the repository's).
 * @throws BenchError when a commit is not integrated or not landed, or the branch ends wrong.
 */
async function integrateRounds(fixed: EngineFixed, root: string, sb: BenchSandbox, rounds: number, log: Log): Promise<IntegrationRound[]> {
  const { ctx, iso } = fixed;
  if (!iso) throw new BenchError('the fix stage ran without isolation');
  const byId = new Map(fixed.threads.map((t) => [t.id, t]));
  const kept = fixed.results.flatMap((r) => (r.fix?.commit ? [{ thread: byId.get(r.threadId)!, commit: r.fix.commit }] : []));
  if (kept.length !== fixed.results.length) throw new BenchError(`${kept.length} of ${fixed.results.length} isolated jobs made a commit`);
  const head = await git(root, ['rev-parse', 'HEAD'], sb.env);
  // The integration worktree is made by a repository's first integration and reused by every
  // later one; made here, its creation (a worktree add, figure 7's first) is not counted.
  await (await iso.worktrees.openIntegration(head)).close();
  const out: IntegrationRound[] = [];
  for (let round = 0; round < rounds; round++) {
    log(`figure 6: round ${round + 1}/${rounds}: ${kept.length} thread commits integrated and landed, one commit per thread`);
    await git(root, ['reset', '-q', '--hard', head], sb.env);
    const t0 = performance.now();
    const integrated = await integrateStage(ctx, iso, kept, []);
    const t1 = performance.now();
    if (integrated.kind !== 'integrated') throw new BenchError('the integration was cancelled');
    const { chain, tip } = integrated.integrated;
    if (chain.length !== kept.length) throw new BenchError(`${chain.length} of ${kept.length} thread commits integrated`);
    const landed = await landStage(ctx, integrated.integrated);
    const t2 = performance.now();
    if (landed.kind !== 'committed') throw new BenchError(`the land stage did not commit: ${landed.kind === 'failed' ? landed.error : 'skipped'}`);
    const count = Number(await git(root, ['rev-list', '--count', `${head}..HEAD`], sb.env));
    const [treeHead, treeTip] = (await git(root, ['rev-parse', 'HEAD^{tree}', `${tip}^{tree}`], sb.env)).split('\n');
    const status = await git(root, ['status', '--porcelain', '--untracked-files=all'], sb.env);
    if (count !== kept.length || treeHead !== treeTip || status) {
      throw new BenchError(`the branch ended with ${count} new commits (not ${kept.length}), ${treeHead === treeTip ? 'the integrated tree' : 'another tree'}, ${status ? 'a changed work tree' : 'a clean work tree'}`);
    }
    out.push({ integrateMs: t1 - t0, landMs: t2 - t1 });
  }
  await git(root, ['reset', '-q', '--hard', head], sb.env);
  return out;
}

/**
 * Figure 6: `INTEGRATION_COMMITS` thread commits made in job slots by prt's isolated fix
 * stage (each job rewrites its thread's line; `INTEGRATION_FILES` files, so that some carry
 * two threads, kept in one lane by the planner), then integrated and landed one commit per
 * thread on the user's branch, in `INTEGRATION_ROUNDS` rounds; the headline is the median
 * round's integrate + land.
 * @throws BenchError when a job, a pick or a commit fails.
 */
export async function integrationFigure(repo: { readonly root: string; readonly sb: BenchSandbox; readonly files: number }, log: Log): Promise<Figure> {
  const n = INTEGRATION_COMMITS;
  log(`figure 6: ${n} thread commits made in 4 job slots by the fix stage (${n} × an editing job on ${INTEGRATION_FILES} files)`);
  const spots = threadMix(n, INTEGRATION_FILES, repo.files);
  const made = await runEngine(
    { jobs: n, maxConcurrency: 4, command: EDIT_LINE_COMMAND, cwd: repo.root, spots, isolation: adapters(repo.root, repo.sb), commitPerThread: true },
    (fixed) => integrateRounds(fixed, repo.root, repo.sb, INTEGRATION_ROUNDS, log),
  );
  const rounds = made.after;
  const total = rounds.map((r) => r.integrateMs + r.landMs);
  const integrate = rounds.map((r) => r.integrateMs);
  const land = rounds.map((r) => r.landMs);
  const perCommit = (ms: number[]) => `${(median(ms) / n).toFixed(1)} ms a commit`;
  const wall = median(total);
  return {
    name: `integrating and landing ${n} thread commits (${repo.files.toLocaleString('en-US')} files)`,
    measured: `${formatMs(wall)} (integrate ${formatMs(median(integrate))} + land ${formatMs(median(land))})`,
    target: `≤ ${formatMs(INTEGRATION_TARGET_MS)}`,
    verdict: verdict(wall, '<=', INTEGRATION_TARGET_MS),
    notes: [
      `the commits: prt's isolated fix stage, ${n} × a one-line edit on ${INTEGRATION_FILES} files (${n - INTEGRATION_FILES} carry a second thread, in the same lane) in 4 job slots: ${formatMs(made.wallMs)}, not counted`,
      `integrate: integrateStage — git status of the work tree, the reused integration worktree reset at HEAD, ${n} × (cherry-pick, rev-parse HEAD, diff-tree --name-only) in plan order, read-tree -m -u into the work tree: ${formatRounds(integrate)} (${perCommit(integrate)})`,
      `land: landStage --commit-per-thread — ${n} × GitVcs.commitTree (write-tree, read-tree COMMIT, commit -q -F - with the repository's hooks, rev-parse HEAD): ${formatRounds(land)} (${perCommit(land)})`,
      `integrate + land per round: ${formatRounds(total)}; the branch checked after each (${n} new commits, the integrated tree, a clean work tree) and put back (not timed); the integration worktree made beforehand, as by a first run`,
    ],
  };
}

/**
 * Figures 6 and 7 on one repository of `LARGE_REPO_FILES` files (made once: it takes a few
 * seconds), each figure measured on its own so that one failing leaves the other; 7 runs
 * first, on a repository with no worktree yet.
 */
export async function largeRepoFigures(log: Log, measure: (name: string, fn: () => Promise<Figure | Figure[]>) => Promise<Figure[]>): Promise<Figure[]> {
  let large: LargeRepo | undefined;
  const made = await measure(`a ${LARGE_REPO_FILES}-file repository`, async () => {
    large = await largeRepo(log);
    return [];
  });
  if (!large) return made;
  const repo = large;
  try {
    const creation = await measure('worktree creation vs reuse', () => worktreeCreationFigure(repo, log));
    const integration = await measure('integrating 100 thread commits', () => integrationFigure({ root: repo.root, sb: repo.sb, files: LARGE_REPO_FILES }, log));
    return [...integration, ...creation];
  } finally {
    await repo.sb.remove();
  }
}
