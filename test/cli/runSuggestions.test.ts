import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { suggestionBody } from '../github/scenarios';
import { DEMO_FILES } from '../github/demoFiles';
import { git, seedSample, Workspace } from './harness/workspace';

interface RunJson {
  threads: { id: string; status: string; error: string | null }[];
}

describe('prt run --apply-suggestions', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  const read = (p: string) => readFile(path.join(ws.repo, p), 'utf8');

  it('applies the demo PR\'s suggestions and resolves exactly those threads', async () => {
    const pr = await ws.demo();
    const unresolved = pr.threads.filter((t) => !t.isResolved);
    const withSuggestion = unresolved.filter((t) => t.comments[0].body.includes('```suggestion'));
    assert.equal(withSuggestion.length, 8);
    const r = await ws.prt(['run', '--apply-suggestions', '--workers', '3', '--write-interval', '0', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    assert.equal(report.threads.length, unresolved.length);
    for (const t of unresolved) {
      const row = report.threads.find((x) => x.id === t.id)!;
      const expected = withSuggestion.includes(t) ? 'resolved' : 'skipped';
      assert.equal(row.status, expected, `${t.path}:${t.line}`);
      assert.equal(t.isResolved, expected === 'resolved');
    }

    const budget = await read('src/retryBudget.js');
    assert.ok(budget.includes('    this.ratio = options.ratio ?? 0.1;\n    this.minPerSecond = options.minPerSecond ?? 10;\n'));
    assert.ok(budget.includes('    this.tokens += this.ratio;\n'));
    assert.ok(budget.includes('Math.min(this.minPerSecond * 10, this.tokens + elapsed * this.minPerSecond);'));
    assert.ok((await read('src/backoff.js')).includes('options.baseMs * 2 ** (attempt - 1));'));
    const client = await read('src/httpClient.js');
    assert.ok(client.includes('const RETRYABLE = new Set([429, 502, 503, 504]);'));
    assert.ok(!client.includes("console.log('sending'"), 'the empty suggestion deletes the line');
    assert.equal(client.split('\n').length, DEMO_FILES['src/httpClient.js'].split('\n').length - 1);
    assert.ok((await read('src/config.js')).includes('parseInt(env.WIDGETS_MAX_RETRIES, 10)'));
    assert.ok((await read('README.md')).includes('Transient failures (429, 502, 503, 504)'));
    const changed = (await git(ws.repo, ['diff', '--name-only'])).split('\n').sort();
    assert.deepEqual(changed, ['README.md', 'src/backoff.js', 'src/config.js', 'src/httpClient.js', 'src/retryBudget.js']);
  });

  it('a suggestion whose lines changed fails "suggestion does not apply", leaves the file untouched and the thread unresolved', async () => {
    const files = { 'a.txt': 'one\ntwo\nthree\n', 'b.txt': 'keep\n' };
    const [changed, outdated, good] = await seedSample(ws, files, [
      { path: 'a.txt', line: 2, body: suggestionBody(['TWO']) },
      { path: 'b.txt', line: null, body: suggestionBody(['KEEP']) },
      { path: 'b.txt', line: 1, body: suggestionBody(['KEPT']) },
    ]);
    // The author changed line 2 locally since the review.
    const local = 'one\ntwo (edited)\nthree\n';
    await writeFile(path.join(ws.repo, 'a.txt'), local);
    const r = await ws.prt(['run', '--apply-suggestions', '--write-interval', '0', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as RunJson;
    for (const t of [changed, outdated]) {
      const row = report.threads.find((x) => x.id === t.id)!;
      assert.equal(row.status, 'failed', t.path);
      assert.match(row.error ?? '', /suggestion does not apply/);
      assert.equal(t.isResolved, false);
    }
    assert.equal(await read('a.txt'), local);
    assert.equal(good.isResolved, true);
    assert.equal(await read('b.txt'), 'KEPT\n');
  });
});
