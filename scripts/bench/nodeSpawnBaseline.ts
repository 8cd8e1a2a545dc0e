import { spawn } from 'node:child_process';
import { BenchError } from './benchError';

/** One `spawn('sh', ['-c', command])`, detached, with pipes; resolves when it closed. */
function spawnOnce(command: string, cwd: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    child.once('error', (e) => reject(new BenchError(`could not start sh: ${e.message}`, { cause: e })));
    // Read to the end (and drop), or 'close' would wait for a reader.
    child.stdout.resume();
    child.stderr.resume();
    child.once('close', (code, signal) => (code === 0 ? resolve() : reject(new BenchError(`sh -c ${command} ${signal ? `was killed by ${signal}` : `exited ${code}`}`))));
  });
}

/**
 * The floor under any Node runner of `sh -c` jobs that gives each its own process group and
 * its pipes: `jobs` bare `child_process.spawn('sh', ['-c', command])` calls, detached, with
 * stdin/stdout/stderr pipes, each waited for until it closed, at most `concurrency` at once,
 * and nothing else (no planner, scheduler, environment, stdin, body file, registry).
 * @returns the wall time in ms.
 * @throws BenchError when a command cannot start or fails.
 */
export async function timeNodeSpawn(jobs: number, concurrency: number, command: string, cwd: string): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < jobs) {
      next++;
      await spawnOnce(command, cwd);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs) }, worker));
  return performance.now() - started;
}
