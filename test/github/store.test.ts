import * as assert from 'node:assert/strict';
import { computeDiffHunk } from './diffHunk';
import { numberedFile, seedBigPullRequest, suggestionBody } from './scenarios';
import { GitHubStore } from './store';

describe('test GitHub: store', () => {
  const file = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\n') + '\n';

  describe('computeDiffHunk', () => {
    it('ends with the commented line after three lines of context', () => {
      assert.equal(computeDiffHunk(file, null, 6), '@@ -3,3 +3,4 @@\n c\n d\n e\n+f');
    });

    it('ends with a multi-line range', () => {
      assert.equal(computeDiffHunk(file, 5, 7), '@@ -2,3 +2,6 @@\n b\n c\n d\n+e\n+f\n+g');
    });

    it('shows fewer context lines near the top of the file', () => {
      assert.equal(computeDiffHunk(file, null, 2), '@@ -1,1 +1,2 @@\n a\n+b');
      assert.equal(computeDiffHunk(file, null, 1), '@@ -0,0 +1,1 @@\n+a');
    });

    it('falls back to a bare header without the file or past its end', () => {
      assert.equal(computeDiffHunk(undefined, 3, 4), '@@ -2,0 +3,2 @@');
      assert.equal(computeDiffHunk(file, null, 99), '@@ -98,0 +99,1 @@');
    });
  });

  it('computes a thread diff hunk from the PR files unless one is given', () => {
    const store = new GitHubStore();
    const key = { owner: 'o', name: 'r', number: 3 };
    store.addPullRequest(key, { number: 3, headRefName: 'h', files: { 'x.txt': file } });
    const computed = store.addThread(key, { path: 'x.txt', line: 4, startLine: 3, comments: [{ author: 'a', body: 'b' }] });
    assert.equal(computed.diffHunk, '@@ -1,2 +1,4 @@\n a\n b\n+c\n+d');
    const outdated = store.addThread(key, { path: 'x.txt', line: null, originalLine: 2, comments: [{ author: 'a', body: 'b' }] });
    assert.equal(outdated.isOutdated, true);
    assert.equal(outdated.originalLine, 2);
    assert.equal(outdated.diffHunk, '@@ -1,1 +1,2 @@\n a\n+b');
    const given = store.addThread(key, { path: 'x.txt', line: 1, diffHunk: '@@ custom @@', comments: [{ author: 'a', body: 'b' }] });
    assert.equal(given.diffHunk, '@@ custom @@');
  });

  it('gives GitHub-like unique ids and monotonically increasing timestamps', () => {
    const store = new GitHubStore();
    const key = { owner: 'o', name: 'r', number: 1 };
    const pr = store.addPullRequest(key, { number: 1, headRefName: 'h' });
    const a = store.addThread(key, { path: 'p', line: 1, comments: [{ author: 'x', body: '1' }, { author: 'y', body: '2' }] });
    const b = store.addThread(key, { path: 'p', line: 2, comments: [{ author: 'x', body: '3', createdAt: '2030-01-01T00:00:00Z' }] });
    const reply = store.addComment(a.id, { author: 'z', body: '4' });
    assert.match(store.getRepository('O', 'R')!.id, /^R_[A-Za-z0-9_-]+$/);
    assert.match(pr.id, /^PR_[A-Za-z0-9_-]+$/);
    assert.match(a.id, /^PRRT_[A-Za-z0-9_-]+$/);
    assert.match(reply.id, /^PRRC_[A-Za-z0-9_-]+$/);
    const ids = [pr.id, a.id, b.id, ...a.comments.map((c) => c.id), ...b.comments.map((c) => c.id)];
    assert.equal(new Set(ids).size, ids.length);
    const times = [...a.comments.slice(0, 2), b.comments[0], reply].map((c) => c.createdAt);
    assert.deepEqual(times, [...times].sort());
    assert.ok(reply.createdAt > '2030-01-01T00:00:00Z');
    assert.equal(store.getThread(a.id)?.comments.length, 3);
    assert.deepEqual(store.threadsOf(key).map((t) => t.id), [a.id, b.id]);
    assert.equal(store.getThread(reply.id), undefined);
    assert.equal(pr.updatedAt, reply.createdAt);
    assert.throws(() => store.addPullRequest(key, { number: 1, headRefName: 'h' }));
    assert.throws(() => store.addThread({ ...key, number: 2 }, { path: 'p', line: 1, comments: [{ author: 'x', body: 'y' }] }));
  });

  it('marks bots by flag or by their [bot] login', () => {
    const store = new GitHubStore();
    const key = { owner: 'o', name: 'r', number: 1 };
    store.addPullRequest(key, { number: 1, headRefName: 'h' });
    const t = store.addThread(key, {
      path: 'p',
      line: 1,
      comments: [{ author: 'coderabbitai[bot]', body: 'a' }, { author: 'renovate', body: 'b', isBot: true }, { author: 'mona', body: 'c' }, { author: null, body: 'd' }],
    });
    assert.deepEqual(t.comments.map((c) => c.isBot), [true, true, false, false]);
  });

  it('seeds a big pull request with the asked-for mix', () => {
    const store = new GitHubStore();
    const seeded = seedBigPullRequest(store, { owner: 'acme', name: 'big', number: 7, threads: 250, longThread: { comments: 130 }, outdated: 5, resolved: 10 });
    assert.equal(seeded.threads.length, 250);
    assert.equal(seeded.resolved.length, 10);
    assert.equal(seeded.outdated.length, 5);
    assert.equal(seeded.unresolved.length, 240);
    assert.equal(seeded.longThread?.comments.length, 130);
    assert.equal(seeded.longThread?.isResolved, false);
    assert.ok(seeded.outdated.every((t) => t.line === null && t.originalLine !== null));
    assert.ok(new Set(seeded.threads.map((t) => t.path)).size >= 20);
    assert.ok(seeded.threads.every((t) => t.diffHunk.startsWith('@@ -') && t.diffHunk.includes('\n+')));
  });

  it('builds suggestion bodies and numbered files', () => {
    assert.equal(suggestionBody(['x'], 'Try:'), 'Try:\n\n```suggestion\nx\n```\n');
    assert.equal(suggestionBody([]), 'Suggested change:\n\n```suggestion\n```\n');
    assert.equal(numberedFile('m', 2), 'export const m_line1 = 1;\nexport const m_line2 = 2;\n');
  });
});
