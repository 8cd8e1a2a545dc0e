import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Slot } from '../../../src/engine/ports';
import { GitWorktrees } from '../../../src/git/worktrees';
import { sandbox, writeHook, type Sandbox } from './gitFixture';

describe('GitWorktrees: integration', function () {
  let sb: Sandbox;
  let repo: string;
  let base: string;
  let wt: GitWorktrees;
  beforeEach(() => {
    sb = sandbox();
    repo = sb.repo('project', { 'a.txt': 'a1\na2\na3\n', 'b.txt': 'b1\nb2\nb3\n' });
    base = sb.git(repo, 'rev-parse', 'HEAD');
    wt = new GitWorktrees(repo, { env: sb.env });
  });
  afterEach(() => sb.remove());

  /** A fix as a job makes it: a commit in a slot, on `on`. */
  async function fix(slotIndex: number, on: string, files: Record<string, string>): Promise<string> {
    const { slot } = await wt.prepareSlot(slotIndex, on);
    return commitIn(slot, files, `fix ${slotIndex}`);
  }
  async function commitIn(slot: Slot, files: Record<string, string>, message: string): Promise<string> {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(slot.path, name), content);
    const made = await wt.commitSlot(slot, message);
    assert.ok(made);
    return made.commit;
  }
  /** The tree is exactly its HEAD: nothing modified, staged, untracked, and no pick in progress. */
  function assertClean(tree: string, tip: string): void {
    assert.equal(sb.git(tree, 'rev-parse', 'HEAD'), tip);
    assert.equal(sb.git(tree, 'status', '--porcelain', '--untracked-files=all', '--ignored'), '');
    assert.equal(existsSync(join(sb.git(tree, 'rev-parse', '--absolute-git-dir'), 'CHERRY_PICK_HEAD')), false);
    assert.equal(existsSync(join(sb.git(tree, 'rev-parse', '--absolute-git-dir'), 'sequencer')), false);
  }
  const integrateFolder = async () => join(await wt.worktreeFolder(), 'integrate');

  it('two commits touching different files both pick, in order, each on the last tip', async () => {
    const first = await fix(1, base, { 'a.txt': 'a1\nA2\na3\n' });
    const second = await fix(2, base, { 'b.txt': 'b1\nB2\nb3\n' });
    const tree = await wt.openIntegration(base);
    assert.equal(tree.tip, base);
    const p1 = await tree.pick(first);
    assert.equal(p1.kind, 'picked');
    assert.equal(tree.tip, p1.kind === 'picked' ? p1.commit : '');
    const p2 = await tree.pick(second);
    assert.equal(p2.kind, 'picked');
    const tip = tree.tip;
    assert.equal(sb.git(repo, 'rev-parse', `${tip}~2`), base);
    assert.equal(sb.git(repo, 'show', `${tip}:a.txt`), 'a1\nA2\na3');
    assert.equal(sb.git(repo, 'show', `${tip}:b.txt`), 'b1\nB2\nb3');
    assert.equal(sb.git(repo, 'log', '-1', '--format=%cn <%ce>', tip), 'PR Thread Runner <pr-thread-runner@localhost>');
    assertClean(await integrateFolder(), tip);
    await tree.close();
    await assert.rejects(tree.pick(first), /after close/);
  });

  it('two commits changing the same line: the second is a conflict naming the file, the tip unchanged, the tree clean', async () => {
    const first = await fix(1, base, { 'a.txt': 'a1\nmine\na3\n' });
    const second = await fix(2, base, { 'a.txt': 'a1\ntheirs\na3\n', 'b.txt': 'b1\nb2\nb3\nb4\n' });
    const tree = await wt.openIntegration(base);
    const p1 = await tree.pick(first);
    assert.equal(p1.kind, 'picked');
    const tip = tree.tip;
    assert.deepEqual(await tree.pick(second), { kind: 'conflict', files: ['a.txt'] });
    assert.equal(tree.tip, tip);
    assertClean(await integrateFolder(), tip);
    // The tree goes on: a later fix that applies still picks.
    const third = await fix(3, base, { 'b.txt': 'B1\nb2\nb3\n' });
    assert.equal((await tree.pick(third)).kind, 'picked');
    assertClean(await integrateFolder(), tree.tip);
  });

  it('a commit whose change an earlier pick already made is alreadyThere, the tip unchanged', async () => {
    const first = await fix(1, base, { 'a.txt': 'a1\nsame\na3\n' });
    const again = await fix(2, base, { 'a.txt': 'a1\nsame\na3\n' });
    assert.notEqual(first, again);
    const tree = await wt.openIntegration(base);
    await tree.pick(first);
    const tip = tree.tip;
    assert.deepEqual(await tree.pick(again), { kind: 'alreadyThere' });
    assert.equal(tree.tip, tip);
    assertClean(await integrateFolder(), tip);
  });

  it("the integration tree is reused by the next run, at that run's base, and runs none of the repository's hooks", async () => {
    const ran = join(sb.dir, 'hook-ran');
    for (const hook of ['pre-commit', 'commit-msg', 'prepare-commit-msg', 'post-commit', 'post-checkout', 'post-rewrite']) {
      writeHook(repo, hook, `echo ${hook} >> '${ran}'\nexit 1`);
    }
    const one = await wt.openIntegration(base);
    await one.pick(await fix(1, base, { 'a.txt': 'x\n' }));
    await one.close();
    const folder = await integrateFolder();
    writeFileSync(join(folder, 'leftover.txt'), 'x\n');
    const next = sb.commit(repo, 'user moved on', { 'b.txt': 'user\n' });
    const two = await wt.openIntegration(next);
    assert.equal(two.tip, next);
    assertClean(folder, next);
    assert.equal(readFileSync(join(folder, 'b.txt'), 'utf8'), 'user\n');
    assert.equal(existsSync(ran), false);
  });

  it('picks asked for at once run one after another, in the order asked', async () => {
    const commits = [
      await fix(1, base, { 'a.txt': 'a1\na2\na3\na4\n' }),
      await fix(2, base, { 'b.txt': 'b0\nb1\nb2\nb3\n' }),
      await fix(3, base, { 'a.txt': 'a1\na2\nX\n' }),
    ];
    const tree = await wt.openIntegration(base);
    const outcomes = await Promise.all(commits.map((c) => tree.pick(c)));
    assert.deepEqual(outcomes.map((o) => o.kind), ['picked', 'picked', 'conflict']);
    assert.equal(sb.git(repo, 'rev-list', '--count', `${base}..${tree.tip}`), '2');
  });
});
