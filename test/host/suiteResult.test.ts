import * as assert from 'node:assert/strict';
import { formatClosingLine, formatSuiteProgress, formatSuiteResult, isSuiteProgress, parseSuiteResult } from './suiteResult';

describe('suiteResult', () => {
  it('reads the final result among other log lines, wherever the line starts', () => {
    const output = ['  3 passing', `[prt:1234abcd] ${formatSuiteResult({ passed: 3, failed: 2 })}`, 'more noise'].join('\n');
    assert.deepEqual(parseSuiteResult(output), { passed: 3, failed: 2, complete: true });
  });

  it('prefers the final result over progress and the last result over earlier ones', () => {
    const output = [formatSuiteProgress({ passed: 1, failed: 0 }), formatSuiteResult({ passed: 1, failed: 0 }), formatSuiteResult({ passed: 4, failed: 1 }), formatSuiteProgress({ passed: 9, failed: 9 })].join('\n');
    assert.deepEqual(parseSuiteResult(output), { passed: 4, failed: 1, complete: true });
  });

  it('falls back to the last progress line when the suite never finished', () => {
    const output = [formatSuiteProgress({ passed: 1, failed: 0 }), formatSuiteProgress({ passed: 2, failed: 1 }), '  hang'].join('\n');
    assert.deepEqual(parseSuiteResult(output), { passed: 2, failed: 1, complete: false });
  });

  it('ignores lines that only mention the marker', () => {
    assert.equal(parseSuiteResult('PRT-RESULT is printed at the end\nPRT-RESULT {"passed":"3"}\nPRT-RESULT {oops'), undefined);
    assert.equal(parseSuiteResult(''), undefined);
  });

  it('tells progress lines apart and formats the closing line', () => {
    assert.equal(isSuiteProgress(formatSuiteProgress({ passed: 0, failed: 0 })), true);
    assert.equal(isSuiteProgress(formatSuiteResult({ passed: 0, failed: 0 })), false);
    assert.equal(formatClosingLine({ passed: 12, failed: 0 }), 'integration: 12 passed, 0 failed');
  });
});
