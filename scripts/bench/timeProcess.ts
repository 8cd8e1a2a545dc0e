import { spawn } from 'node:child_process';
import { BenchError } from './benchError';

export interface TimedProcess {
  /** From spawn to the process's exit and closed pipes. */
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  /** The last few lines of stderr, for a message when it failed. */
  readonly stderrTail: string;
}

export interface TimeProcessOptions {
  readonly stdin?: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs `file args` (no shell) to completion and times it.
 * @throws BenchError when it cannot be started (e.g. the tool is not installed).
 */
export function timeProcess(file: string, args: readonly string[], opts: TimeProcessOptions = {}): Promise<TimedProcess> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString('utf8')).slice(-4000);
    });
    child.once('error', (e) => reject(new BenchError(`could not start ${file}: ${e.message}`, { cause: e })));
    child.stdin.on('error', (e: NodeJS.ErrnoException) => {
      // A tool that exits without reading all of its input is judged by its exit code.
      if (e.code !== 'EPIPE') reject(e);
    });
    child.stdin.end(opts.stdin ?? '');
    child.once('close', (code, signal) =>
      resolve({
        wallMs: performance.now() - started,
        exitCode: code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderrTail: err.trim().split('\n').slice(-5).join('\n'),
      }),
    );
  });
}

/**
 * `timeProcess`, then insists on exit code 0.
 * @throws BenchError when it cannot start or fails.
 */
export async function timeSuccess(file: string, args: readonly string[], opts: TimeProcessOptions = {}): Promise<TimedProcess> {
  const r = await timeProcess(file, args, opts);
  if (r.exitCode !== 0) {
    const how = r.signal ? `was killed by ${r.signal}` : `exited ${r.exitCode}`;
    throw new BenchError(`${file} ${how}${r.stderrTail ? `: ${r.stderrTail}` : ''}`);
  }
  return r;
}
