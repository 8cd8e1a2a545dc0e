import * as assert from 'node:assert/strict';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredThread } from '../github/storeModel';
import { reportOf } from './harness/isolation';
import { assertOneLineError, cloneOf, SAMPLE_PR_ARGS } from './harness/shardRuns';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §3/§4 for sharded runs: a wrong --shard, a missing, garbled or mismatched emit folder,
// a shard emitted against another head — each is one clear line on stderr, exit 2, and
// nothing is integrated, committed, replied to or resolved.

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fix a' },
  { path: 'b.txt', line: 1, body: 'fix b' },
  { path: 'c.txt', line: 1, body: 'fix c' },
];
const RUN = ['--exec', 'echo fixed >> "$PRT_PATH"', '--workers', '3'];

type Manifest = Record<string, unknown> & { tips: Record<string, string> };

describe('sharded runs: bad input', () => {
  let ws: Workspace;
  let threads: StoredThread[];
  let base: string;
  /** Good emit folders of one 2-shard run, kept pristine; each test works on copies. */
  let good: string[];
  /** Shard 2/2 of the same run, emitted in a clone whose HEAD had moved on. */
  let moved: string;
  let n = 0;

  async function emit(clone: string, spec: string, dir: string): Promise<void> {
    const r = await ws.prt(['run', ...RUN, ...SAMPLE_PR_ARGS, '--shard', spec, '--emit', dir], { cwd: clone });
    assert.equal(r.code, 0, r.stderr);
  }

  before(async function () {
    this.timeout(60_000);
    ws = await Workspace.create();
    threads = await seedSample(ws, FILES, THREADS);
    base = await git(ws.repo, ['rev-parse', 'HEAD']);
    good = [path.join(ws.root, 'good-1'), path.join(ws.root, 'good-2')];
    await emit(await cloneOf(ws, 'runner-1'), '1/2', good[0]);
    await emit(await cloneOf(ws, 'runner-2'), '2/2', good[1]);
    const other = await cloneOf(ws, 'runner-moved');
    await writeFile(path.join(other, 'z.txt'), 'pushed meanwhile\n');
    await git(other, ['add', 'z.txt']);
    await git(other, ['commit', '--quiet', '-m', 'pushed meanwhile']);
    moved = path.join(ws.root, 'moved-2');
    await emit(other, '2/2', moved);
  });
  after(async () => {
    await ws.dispose();
  });
  beforeEach(() => {
    ws.gh.resetLog();
  });
  afterEach(async () => {
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 0, 'nothing written to GitHub');
    assert.ok(threads.every((t) => !t.isResolved && t.comments.length === 1), 'no thread replied to or resolved');
    assert.equal(await git(ws.repo, ['rev-parse', 'HEAD']), base, 'no commit');
    assert.equal(await git(ws.repo, ['status', '--porcelain']), '', 'the work tree untouched');
    assert.equal(await git(ws.repo, ['for-each-ref', 'refs/prt']), '', 'no temporary ref left');
  });

  /** Copies of the good folders, the first changed by `edit` (its manifest, its folder). */
  async function copies(edit?: (manifest: Manifest, dir: string) => Promise<Manifest | string | void>): Promise<string[]> {
    const dirs = [];
    for (const g of good) {
      const d = path.join(ws.root, `copy-${++n}`);
      await cp(g, d, { recursive: true });
      dirs.push(d);
    }
    if (edit) {
      const file = path.join(dirs[0], 'manifest.json');
      const changed = await edit(JSON.parse(await readFile(file, 'utf8')) as Manifest, dirs[0]);
      if (changed !== undefined) await writeFile(file, typeof changed === 'string' ? changed : JSON.stringify(changed));
    }
    return dirs;
  }

  const integrate = (args: readonly string[], cwd = ws.repo) => ws.prt(['integrate', ...args, '--commit-per-thread', '--write-interval', '0'], { cwd });

  describe('prt run --shard', () => {
    for (const spec of ['0/2', '3/2', '2', '1/2/3', 'two/three', '1/65', '-1/2', '', '1 / 2 x']) {
      it(`refuses --shard ${JSON.stringify(spec)}, naming the form`, async () => {
        const r = await ws.prt(['run', ...RUN, `--shard=${spec}`, '--emit', path.join(ws.root, 'never')]);
        assertOneLineError(r, /--shard must be I\/N with 1 ≤ I ≤ N ≤ 64, e\.g\. --shard 2\/3/);
        assert.equal(ws.gh.requests.length, 0, 'refused before any request');
      });
    }

    it('refuses --shard without --emit', async () => {
      assertOneLineError(await ws.prt(['run', ...RUN, '--shard', '1/2']), /--shard I\/N needs --emit DIR/);
    });

    for (const flag of [['--push'], ['--commit-per-thread'], ['--verify', 'true'], ['--reply', 'x'], ['--no-resolve'], ['--review']]) {
      it(`refuses ${flag[0]} on a shard: prt integrate does that`, async () => {
        const r = await ws.prt(['run', ...RUN, '--shard', '1/2', '--emit', path.join(ws.root, 'never'), ...flag]);
        assertOneLineError(r, new RegExp(`${flag[0]} does not go with --shard/--emit: .*prt integrate DIR… ${flag[0]}`));
      });
    }

    it('refuses --isolation none: each fix is handed over as its own commit', async () => {
      assertOneLineError(await ws.prt(['run', ...RUN, '--isolation', 'none', '--shard', '1/2', '--emit', path.join(ws.root, 'never')]), /needs --isolation worktree/);
    });

    it('refuses an --emit that is a file, or a folder holding other things, before anything runs', async () => {
      const file = path.join(ws.root, 'a-file');
      await writeFile(file, 'x');
      assertOneLineError(await ws.prt(['run', ...RUN, '--shard', '1/2', '--emit', file]), /--emit ".*a-file" is a file: name a folder/);
      const busy = path.join(ws.root, 'busy');
      await mkdir(busy);
      await writeFile(path.join(busy, 'notes.md'), 'mine');
      assertOneLineError(await ws.prt(['run', ...RUN, '--shard', '1/2', '--emit', busy]), /holds other files \(e\.g\. "notes\.md"\)/);
      assert.equal(await readFile(path.join(busy, 'notes.md'), 'utf8'), 'mine');
      assert.equal(ws.gh.requests.length, 0);
    });
  });

  describe('prt integrate', () => {
    it('needs the folders', async () => {
      assertOneLineError(await integrate([]), /prt integrate needs the shards' folders: prt integrate DIR…/);
    });

    it('refuses a folder that does not exist or holds no manifest', async () => {
      assertOneLineError(await integrate([good[0], path.join(ws.root, 'nowhere')]), /"\/.*nowhere" holds no manifest\.json: give the folders prt run --shard I\/N --emit DIR wrote/);
      const empty = path.join(ws.root, 'empty');
      await mkdir(empty, { recursive: true });
      assertOneLineError(await integrate([empty, good[1]]), /holds no manifest\.json/);
    });

    it('refuses a manifest that is not JSON, of another format or version, or damaged', async () => {
      assertOneLineError(await integrate(await copies(async () => '{"format": "pr-thread-runner/shard", tru')), /manifest\.json is not JSON: the shard's artifact is damaged; run the shard again/);
      assertOneLineError(await integrate(await copies(async (m) => ({ ...m, format: 'something/else' }))), /holds no shard manifest of prt run --shard/);
      assertOneLineError(await integrate(await copies(async (m) => ({ ...m, version: 2 }))), /shard format version 2, and this prt reads version 1/);
      assertOneLineError(await integrate(await copies(async (m) => ({ ...m, base: 'HEAD~1' }))), /the shard manifest is damaged/);
      assertOneLineError(await integrate(await copies(async (m) => ({ ...m, threads: [{ id: 'x' }] }))), /the shard manifest is damaged/);
    });

    it('refuses a set with a shard missing or given twice', async () => {
      assertOneLineError(await integrate([good[0]]), /shard 2\/2 missing: give every shard's folder/);
      const again = path.join(ws.root, 'again-1');
      await cp(good[0], again, { recursive: true });
      assertOneLineError(await integrate([good[0], again, good[1]]), /shard 1\/2 is given twice/);
    });

    it('refuses shards of different runs: another shard count, another pull request, another plan', async () => {
      assertOneLineError(await integrate(await copies(async (m) => ({ ...m, shard: { index: 1, count: 3 } }))), /the shards are not of one run: ".*" is one of 2 shards, ".*" one of 3; give the folders of one sharded run/);
      assertOneLineError(await integrate(await copies(async (m) => ({ ...m, pr: 7 }))), /the shards are not of one run: ".*" is for pull request #1, ".*" #7; give the folders of one sharded run/);
      const replanned = await copies(async (m) => ({ ...m, plan: { strategy: 'by-file', lanes: [] } }));
      assertOneLineError(await integrate(replanned), /the shards planned differently .*run all the shards again/);
    });

    it('refuses a shard emitted against another head, and a HEAD that is not the shards\' base', async () => {
      assertOneLineError(await integrate([good[0], moved]), /the shards are not of one run: ".*moved-2" is based on commit [0-9a-f]{12}, ".*good-1" [0-9a-f]{12}/);
      // Both shards of the moved run (the good shard 1 re-based by hand) in a clone at the old head.
      const m1 = await copies(async (m) => ({ ...m, base: JSON.parse(await readFile(path.join(moved, 'manifest.json'), 'utf8')).base as string }));
      assertOneLineError(await integrate([m1[0], moved]), new RegExp(`the shards fixed commit [0-9a-f]{12}, but HEAD is ${base.slice(0, 12)}: check out the commit the shards ran on`));
    });

    it('refuses fixes for another repository or pull request than the one it works on', async () => {
      const other = await copies();
      for (const d of other) {
        const file = path.join(d, 'manifest.json');
        await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), repo: 'acme/other' }));
      }
      assertOneLineError(await integrate(other), /holds fixes for acme\/other, but this repository is acme\/app/);
      assertOneLineError(await integrate([...good, '--pr', '2']), /holds fixes for pull request #1, not #2/);
    });

    it('refuses a bundle that is garbled, missing, or not the one its manifest names', async () => {
      assertOneLineError(await integrate(await copies(async (_m, dir) => writeFile(path.join(dir, 'fixes.bundle'), 'PK\u0003\u0004 not a bundle'))), /fixes\.bundle is not a git bundle: give the folder prt run --emit wrote/);
      assertOneLineError(await integrate(await copies(async (_m, dir) => rm(path.join(dir, 'fixes.bundle')))), /cannot read the bundle .*fixes\.bundle \(ENOENT\)/);
      // Shard 1's manifest with shard 2's bundle: the tips it names are not there.
      const swapped = await copies(async (_m, dir) => cp(path.join(good[1], 'fixes.bundle'), path.join(dir, 'fixes.bundle')));
      assertOneLineError(await integrate(swapped), /the bundle does not hold lane worker-1's fixes as the manifest says; the shard's artifact is damaged, run the shard again/);
      const truncated = await copies(async (_m, dir) => {
        const bundle = await readFile(path.join(dir, 'fixes.bundle'));
        await writeFile(path.join(dir, 'fixes.bundle'), bundle.subarray(0, bundle.length - 40));
      });
      assertOneLineError(await integrate(truncated), /fixes\.bundle is not a git bundle prt can read/);
    });

    it('refuses --push without a commit, and --json still prints a report with the error', async () => {
      const r = await ws.prt(['integrate', ...good, '--push', '--json']);
      assertOneLineError(r, /--push needs --commit or --commit-per-thread/);
      assert.match(reportOf(r).error ?? '', /--push needs --commit/);
    });

    it('refuses options of prt run it does not take', async () => {
      assertOneLineError(await integrate([...good, '--exec', 'true']), /--exec/);
    });
  });
});
