import { execFile } from 'node:child_process';
import { timeSuccess } from './timeProcess';

/** `seq N | xargs -P J -n1 sh -c CMD`, timed. */
export async function timeXargs(jobs: number, concurrency: number, command: string): Promise<number> {
  const lines = Array.from({ length: jobs }, (_, i) => `${i + 1}\n`).join('');
  return (await timeSuccess('xargs', [`-P${concurrency}`, '-n1', 'sh', '-c', command], { stdin: lines })).wallMs;
}

/** `parallel -j J CMD ::: $(seq N)`, timed (`--will-cite` only silences the citation notice). */
export async function timeGnuParallel(jobs: number, concurrency: number, command: string): Promise<number> {
  const args = Array.from({ length: jobs }, (_, i) => String(i + 1));
  return (await timeSuccess('parallel', ['--will-cite', `-j${concurrency}`, command, ':::', ...args])).wallMs;
}

export type Availability = { readonly available: true; readonly version: string } | { readonly available: false; readonly reason: string };

function run(file: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      // A missing tool or a failed install is an answer here, reported as the reason.
      resolve({ ok: !err, output: `${stdout}${stderr}`.trim() || (err ? err.message : '') });
    });
  });
}

async function gnuParallelVersion(): Promise<string | undefined> {
  const r = await run('parallel', ['--version'], 10_000);
  // moreutils ships a different `parallel`, which takes other options.
  const first = r.output.split('\n')[0] ?? '';
  return r.ok && first.startsWith('GNU parallel') ? first : undefined;
}

/**
 * GNU parallel, installed with `apt-get update && apt-get install -y parallel` when
 * missing. Never throws: when it cannot be had, the reason is returned.
 */
export async function ensureGnuParallel(log: (line: string) => void): Promise<Availability> {
  const have = await gnuParallelVersion();
  if (have) return { available: true, version: have };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return { available: false, reason: 'GNU parallel is not installed and installing it needs root (apt-get install parallel)' };
  }
  log('GNU parallel is missing: installing the Debian package `parallel` (apt-get update, apt-get install -y parallel)…');
  const update = await run('apt-get', ['update'], 120_000);
  if (!update.ok) return { available: false, reason: `apt-get update failed: ${lastLine(update.output)}` };
  const install = await run('apt-get', ['install', '-y', 'parallel'], 180_000);
  if (!install.ok) return { available: false, reason: `apt-get install -y parallel failed: ${lastLine(install.output)}` };
  const now = await gnuParallelVersion();
  return now ? { available: true, version: now } : { available: false, reason: 'the `parallel` installed by apt-get is not GNU parallel' };
}

function lastLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? 'no output';
}

