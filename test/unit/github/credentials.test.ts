import * as assert from 'node:assert/strict';
import { isUserFacingError } from '../../../src/common/errors';
import { tokenFromEnv } from '../../../src/github/credentials';

describe('credentials', () => {
  it('takes GITHUB_TOKEN, else GH_TOKEN, trimmed', () => {
    assert.deepEqual(tokenFromEnv({ GITHUB_TOKEN: ' ghp_a \n', GH_TOKEN: 'ghp_b' }), { token: 'ghp_a', source: 'GITHUB_TOKEN' });
    assert.deepEqual(tokenFromEnv({ GH_TOKEN: 'ghp_b' }), { token: 'ghp_b', source: 'GH_TOKEN' });
    assert.equal(tokenFromEnv({ GITHUB_TOKEN: '  ' }), undefined);
  });

  it('refuses a token holding a newline, a control character or a space, naming the variable and never echoing it', () => {
    const cases: [Record<string, string>, string][] = [
      [{ GITHUB_TOKEN: 'ghp_first\nghp_second' }, 'GITHUB_TOKEN'],
      [{ GH_TOKEN: 'ghp_abc\u0000' }, 'GH_TOKEN'],
      [{ GH_TOKEN: 'ghp_abc\r\ndef' }, 'GH_TOKEN'],
      [{ GITHUB_TOKEN: 'Bearer ghp_abc' }, 'GITHUB_TOKEN'],
      [{ GITHUB_TOKEN: 'ghp_abc\u007f' }, 'GITHUB_TOKEN'],
    ];
    for (const [env, name] of cases) {
      assert.throws(
        () => tokenFromEnv(env),
        (e: unknown) => {
          assert.ok(isUserFacingError(e), String(e));
          const message = (e as Error).message;
          assert.ok(message.startsWith(`${name} `), message);
          assert.ok(!message.includes('\n'), 'one line');
          assert.ok(!message.includes('ghp_abc') && !message.includes('ghp_first'), message);
          return true;
        },
        JSON.stringify(env),
      );
    }
  });
});
