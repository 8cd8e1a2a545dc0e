import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// Runs the built serve.js next to this bundle (both come from `esbuild --tests`).
const SERVE = join(__dirname, 'serve.js');

describe('test GitHub: serve.js', () => {
  it('prints {url, token}, serves the demo scenario and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [SERVE, '--token', 'tok-1', '--scenario', 'demo'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url, token } = JSON.parse(line) as { url: string; token: string };
      assert.equal(token, 'tok-1');
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `bearer ${token}` },
        body: JSON.stringify({ query: '{ repository(owner: "acme", name: "widgets") { pullRequest(number: 42) { reviewThreads(first: 100) { totalCount } } } }' }),
      });
      const body = (await res.json()) as { data: { repository: { pullRequest: { reviewThreads: { totalCount: number } } } } };
      assert.equal(body.data.repository.pullRequest.reviewThreads.totalCount, 15);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });

  it('refuses an unknown scenario with exit code 2', async () => {
    const child = spawn(process.execPath, [SERVE, '--scenario', 'nope'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(stderr, /--scenario/);
  });
});
