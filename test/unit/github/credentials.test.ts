import * as assert from 'node:assert/strict';
import { isUserFacingError } from '../../../src/common/errors';
import { enterpriseGraphqlUrl, tokenFromEnv } from '../../../src/github/credentials';

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

describe('enterpriseGraphqlUrl (prThreads.github.enterpriseUrl)', () => {
  it('takes an https URL or a bare host as people type it', () => {
    assert.equal(enterpriseGraphqlUrl('https://ghe.example.com'), 'https://ghe.example.com/api/graphql');
    assert.equal(enterpriseGraphqlUrl('https://ghe.example.com/some/path/'), 'https://ghe.example.com/api/graphql');
    assert.equal(enterpriseGraphqlUrl('ghe.example.com'), 'https://ghe.example.com/api/graphql');
    assert.equal(enterpriseGraphqlUrl('  ghe.example.com:8443 '), 'https://ghe.example.com:8443/api/graphql');
    assert.equal(enterpriseGraphqlUrl('http://ghe.internal'), 'http://ghe.internal/api/graphql');
  });

  it('refuses anything else with one line naming the setting, and never echoes credentials', () => {
    for (const bad of ['ghe example com', 'ftp://ghe.example.com', 'https://user:s3cret@ghe.example.com', 'https://', '::', 'ghe.example.com/x y', 'user:s3cret@ghe.example.com']) {
      assert.throws(() => enterpriseGraphqlUrl(bad), (e: unknown) => {
        assert.ok(isUserFacingError(e), bad);
        assert.match((e as Error).message, /^Setting prThreads\.github\.enterpriseUrl.* is not a GitHub Enterprise host or URL: set it to e\.g\. https:\/\/github\.example\.com/);
        assert.ok(!(e as Error).message.includes('s3cret'), 'credentials are never shown');
        assert.ok(!(e as Error).message.includes('\n'));
        return true;
      });
    }
  });
});
