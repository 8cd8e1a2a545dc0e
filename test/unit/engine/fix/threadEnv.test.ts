import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCommand } from '../../../../src/engine/fix/command';
import { ProcessGroupRegistry } from '../../../../src/engine/fix/processGroupRegistry';
import {
  createThreadInput,
  cutBody,
  isBodyFileError,
  PRT_BODY_CUT_LINE,
  PRT_BODY_MAX_BYTES,
  threadEnv,
  withThreadInput,
} from '../../../../src/engine/fix/threadEnv';
import { threadToJson } from '../../../../src/model/threadJson';
import { makeThread } from '../../helpers/threads';
import { baseEnv, started, tempDir } from './commandTestUtil';
import { checkNoProcessLeft } from './processLeaks';

const KiB = 1024;

describe('threadEnv: the PRT_ variables', () => {
  it('sets them over the base environment', () => {
    const t = makeThread({ id: 'PRRT_9', path: 'src/b.ts', line: null, startLine: null, body: 'first\0body', url: 'https://x/1' });
    const env = threadEnv(t, { worker: 'worker-3', repo: 'acme/widgets', pr: 42, baseEnv: { PATH: '/bin', GONE: undefined, PRT_PR: 'stale' }, bodyFile: '/tmp/x/body.md' });
    assert.deepEqual(env, {
      PATH: '/bin',
      PRT_THREAD_ID: 'PRRT_9',
      PRT_PATH: 'src/b.ts',
      PRT_LINE: '',
      PRT_START_LINE: '',
      PRT_BODY: 'firstbody',
      PRT_BODY_FILE: '/tmp/x/body.md',
      PRT_URL: 'https://x/1',
      PRT_WORKER: 'worker-3',
      PRT_REPO: 'acme/widgets',
      PRT_PR: '42',
    });
    const lined = threadEnv(makeThread({ line: 12, startLine: 9 }), { worker: 'w', repo: 'a/b', pr: 1, baseEnv: {}, bodyFile: 'f' });
    assert.equal(lined.PRT_LINE, '12');
    assert.equal(lined.PRT_START_LINE, '9');
  });

  it('cuts a long body at 64 KiB, at a character boundary, and says so on its last line', () => {
    assert.deepEqual(cutBody('short ✓'), { text: 'short ✓', cut: false });
    const exact = 'a'.repeat(PRT_BODY_MAX_BYTES);
    assert.deepEqual(cutBody(exact), { text: exact, cut: false }, 'exactly the limit is not cut');
    // 3-byte characters after one ASCII byte: the cut falls inside a character whatever the suffix.
    for (const lead of ['', 'a', 'ab']) {
      const { text, cut } = cutBody(lead + '✓'.repeat(40 * KiB));
      assert.equal(cut, true);
      assert.ok(Buffer.byteLength(text) <= PRT_BODY_MAX_BYTES, `${Buffer.byteLength(text)} bytes`);
      assert.ok(Buffer.byteLength(text) > PRT_BODY_MAX_BYTES - 8, 'only what had to go went');
      assert.ok(!text.includes('\ufffd'), 'no character was split');
      assert.ok(text.endsWith(`✓\n${PRT_BODY_CUT_LINE}`));
    }
    const astral = cutBody('😀'.repeat(20 * KiB)).text;
    assert.ok(!astral.includes('\ufffd') && astral.endsWith(`😀\n${PRT_BODY_CUT_LINE}`));
  });
});

describe('a thread whose first comment is 128 KiB or more', function () {
  const env = checkNoProcessLeft(baseEnv());
  let tmp: ReturnType<typeof tempDir>;
  let registry: ProcessGroupRegistry;
  beforeEach(() => {
    tmp = tempDir();
    registry = new ProcessGroupRegistry();
  });
  afterEach(() => {
    registry.dispose();
    tmp.remove();
  });

  // 200 KiB of text with multi-byte characters and a NUL, which only the file can hold.
  const body = `# Review\n${'Bitte ändern ✓ — '.repeat(10 * KiB)}\0tail`;
  const thread = makeThread({ body });
  const options = { worker: 'worker-1', repo: 'acme/widgets', pr: 7, baseEnv: env };

  it('still runs: PRT_BODY cut and marked, the whole body in PRT_BODY_FILE and on stdin', async () => {
    assert.ok(Buffer.byteLength(body) >= 200 * KiB);
    let bodyFile = '';
    const r = await withThreadInput(thread, options, (input) => {
      bodyFile = input.bodyFile;
      assert.equal(input.env.PRT_BODY_FILE, input.bodyFile);
      return runCommand({
        command: 'printf "%s" "$PRT_BODY" > env_body; cat "$PRT_BODY_FILE" > file_body; cat > stdin_json',
        cwd: tmp.dir,
        env: input.env,
        stdin: input.stdin,
        registry,
      });
    });
    assert.equal(r.exitCode, 0, r.output);
    const envBody = readFileSync(join(tmp.dir, 'env_body'), 'utf8');
    assert.ok(Buffer.byteLength(envBody) <= PRT_BODY_MAX_BYTES);
    assert.ok(envBody.startsWith('# Review\nBitte ändern ✓'));
    assert.ok(envBody.endsWith(`\n${PRT_BODY_CUT_LINE}`), 'marked as cut');
    assert.equal(readFileSync(join(tmp.dir, 'file_body'), 'utf8'), body, 'the file holds all of it, byte for byte');
    assert.deepEqual(JSON.parse(readFileSync(join(tmp.dir, 'stdin_json'), 'utf8')), threadToJson(thread), 'stdin too');
    assert.equal(existsSync(bodyFile), false, 'the file is gone after the job');
    assert.equal(existsSync(dirname(bodyFile)), false, 'and so is its folder');
  });

  it('keeps the file private: a folder of its own (0700), the file 0600', async () => {
    const input = await createThreadInput(thread, options);
    try {
      assert.equal(statSync(dirname(input.bodyFile)).mode & 0o777, 0o700);
      assert.equal(statSync(input.bodyFile).mode & 0o777, 0o600);
      assert.equal(readFileSync(input.bodyFile, 'utf8'), body);
    } finally {
      input.dispose();
    }
    assert.equal(existsSync(dirname(input.bodyFile)), false);
    input.dispose(); // twice is harmless
  });

  it('removes the file when the job is killed or times out', async () => {
    for (const how of ['abort', 'timeout'] as const) {
      const controller = new AbortController();
      let bodyFile = '';
      const r = await withThreadInput(thread, options, async (input) => {
        bodyFile = input.bodyFile;
        const s = started({
          command: 'echo ready; sleep 1000',
          cwd: tmp.dir,
          env: input.env,
          registry,
          killGraceMs: 50,
          ...(how === 'abort' ? { signal: controller.signal } : { timeoutMs: 100 }),
        });
        if (how === 'abort') {
          await s.waitFor('ready');
          assert.ok(existsSync(input.bodyFile), 'there while the job runs');
          controller.abort();
        }
        return s.result;
      });
      assert.equal(how === 'abort' ? r.aborted : r.timedOut, true, how);
      assert.equal(existsSync(dirname(bodyFile)), false, `gone after ${how}`);
    }
  });

  it('says what to do when the file cannot be written', async () => {
    await assert.rejects(createThreadInput(thread, options, join(tmp.dir, 'missing')), (e: unknown) => {
      assert.ok(isBodyFileError(e));
      assert.match((e as Error).message, /\(ENOENT\): check that the folder is writable/);
      return true;
    });
  });
});
