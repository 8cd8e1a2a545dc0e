import * as assert from 'node:assert/strict';
import { isUserFacingError } from '../../../src/common/errors';
import { graphqlUrlForHost, parseRemoteUrl, parseRepoArg } from '../../../src/github/repo';

describe('parseRemoteUrl', () => {
  const cases: [string, { host: string; owner: string; repo: string } | undefined][] = [
    ['https://github.com/acme/widgets.git', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
    ['https://github.com/acme/widgets', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
    ['https://github.com/acme/widgets/', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
    ['https://x-access-token:ghs_SECRET@github.com/acme/widgets.git', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
    ['https://user@GitHub.com/acme/my.repo_name-2.git', { host: 'github.com', owner: 'acme', repo: 'my.repo_name-2' }],
    ['git@github.com:acme/widgets.git', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
    ['git@github.com:acme/widgets', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
    ['ssh://git@github.com/acme/widgets.git', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
    ['ssh://git@ssh.github.com:443/acme/widgets.git', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
    ['ssh://git@ghe.example.com:2222/team/tool.git', { host: 'ghe.example.com', owner: 'team', repo: 'tool' }],
    ['git://github.com/acme/widgets.git', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
    ['https://ghe.example.com:8443/team/tool', { host: 'ghe.example.com:8443', owner: 'team', repo: 'tool' }],
    ['https://github.com/acme/widgets/pull/3', undefined],
    ['https://github.com/acme', undefined],
    ['https://github.com/acme/..', undefined],
    ['https://github.com/acme/%2e%2e', undefined],
    ['file:///tmp/acme/widgets.git', undefined],
    ['/home/me/widgets', undefined],
    ['C:/work/widgets', undefined],
    ['not a url', undefined],
    ['', undefined],
  ];
  for (const [url, expected] of cases) {
    it(`${url || '(empty)'} → ${expected ? `${expected.host} ${expected.owner}/${expected.repo}` : 'undefined'}`, () => {
      assert.deepEqual(parseRemoteUrl(url), expected);
    });
  }

  it('never returns the credentials of the URL', () => {
    const parsed = parseRemoteUrl('https://me:ghp_TOPSECRET@github.com/acme/widgets.git');
    assert.ok(!JSON.stringify(parsed).includes('TOPSECRET'));
  });
});

describe('graphqlUrlForHost', () => {
  it('maps github.com to api.github.com and Enterprise hosts to /api/graphql', () => {
    assert.equal(graphqlUrlForHost('github.com'), 'https://api.github.com/graphql');
    assert.equal(graphqlUrlForHost('GitHub.com'), 'https://api.github.com/graphql');
    assert.equal(graphqlUrlForHost('ghe.example.com'), 'https://ghe.example.com/api/graphql');
  });
});

describe('parseRepoArg', () => {
  it('accepts OWNER/NAME, a trailing .git and a remote URL', () => {
    assert.deepEqual(parseRepoArg('acme/widgets'), { owner: 'acme', repo: 'widgets' });
    assert.deepEqual(parseRepoArg(' acme/widgets.git '), { owner: 'acme', repo: 'widgets' });
    assert.deepEqual(parseRepoArg('git@github.com:acme/widgets.git'), { owner: 'acme', repo: 'widgets' });
  });

  for (const bad of ['acme', 'acme/widgets/extra', '../etc', 'acme/', '/widgets', 'ac me/widgets']) {
    it(`refuses ${JSON.stringify(bad)} with a message naming the expected form`, () => {
      assert.throws(() => parseRepoArg(bad), (e) => isUserFacingError(e) && /--repo must be OWNER\/NAME/.test(e.message));
    });
  }

  it('does not echo a value that could carry a token', () => {
    assert.throws(
      () => parseRepoArg('https://me:ghp_TOPSECRET@github.com/acme'),
      (e) => isUserFacingError(e) && !e.message.includes('TOPSECRET'),
    );
  });
});
