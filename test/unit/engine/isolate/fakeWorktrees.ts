import type { ThreadChanges } from '../../../../src/model/job';
import type { CleanResult, IntegrationTree, PickOutcome, Slot, Worktrees } from '../../../../src/engine/ports';

type Files = Record<string, string>;

interface FakeCommit {
  readonly parent: string | undefined;
  readonly files: Files;
  readonly message: string;
}

/**
 * Worktrees in memory: commits are snapshots of files, a slot is a working copy. Cherry-picks
 * follow git's rule per file: the change applies when the tip still holds the parent's text.
 */
export class FakeWorktrees implements Worktrees {
  readonly commits = new Map<string, FakeCommit>();
  readonly slots = new Map<number, { slot: Slot; at: string; files: Files }>();
  readonly patches = new Map<string, Files>();
  readonly created: number[] = [];
  /** Most slots ever checked out by jobs at once. */
  maxBusy = 0;
  private _busy = new Set<number>();
  private _seq = 0;

  constructor(base: Files) {
    this.commits.set('base', { parent: undefined, files: { ...base }, message: 'base' });
  }

  private _newSha(): string {
    return `c${++this._seq}`;
  }

  /** The working copy of a slot, for fake jobs to edit. */
  files(slotPath: string): Files {
    return [...this.slots.values()].find((s) => s.slot.path === slotPath)!.files;
  }

  /** Marks a slot busy while a fake job runs in it (the test checks the bound). */
  enter(slotPath: string): () => void {
    const index = [...this.slots.values()].find((s) => s.slot.path === slotPath)!.slot.index;
    this._busy.add(index);
    this.maxBusy = Math.max(this.maxBusy, this._busy.size);
    return () => this._busy.delete(index);
  }

  async prepareSlot(index: number, commit: string) {
    const existing = this.slots.get(index);
    if (existing) {
      await this.resetSlot(existing.slot, commit);
      return { slot: existing.slot, created: false };
    }
    const slot = { index, path: `/fake/slot-${index}` };
    this.slots.set(index, { slot, at: commit, files: { ...this.commits.get(commit)!.files } });
    this.created.push(index);
    return { slot, created: true };
  }

  async resetSlot(slot: Slot, commit: string): Promise<void> {
    const s = this.slots.get(slot.index)!;
    s.at = commit;
    s.files = { ...this.commits.get(commit)!.files };
  }

  async commitSlot(slot: Slot, message: string): Promise<{ commit: string; changes: ThreadChanges } | undefined> {
    const s = this.slots.get(slot.index)!;
    const before = this.commits.get(s.at)!.files;
    const changed = changedPaths(before, s.files);
    if (changed.length === 0) return undefined;
    const sha = this._newSha();
    this.commits.set(sha, { parent: s.at, files: { ...s.files }, message });
    s.at = sha;
    return { commit: sha, changes: { files: changed.length, insertions: changed.length, deletions: changed.length } };
  }

  async savePatch(slot: Slot, file: string): Promise<boolean> {
    const s = this.slots.get(slot.index)!;
    if (changedPaths(this.commits.get(s.at)!.files, s.files).length === 0) return false;
    this.patches.set(file, { ...s.files });
    return true;
  }

  async saveCommitPatch(commit: string, file: string): Promise<void> {
    this.patches.set(file, { ...this.commits.get(commit)!.files });
  }

  async changedFiles(commit: string): Promise<string[]> {
    const c = this.commits.get(commit)!;
    return changedPaths(this.commits.get(c.parent!)!.files, c.files);
  }

  async diffText(base: string, commit: string): Promise<string> {
    const a = this.commits.get(base)!.files;
    const b = this.commits.get(commit)!.files;
    return changedPaths(a, b).map((f) => `--- ${f}\n-${a[f] ?? ''}\n+${b[f] ?? ''}`).join('\n');
  }

  async fileAt(commit: string, path: string): Promise<Buffer | undefined> {
    const text = this.commits.get(commit)?.files[path];
    return text === undefined ? undefined : Buffer.from(text);
  }

  async openIntegration(base: string): Promise<IntegrationTree> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    let tip = base;
    return {
      get tip() {
        return tip;
      },
      async pick(commit: string): Promise<PickOutcome> {
        const c = self.commits.get(commit)!;
        const parent = self.commits.get(c.parent!)!.files;
        const at = { ...self.commits.get(tip)!.files };
        const conflicts: string[] = [];
        let changed = false;
        for (const f of changedPaths(parent, c.files)) {
          if (at[f] === c.files[f]) continue;
          if (at[f] !== parent[f]) conflicts.push(f);
          else {
            at[f] = c.files[f];
            changed = true;
          }
        }
        if (conflicts.length) return { kind: 'conflict', files: conflicts };
        if (!changed) return { kind: 'alreadyThere' };
        const sha = self._newSha();
        self.commits.set(sha, { parent: tip, files: at, message: c.message });
        tip = sha;
        return { kind: 'picked', commit: sha };
      },
      async close() {},
    };
  }

  async patchFolder(runId: string): Promise<string> {
    return `/fake/patches/${runId}`;
  }

  async clean(): Promise<CleanResult> {
    const result = { worktrees: this.slots.size, patches: this.patches.size };
    this.slots.clear();
    this.patches.clear();
    return result;
  }
}

function changedPaths(a: Files, b: Files): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => a[f] !== b[f]).sort();
}
