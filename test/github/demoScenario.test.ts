import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDemoRepo, DEMO, seedDemo } from './demoScenario';
import { DEMO_FILES } from './demoFiles';
import { splitLines } from './diffHunk';
import { GitHubStore } from './store';
import { type StoredThread } from './storeModel';

const run = promisify(execFile);

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd: dir })).stdout.trim();
}

/** The lines of a thread's first ```suggestion block, or undefined when it has none. */
function suggestedLines(t: StoredThread): string[] | undefined {
  const m = /^```suggestion\r?\n([\s\S]*?)^```/m.exec(t.comments[0].body);
  if (!m) return undefined;
  return m[1] === '' ? [] : splitLines(m[1]);
}

/** Applies every suggestion to `files`, bottom-up per file so line numbers stay valid. */
function applyAll(files: Record<string, string>, threads: StoredThread[]): Record<string, string> {
  const out = { ...files };
  const byFile = new Map<string, StoredThread[]>();
  for (const t of threads) byFile.set(t.path, [...(byFile.get(t.path) ?? []), t]);
  for (const [path, list] of byFile) {
    const lines = splitLines(out[path]);
    for (const t of [...list].sort((a, b) => b.line! - a.line!)) {
      lines.splice((t.startLine ?? t.line!) - 1, (t.line! - (t.startLine ?? t.line!)) + 1, ...suggestedLines(t)!);
    }
    out[path] = lines.join('\n') + '\n';
  }
  return out;
}

describe('test GitHub: demo scenario', () => {
  const store = new GitHubStore();
  const pr = seedDemo(store);
  const threads = store.threadsOf(DEMO);
  const unresolved = threads.filter((t) => !t.isResolved);
  const withSuggestion = unresolved.filter((t) => suggestedLines(t) !== undefined);

  it('seeds acme/widgets#42 with a realistic mix of threads', () => {
    assert.equal(pr.title, DEMO.title);
    assert.equal(pr.headRefName, 'feature/retry-budget');
    assert.ok(unresolved.length >= 12 && unresolved.length <= 16, `${unresolved.length} unresolved`);
    assert.equal(threads.filter((t) => t.isResolved).length, 1);
    assert.equal(unresolved.filter((t) => t.isOutdated && t.line === null).length, 1);
    assert.ok(new Set(unresolved.map((t) => t.path)).size >= 5);
    const authors = new Set(threads.map((t) => t.comments[0].author));
    assert.ok(authors.has('coderabbitai[bot]') && authors.has('copilot-pull-request-reviewer[bot]'));
    assert.ok(authors.size >= 3 && authors.size <= 4);
    assert.ok(unresolved.some((t) => t.comments.length >= 3), 'a conversation');
    assert.ok(unresolved.some((t) => suggestedLines(t) === undefined && !t.isOutdated), 'prose comments');
    assert.ok(withSuggestion.some((t) => t.startLine === null && suggestedLines(t)!.length === 1), 'single-line');
    assert.ok(withSuggestion.some((t) => t.startLine !== null && suggestedLines(t)!.length > 1), 'multi-line');
    assert.ok(withSuggestion.some((t) => suggestedLines(t)!.length === 0), 'deletion');
    assert.deepEqual(pr.files, DEMO_FILES);
  });

  it('points every thread inside its file, with a diff hunk ending on the commented lines', () => {
    for (const t of unresolved.filter((x) => !x.isOutdated)) {
      const lines = splitLines(DEMO_FILES[t.path]);
      assert.ok(t.line! >= 1 && t.line! <= lines.length, `${t.path}:${t.line}`);
      assert.ok(t.diffHunk.endsWith(`+${lines[t.line! - 1]}`), t.diffHunk);
    }
  });

  describe('createDemoRepo', function () {
    let dir: string;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'prt-demo-'));
      await createDemoRepo(dir);
    });

    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('is a git repository on the PR branch with a base commit on main and origin on GitHub', async () => {
      assert.equal(await git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'), DEMO.headRefName);
      assert.equal(await git(dir, 'rev-list', '--count', 'main'), '1');
      assert.equal(await git(dir, 'rev-list', '--count', 'main..HEAD'), '1');
      assert.equal(await git(dir, 'log', '-1', '--format=%s'), DEMO.title);
      assert.equal(await git(dir, 'remote', 'get-url', 'origin'), 'https://github.com/acme/widgets.git');
      assert.equal(await git(dir, 'config', '--local', 'user.name'), 'Octo Dev');
      assert.ok((await git(dir, 'config', '--local', 'user.email')).includes('@'));
      assert.equal(await git(dir, 'status', '--porcelain'), '');
      assert.equal(await git(dir, 'rev-parse', 'HEAD'), DEMO.headRefOid, 'the head commit is reproducible and matches the PR');
      assert.equal(pr.headRefOid, DEMO.headRefOid);
    });

    it('holds exactly the files seedDemo serves', async () => {
      const tracked = (await git(dir, 'ls-files')).split('\n').sort();
      assert.deepEqual(tracked, Object.keys(DEMO_FILES).sort());
      for (const [path, text] of Object.entries(DEMO_FILES)) assert.equal(await readFile(join(dir, path), 'utf8'), text, path);
      assert.notEqual(await git(dir, 'diff', '--stat', 'main', 'HEAD'), '');
    });

    it('passes its own tests at head and after every suggestion is applied', async () => {
      await run(process.execPath, ['--test'], { cwd: dir });
      const applied = applyAll({ ...DEMO_FILES }, withSuggestion);
      assert.ok(applied['src/httpClient.js'].includes('new Set([429, 502, 503, 504])'));
      assert.ok(!applied['src/httpClient.js'].includes('console.log'));
      assert.ok(applied['src/retryBudget.js'].includes('options.minPerSecond ?? 10;'));
      for (const [path, text] of Object.entries(applied)) await writeFile(join(dir, path), text);
      await run(process.execPath, ['--test'], { cwd: dir });
    });
  });
});
