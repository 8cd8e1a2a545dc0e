import * as assert from 'node:assert/strict';
import { formatDuration, formatSummary, summarize } from '../../../../src/engine/report/summary';
import { JobResult, JobStatus } from '../../../../src/model/job';

function job(threadId: string, status: JobStatus, durationMs: number): JobResult {
  const started = status !== 'skipped';
  return {
    threadId,
    lane: 'worker-1',
    status,
    attempts: started ? 1 : 0,
    exitCode: status === 'fixed' ? 0 : null,
    signal: null,
    startedAt: started ? 1_700_000_000_000 : null,
    durationMs: started ? durationMs : 0,
  };
}

describe('summarize', () => {
  const results = [
    job('PRRT_a', 'fixed', 1000),
    job('PRRT_b', 'fixed', 3000),
    job('PRRT_c', 'failed', 5000),
    job('PRRT_d', 'timeout', 3000),
    job('PRRT_e', 'fixed', 200),
    job('PRRT_f', 'cancelled', 800),
    job('PRRT_g', 'skipped', 0),
  ];

  it('sums job time, divides by wall time, and averages over started jobs', () => {
    const s = summarize(results, { wallMs: 4000, requests: { queries: 5, mutations: 4 } });
    assert.equal(s.wallMs, 4000);
    assert.equal(s.sumMs, 13000);
    assert.equal(s.speedup, 3.25);
    assert.equal(s.started, 6);
    assert.equal(s.averageMs, 13000 / 6);
    assert.deepEqual(s.counts, { fixed: 3, failed: 1, timeout: 1, cancelled: 1, skipped: 1 });
    assert.deepEqual(s.requests, { queries: 5, mutations: 4 });
  });

  it('lists the five slowest started jobs, input order among equals', () => {
    const s = summarize(results, { wallMs: 4000, requests: { queries: 0, mutations: 0 } });
    assert.deepEqual(s.slowest, [
      { threadId: 'PRRT_c', durationMs: 5000, status: 'failed' },
      { threadId: 'PRRT_b', durationMs: 3000, status: 'fixed' },
      { threadId: 'PRRT_d', durationMs: 3000, status: 'timeout' },
      { threadId: 'PRRT_a', durationMs: 1000, status: 'fixed' },
      { threadId: 'PRRT_f', durationMs: 800, status: 'cancelled' },
    ]);
  });

  it('reports speedup 0 for a zero wall time and averages 0 when nothing started', () => {
    const s = summarize([job('PRRT_a', 'skipped', 0)], { wallMs: 0, requests: { queries: 1, mutations: 0 } });
    assert.deepEqual([s.speedup, s.averageMs, s.sumMs, s.slowest.length], [0, 0, 0, 0]);
  });
});

describe('formatDuration', () => {
  it('uses ms under a second, seconds with 2 then 1 decimals, then minutes and hours', () => {
    const cases: [number, string][] = [
      [0, '0 ms'],
      [840.4, '840 ms'],
      [999.4, '999 ms'],
      [999.6, '1.00 s'],
      [1250, '1.25 s'],
      [9994, '9.99 s'],
      [9996, '10.0 s'],
      [12_440, '12.4 s'],
      [59_940, '59.9 s'],
      [59_960, '1 m 00 s'],
      [125_000, '2 m 05 s'],
      [3_599_400, '59 m 59 s'],
      [3_720_000, '1 h 02 m'],
      [-5, '0 ms'],
    ];
    for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
  });
});

describe('formatSummary', () => {
  it('prints wall, sum, speedup, average, slowest, counts and requests', () => {
    const results = [job('PRRT_a', 'fixed', 12_000), job('PRRT_b', 'failed', 26_100), job('PRRT_c', 'fixed', 0)];
    const s = summarize(results, { wallMs: 12_400, requests: { queries: 5, mutations: 1 } });
    const labels: Record<string, string> = { PRRT_a: 'src/a.ts:12', PRRT_b: 'src/b.ts:3', PRRT_c: 'src/c.ts:1' };
    assert.deepEqual(formatSummary(s, { threadLabel: (id) => labels[id] }), [
      'Wall 12.4 s · jobs 38.1 s · speedup 3.07× · avg 12.7 s/thread',
      'Slowest: src/b.ts:3 26.1 s (failed), src/a.ts:12 12.0 s (fixed), src/c.ts:1 0 ms (fixed)',
      'Jobs: fixed 2, failed 1',
      'GitHub requests: 5 queries, 1 mutation',
    ]);
  });

  it('names other statuses only when they happened, and thread ids without labels', () => {
    const s = summarize([job('PRRT_a', 'timeout', 1500), job('PRRT_b', 'skipped', 0), job('PRRT_c', 'cancelled', 10)], {
      wallMs: 1500,
      requests: { queries: 1, mutations: 0 },
    });
    const lines = formatSummary(s);
    assert.equal(lines[1], 'Slowest: PRRT_a 1.50 s (timed out), PRRT_c 10 ms (cancelled)');
    assert.equal(lines[2], 'Jobs: fixed 0, failed 0, timed out 1, cancelled 1, skipped 1');
    assert.equal(lines[3], 'GitHub requests: 1 query, 0 mutations');
  });

  it('prints no speedup for a zero wall time and no Slowest line when nothing ran', () => {
    const s = summarize([job('PRRT_a', 'skipped', 0)], { wallMs: 0, requests: { queries: 0, mutations: 0 } });
    assert.deepEqual(formatSummary(s), [
      'Wall 0 ms · jobs 0 ms · speedup – · avg 0 ms/thread',
      'Jobs: fixed 0, failed 0, skipped 1',
      'GitHub requests: 0 queries, 0 mutations',
    ]);
  });

  it('keeps a hostile label on one line', () => {
    const s = summarize([job('PRRT_a', 'fixed', 5)], { wallMs: 5, requests: { queries: 0, mutations: 0 } });
    const lines = formatSummary(s, { threadLabel: () => 'a\nb\tc.ts:1' });
    assert.equal(lines[1], 'Slowest: a b c.ts:1 5 ms (fixed)');
  });
});
