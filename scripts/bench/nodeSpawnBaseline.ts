import { spawn } from 'node:child_process';
import { BenchError } from './benchError';

/**
 * The floor under any Node engine: `jobs` bare `spawn('sh', ['-c', command])` calls, at
 * most `concurrency` at once, with no scheduler, process group, environment, stdin or
 * output capture. The engine's wall minus this is what the engine itself adds; this minus
 * xargs is what Node's process spawning costs (it forks the whole Node process).
 * @throws BenchError when a command fails.
 */
export async function timeNodeSpawn(jobs: number, concurrency: number, command: string, cwd: string): Promise<number> {
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('sh', ['-c', command], { cwd, stdio: 'ignore' });
      child.once('error', (e) => reject(new BenchError(`could not start sh: ${e.message}`, { cause: e })));
      child.once('close', (code) => (code === 0 ? resolve() : reject(new BenchError(`sh -c ${command} exited ${code}`))));
    });
  const worker = async () => {
    while (next < jobs) {
      next++;
      await one();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs) }, worker));
  return performance.now() - started;
}
