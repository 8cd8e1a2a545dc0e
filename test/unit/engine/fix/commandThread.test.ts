import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildThreadCommand } from '../../../../src/engine/fix/command';
import { threadStdinJson, withThreadInput } from '../../../../src/engine/fix/threadEnv';
import { shellQuote } from '../../../../src/engine/fix/shellQuote';
import { threadToJson } from '../../../../src/model/threadJson';
import { makeThread } from '../../helpers/threads';
import { baseEnv, RUNNERS, tempDir } from './commandTestUtil';

describe('thread → command: placeholders, environment, stdin JSON', () => {
  it('quotes values as single POSIX shell words', () => {
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellQuote('$(x) `y` "z"\n'), "'$(x) `y` \"z\"\n'");
    assert.equal(shellQuote('a\0b'), "'ab'");
  });

  it('replaces each placeholder once, quoted, and leaves other braces alone', () => {
    const cmd = buildThreadCommand('fix {path}:{line} --id {id} -w {worker} {other} {path}', {
      id: 'PRRT_1',
      path: "x/{id}'y.ts",
      line: null,
      worker: 'worker-2',
    });
    assert.equal(cmd, "fix 'x/{id}'\\''y.ts':'' --id 'PRRT_1' -w 'worker-2' {other} 'x/{id}'\\''y.ts'");
  });

  it('shapes the thread JSON as prt threads --json does', () => {
    const t = makeThread({ id: 'PRRT_5', path: 'a.ts', line: 3, startLine: 1, isOutdated: true, url: 'https://u/1' });
    const second = { id: 'PRRC_b', author: 'bob', body: 'ok', createdAt: '2026-01-02T00:00:00Z', url: 'https://u/2' };
    const thread = { ...t, comments: [...t.comments, second] };
    assert.deepEqual(threadToJson(thread), {
      id: 'PRRT_5',
      path: 'a.ts',
      line: 3,
      startLine: 1,
      isOutdated: true,
      isResolved: false,
      viewerCanResolve: true,
      url: 'https://u/1',
      author: t.comments[0].author,
      body: t.comments[0].body,
      comments: [
        { id: t.comments[0].id, author: t.comments[0].author, body: t.comments[0].body, createdAt: t.comments[0].createdAt, url: t.comments[0].url },
        second,
      ],
    });
    assert.equal(threadToJson({ ...t, comments: [] }).author, 'ghost');
    assert.deepEqual(JSON.parse(threadStdinJson(thread)), threadToJson(thread));
    assert.ok(threadStdinJson(thread).endsWith('}\n'));
  });

  for (const impl of RUNNERS) describe(`hostile thread text reaches the command only as data (${impl.name})`, () => {
    let tmp: ReturnType<typeof tempDir>;
    let runner: ReturnType<typeof impl.create>;
    beforeEach(() => {
      tmp = tempDir();
      runner = impl.create();
    });
    afterEach(() => {
      runner.dispose();
      tmp.remove();
    });

    const hostileBody = [
      '$(touch pwned_subst)',
      '`touch pwned_backtick`',
      "'; touch pwned_quote; '",
      '"; touch pwned_dquote; "',
      '\n touch pwned_newline \n',
      '{path} {id} $PRT_PATH ${HOME} \\ ü ✓',
    ].join('\n');
    const hostilePath = 'src/a\'b"{id}$(touch pwned_path)`touch pwned_path2`;\nrm -rf x; \'.ts';
    const hostileId = "PRRT_'$(touch pwned_id)'";

    it('through placeholders, environment and stdin JSON, byte for byte', async () => {
      // A NUL cannot live in an environment: PRT_BODY arrives without it, the JSON keeps it escaped.
      const thread = makeThread({ id: hostileId, path: hostilePath, line: 7, body: `${hostileBody}\0!` });
      const template = [
        "printf '%s' {path} > got_path",
        "printf '%s' {id} > got_id",
        "printf '%s' {line} > got_line",
        "printf '%s' {worker} > got_worker",
        'printf \'%s\' "$PRT_BODY" > got_env_body',
        'printf \'%s\' "$PRT_PATH" > got_env_path',
        'printf \'%s\' "$PRT_THREAD_ID" > got_env_id',
        'cat > got_stdin',
      ].join('; ');
      const worker = "worker-1'$(touch pwned_worker)";
      const command = buildThreadCommand(template, { id: thread.id, path: thread.path, line: thread.line, worker });
      const r = await withThreadInput(thread, { worker, repo: 'acme/widgets', pr: 1, baseEnv: baseEnv() }, (input) =>
        runner.run({ command, cwd: tmp.dir, env: input.env, stdin: input.stdin }),
      );
      assert.equal(r.exitCode, 0, r.output);
      const got = (name: string) => readFileSync(join(tmp.dir, name), 'utf8');
      assert.equal(got('got_path'), hostilePath);
      assert.equal(got('got_id'), hostileId);
      assert.equal(got('got_line'), '7');
      assert.equal(got('got_worker'), worker);
      assert.equal(got('got_env_body'), `${hostileBody}!`);
      assert.equal(got('got_env_path'), hostilePath);
      assert.equal(got('got_env_id'), hostileId);
      assert.equal(got('got_stdin'), threadStdinJson(thread));
      assert.deepEqual(JSON.parse(got('got_stdin')), threadToJson(thread));
      const files = readdirSync(tmp.dir);
      assert.deepEqual(files.filter((f) => f.includes('pwned')), [], 'nothing in the thread text was executed');
      assert.ok(files.every((f) => f.startsWith('got_')), `unexpected files: ${files.join(', ')}`);
    });
  });
});
