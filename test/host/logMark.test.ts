import * as assert from 'node:assert/strict';
import { markConsole, newLogMark } from './logMark';

describe('logMark', () => {
  it('makes fresh marks', () => {
    assert.notEqual(newLogMark(), newLogMark());
  });

  it('prefixes every line written through console until undone', () => {
    const original = globalThis.console;
    const written: string[] = [];
    const fake = { ...original, log: (s: string) => written.push(s), error: (s: string) => written.push(s) } as Console;
    globalThis.console = fake;
    try {
      const unmark = markConsole('[m] ');
      console.log('%s passing', 3);
      console.error('two\nlines');
      unmark();
      console.log('after');
      assert.equal(globalThis.console, fake);
    } finally {
      globalThis.console = original;
    }
    assert.deepEqual(written, ['[m] 3 passing', '[m] two\n[m] lines', 'after']);
  });
});
