import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_CONCURRENCY, DEFAULT_REPLY_TEMPLATE, DEFAULT_RETRIES, DEFAULT_WORKERS, OPTION_BOUNDS } from '../../../src/model/options';

// package.json must say what model/options says: the settings editor enforces the manifest's
// bounds and shows its defaults, the code checks against OPTION_BOUNDS.
const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; minimum?: number; maximum?: number }> } };
};
const setting = (name: string) => manifest.contributes.configuration.properties[`prThreads.${name}`];

describe('the settings in package.json', () => {
  it('bound every whole-number setting as the CLI does', () => {
    for (const [name, option] of [['workers', 'workers'], ['maxConcurrency', 'maxConcurrency'], ['retries', 'retries']] as const) {
      assert.equal(setting(name).minimum, OPTION_BOUNDS[option].min, `${name} minimum`);
      assert.equal(setting(name).maximum, OPTION_BOUNDS[option].max, `${name} maximum`);
    }
  });

  it('default to what the CLI defaults to', () => {
    assert.equal(setting('workers').default, DEFAULT_WORKERS);
    assert.equal(setting('maxConcurrency').default, DEFAULT_MAX_CONCURRENCY);
    assert.equal(setting('retries').default, DEFAULT_RETRIES);
    assert.equal(setting('replyTemplate').default, DEFAULT_REPLY_TEMPLATE);
  });
});
