import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { UserFacingError } from '../common/errors';
import type { FixBundles } from '../engine/shard/fixBundles';
import { gitFailed, usefulLine } from './git';
import { checkRevision, ScratchRepo } from './scratchRepo';

/** Where a shard's lane tips are named while its bundle is written. */
const EMIT_PREFIX = 'refs/prt/emit/';
/** Where an integrating clone keeps the bundles' tips until the run ends. */
const INCOMING_PREFIX = 'refs/prt/incoming/';

/** A ref name part from a lane name (`worker-3`): nothing git would refuse or read as a path. */
function refPart(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_') || '_';
}

/**
 * The FixBundles port over `git bundle`. Writing names each lane tip by a temporary ref
 * (`refs/prt/emit/<lane>`) for the moment `git bundle create` runs, the base excluded so that
 * the bundle holds only the fixes; reading checks the bundle (`git bundle verify`: the base
 * must be here) and fetches its refs under `refs/prt/incoming/<id>/`, which keep the commits
 * until `release`.
 */
export class GitFixBundles implements FixBundles {
  private readonly _repo: ScratchRepo;
  private readonly _incoming: string[] = [];

  constructor(repoRoot: string, options: { readonly env?: NodeJS.ProcessEnv } = {}) {
    this._repo = new ScratchRepo(repoRoot, options);
  }

  /** `git update-ref` per tip, `git bundle create FILE REFS… ^BASE` into a temporary file renamed into place, the refs deleted. @throws GitError */
  async write(file: string, base: string, tips: ReadonlyMap<string, string>): Promise<boolean> {
    const beyond = [...tips].filter(([, tip]) => tip !== base);
    if (beyond.length === 0) return false;
    const refs = beyond.map(([lane, tip]) => ({ ref: `${EMIT_PREFIX}${refPart(lane)}`, tip: checkRevision(tip) }));
    try {
      for (const { ref, tip } of refs) await this._repo.git(['update-ref', ref, tip]);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      const args = ['bundle', 'create', '-q', temp, ...refs.map((r) => r.ref), `^${checkRevision(base)}`];
      const r = await this._repo.gitResult(args);
      if (r.exitCode !== 0) {
        await rm(temp, { force: true });
        throw gitFailed(this._repo.repoRoot, args, r);
      }
      await rename(temp, file);
      return true;
    } finally {
      for (const { ref } of refs) await this._repo.gitResult(['update-ref', '-d', ref]);
    }
  }

  /**
   * `git bundle verify -q FILE`, then `git fetch --no-tags FILE refs/prt/emit/*:refs/prt/incoming/<id>/*`.
   * @throws UserFacingError naming the missing base commit, or the file that is no bundle.
   */
  async read(file: string): Promise<ReadonlyMap<string, string>> {
    const abs = path.resolve(file);
    const header = await readBundleHeader(abs);
    // Told by the repository's state, not git's words: each prerequisite must be here.
    for (const sha of header.prerequisites) {
      if (!(await this.hasCommit(sha))) {
        throw new UserFacingError(
          `${abs} needs commit ${sha.slice(0, 12)} (the shards' base), which this repository does not have: fetch it (git fetch origin ${sha}) or check out the pull request's head, then run again`,
        );
      }
    }
    const verify = await this._repo.gitResult(['bundle', 'verify', '-q', abs]);
    if (verify.exitCode !== 0) {
      throw new UserFacingError(`${abs} is not a git bundle prt can read: ${usefulLine(verify.stderr) ?? `git bundle verify exited ${verify.exitCode}`}`);
    }
    const id = randomBytes(4).toString('hex');
    const prefix = `${INCOMING_PREFIX}${id}/`;
    this._incoming.push(prefix);
    // verify reads the header only: a cut or damaged pack shows when it is fetched.
    const fetched = await this._repo.gitResult(['fetch', '-q', '--no-tags', '--no-write-fetch-head', abs, `+${EMIT_PREFIX}*:${prefix}*`]);
    if (fetched.exitCode !== 0) {
      throw new UserFacingError(`${abs} is not a git bundle prt can read: ${usefulLine(fetched.stderr) ?? `git fetch exited ${fetched.exitCode}`}; the shard's artifact is damaged, run the shard again`);
    }
    const listed = await this._repo.git(['for-each-ref', '--format=%(objectname) %(refname)', prefix]);
    const tips = new Map<string, string>();
    for (const line of listed.split('\n').filter(Boolean)) {
      const [sha, ref] = line.split(' ');
      tips.set(ref.slice(prefix.length), sha);
    }
    return tips;
  }

  /** `git cat-file -e COMMIT^{commit}`. */
  async hasCommit(commit: string): Promise<boolean> {
    return (await this._repo.gitResult(['cat-file', '-e', `${checkRevision(commit)}^{commit}`])).exitCode === 0;
  }

  /** `git update-ref -d` for every ref `read` made. */
  async release(): Promise<void> {
    for (const prefix of this._incoming.splice(0)) {
      const listed = await this._repo.gitResult(['for-each-ref', '--format=%(refname)', prefix]);
      for (const ref of listed.stdout.split('\n').filter(Boolean)) await this._repo.gitResult(['update-ref', '-d', ref]);
    }
  }
}

/**
 * The prerequisites a bundle names in its header (`-<sha> …` lines after `# v2 git bundle` or
 * `# v3 git bundle` and its capabilities, up to the blank line before the pack).
 * @throws UserFacingError when the file is not a git bundle.
 */
async function readBundleHeader(file: string): Promise<{ readonly prerequisites: readonly string[] }> {
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(256 * 1024);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      text = buf.subarray(0, bytesRead).toString('latin1');
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new UserFacingError(`cannot read the bundle ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}): give the folder prt run --emit wrote`);
  }
  const end = text.indexOf('\n\n');
  const lines = (end < 0 ? text : text.slice(0, end)).split('\n');
  if (!/^# v[23] git bundle$/.test(lines[0] ?? '')) throw new UserFacingError(`${file} is not a git bundle: give the folder prt run --emit wrote`);
  return { prerequisites: lines.flatMap((l) => /^-([0-9a-f]{40,64})\b/.exec(l)?.[1] ?? []) };
}
